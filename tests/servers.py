"""Servers the tests start on loopback: a free port, waiting until a URL answers, Oxigraph."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen | None = None, seconds: float = 10.0) -> None:
    """Poll ``url`` until it answers; fail if ``process`` stops or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"the server behind {url} stopped with exit code {process.returncode}") from None
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers at {url} after {seconds:g} s")


def start_oxigraph(location: Path, *, read_only: bool = False) -> tuple[subprocess.Popen, str]:
    """Start `oxigraph serve` (or `serve-read-only`) on a free port; return it and its base URL."""
    port = free_port()
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    server = subprocess.Popen([binary, "serve-read-only" if read_only else "serve", "--location", str(location),
                               "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/query?query=ASK%7B%7D", server)
    except RuntimeError:
        server.terminate()
        raise
    return server, base
