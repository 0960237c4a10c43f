"""``dipkg serve``: the Oxigraph server (PyPI ``oxigraph``) on the built store.

Read-only by default (``oxigraph serve-read-only``: other processes may read the store too),
bound to 127.0.0.1 unless another address is asked for, with the union of the named graphs as
the default graph (as in ``dipkg query``) and a query timeout. The server's own page, at the
root URL, is a query editor for the browser.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.errors import DipkgError, StoreError

DEFAULT_BIND = "127.0.0.1:7878"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


@dataclass(frozen=True)
class Server:
    """How to run the server, and where to reach it."""

    command: list[str]
    host: str
    port: int
    writable: bool

    @property
    def base(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "[::]") else self.host
        return f"http://{host}:{self.port}"

    @property
    def urls(self) -> dict[str, str]:
        urls = {"query page (browser)": f"{self.base}/", "SPARQL query endpoint": f"{self.base}/query"}
        if self.writable:
            urls |= {"SPARQL update endpoint": f"{self.base}/update", "graph store": f"{self.base}/store"}
        return urls

    @property
    def public(self) -> bool:
        return self.host not in LOOPBACK


def binary() -> str:
    """The ``oxigraph`` server executable installed with dipkg."""
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    if not Path(found).is_file():
        raise DipkgError("the oxigraph server is not installed; run `pip install oxigraph==0.5.13` (make install does)")
    return found


def plan(store: Path, bind: str = DEFAULT_BIND, timeout: int = 30, writable: bool = False) -> Server:
    """The server for ``store`` on ``bind`` (``HOST:PORT``)."""
    if not store.is_dir():
        raise StoreError(f"no dipkg store at {store}. Run `dipkg build` first (or pass --store PATH).")
    host, sep, port = bind.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise DipkgError(f"--bind {bind!r} is not HOST:PORT (e.g. 127.0.0.1:7878)")
    command = [binary(), "serve" if writable else "serve-read-only", "--location", str(store), "--bind", bind,
               "--union-default-graph", "--timeout-s", str(timeout)]
    return Server(command, host, int(port), writable)


def run(server: Server) -> int:
    """Run the server in the foreground until it stops or Ctrl-C; return its exit code."""
    process = subprocess.Popen(server.command)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        return 0
