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


def _require(path: Path) -> None:
    if not path.is_dir():
        raise StoreError(
            f"no dipkg store at {path}. Run `dipkg build` first "
            "(or pass --store PATH to point at an existing store)."
        )


def open_read_only(path: Path) -> Store:
    """Open an existing on-disk store for reading."""
    _require(path)
    try:
        return Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {path}: {exc}") from exc


def open_writable(path: Path) -> Store:
    """Open an existing on-disk store for writing (``dipkg import``)."""
    _require(path)
    try:
        return Store(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {path} for writing (is `dipkg serve` or another "
                         f"dipkg process using it?): {exc}") from exc


@contextmanager
def staged(path: Path) -> Iterator[Store]:
    """Yield a new empty store beside ``path``; swap it in if the block succeeds.

    If the block raises, the new store is deleted and ``path`` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
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
