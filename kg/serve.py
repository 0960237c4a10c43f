"""``dipkg serve``: the workbench (:mod:`kg.web`) on the built store, with uvicorn.

Read-only, bound to 127.0.0.1 unless another address is asked for, with a query timeout that
is kept (a query past it is stopped and answered with HTTP 504). One process holds the port;
its query workers are its children and stop with it, on Ctrl-C or SIGTERM alike.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import DipkgError
from kg.web.guard import DEFAULT_SERVICES

DEFAULT_BIND = "127.0.0.1:7878"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


@dataclass(frozen=True)
class Server:
    """How to run the workbench, and where to reach it."""

    store: Path
    host: str
    port: int
    timeout: float = 30
    services: tuple[str, ...] = DEFAULT_SERVICES
    workers: int = 2
    #: Answer from a copy of the store in memory (:func:`kg.store.copy_in_memory`)
    in_memory: bool = False

    @property
    def base(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "[::]") else self.host
        return f"http://{host}:{self.port}"

    @property
    def urls(self) -> dict[str, str]:
        return {"workbench (browser)": f"{self.base}/", "SPARQL editor": f"{self.base}/editor",
                "SPARQL endpoint": f"{self.base}/sparql"}

    @property
    def public(self) -> bool:
        return self.host not in LOOPBACK


def plan(store: Path, bind: str = DEFAULT_BIND, timeout: float = 30,
         services: tuple[str, ...] = DEFAULT_SERVICES, workers: int = 2, in_memory: bool = False) -> Server:
    """The workbench for ``store`` on ``bind`` (``HOST:PORT``)."""
    from kg.store import require

    require(store)
    host, sep, port = bind.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise DipkgError(f"--bind {bind!r} is not HOST:PORT (e.g. 127.0.0.1:7878)")
    if timeout <= 0:
        raise DipkgError(f"--timeout {timeout:g} must be a positive number of seconds")
    if workers < 1:
        raise DipkgError(f"--workers {workers} must be at least 1")
    for service in services:
        if not service.startswith(("http://", "https://")):
            raise DipkgError(f"--allow-service {service!r} is not an http(s) URL")
    return Server(store, host.strip("[]") if host.startswith("[") else host, int(port), timeout, services, workers,
                  in_memory)


def _socket(server: Server) -> socket.socket:
    family = socket.AF_INET6 if ":" in server.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((server.host, server.port))
    except OSError as exc:
        sock.close()
        why = "is in use (is another dipkg serve running?)" if exc.errno == 98 else f"cannot be used: {exc.strerror}"
        raise DipkgError(f"port {server.port} on {server.host} {why}; pass --bind HOST:PORT") from None
    sock.set_inheritable(True)
    return sock


def _uvicorn() -> type:
    import uvicorn

    class Quiet(uvicorn.Server):
        """uvicorn's server, stopping on Ctrl-C or SIGTERM alike and then returning (uvicorn raises the
        signal again once stopped, which would end the process before the workers are stopped)."""

        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            original = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for sig, handler in original.items():
                    signal.signal(sig, handler)

    return Quiet


def run(server: Server, started: Callable[[Server], None] | None = None) -> int:
    """Serve until Ctrl-C or SIGTERM; return 0 when stopped."""
    import uvicorn

    from kg.web.app import create
    from kg.web.engine import Pool
    from kg.web.workbench import Workbench

    sock = _socket(server)
    pool = Pool(server.store, server.timeout, server.workers, server.in_memory)
    try:
        app = create(Workbench(pool, server.store, server.services))
        config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=5, lifespan="off")
        if started is not None:
            started(server)
        _uvicorn()(config).run(sockets=[sock])
    finally:
        pool.close()
        sock.close()
    return 0
