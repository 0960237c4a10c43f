"""Open, create and swap the embedded pyoxigraph store.

A build writes a new store beside the old one and swaps it in only when loading and
validation succeed, so bad input never damages a working graph.
"""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Store

from kg.errors import StoreError


def memory() -> Store:
    """A fresh in-memory store (tests, ``dipkg validate``)."""
    return Store()


def require(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise _a_file(path)
    if not path.is_dir():
        raise StoreError(
            f"no dipkg store at {path}. Run `dipkg build` first "
            "(or pass --store PATH to point at an existing store)."
        )
    if not is_store(path):
        raise StoreError(f"{path} is a folder but not a dipkg store; pass --store with the folder `dipkg build` "
                         "wrote (default .dipkg/store)")


def is_store(path: Path) -> bool:
    """Whether ``path`` holds an embedded store (RocksDB writes ``CURRENT`` first)."""
    return (path / "CURRENT").is_file()


def _a_file(path: Path) -> StoreError:
    return StoreError(f"{path} is a file, not a dipkg store; pass --store with a folder (`dipkg build` makes one)")


def holder(path: Path) -> str | None:
    """The process holding the store's lock, as "PID (command line)", where the system says (Linux)."""
    lock = (path / "LOCK").resolve()
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(Path(os.readlink(fd)) == lock for fd in fd_dir.iterdir()):
                pid = fd_dir.parent.name
                command = (fd_dir.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                return f"{pid} ({' '.join(command.split())[:120]})"
        except OSError:
            continue
    return None


def _locked(path: Path, exc: OSError) -> StoreError:
    if "lock" not in str(exc).lower():
        return StoreError(f"cannot open the store at {path}: {exc}")
    who = holder(path)
    by = f"process {who}" if who else "another process (`dipkg serve`, an import, a build or a notebook)"
    return StoreError(f"the store at {path} is in use by {by}; stop it or wait for it to finish, "
                      "then run the command again")


def open_read_only(path: Path) -> Store:
    """Open an existing on-disk store for reading."""
    require(path)
    try:
        return Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {path}: {exc}") from exc


def open_writable(path: Path) -> Store:
    """Open an existing on-disk store for writing (``dipkg import``)."""
    require(path)
    try:
        return Store(str(path))
    except OSError as exc:
        raise _locked(path, exc) from exc


@contextmanager
def staged(path: Path) -> Iterator[Store]:
    """Yield a new empty store beside ``path``; swap it in if the block succeeds.

    If the block raises, the new store is deleted and ``path`` is left as it was.
    """
    if path.exists() and not path.is_dir():
        raise _a_file(path)
    if path.is_dir() and any(path.iterdir()) and not is_store(path):
        raise StoreError(f"{path} is a folder with other files, not a dipkg store; a build would replace it: "
                         "pass --store with a new or empty folder, or an existing store")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder of the store {path}: {exc.strerror or exc}") from exc
    new = path.with_name(f"{path.name}.new-{os.getpid()}")
    old = path.with_name(f"{path.name}.old-{os.getpid()}")
    shutil.rmtree(new, ignore_errors=True)
    try:
        store = Store(str(new))
    except OSError as exc:
        raise StoreError(f"cannot create a store at {new}: {exc}") from exc
    try:
        yield store
        store.flush()
    except BaseException:
        del store
        gc.collect()
        shutil.rmtree(new, ignore_errors=True)
        raise
    del store  # closes the RocksDB handle before the directory moves
    gc.collect()
    if path.exists():
        path.rename(old)
    new.rename(path)
    shutil.rmtree(old, ignore_errors=True)


def ntriples(store: Store, graphs: Iterable[NamedNode]) -> bytes:
    """The triples of ``graphs`` as N-Triples, dumped by the engine (for the tools that read files:
    pySHACL, HermiT, reasonable)."""
    return b"".join(store.dump(format=RdfFormat.N_TRIPLES, from_graph=g) or b"" for g in graphs)
