"""Open, create and swap the embedded pyoxigraph store.

A build writes a new store beside the old one and swaps it in only when loading and
validation succeed, so bad input never damages a working graph.

One writer at a time: every command that writes (build, import, drop, reason, link) holds an
exclusive OS lock on ``<store>.lock`` beside the store (:func:`writer`), waits a bounded time for
another writer with a message naming it, and lets go when it ends, however it ends (the system
releases the lock of a dead process). Holding the lock, a writer first recovers from a swap a
crash interrupted (:func:`recover`): the previous store is put back if the new one never
arrived, and the folders of unfinished builds are removed.
"""

from __future__ import annotations

import fcntl
import gc
import os
import shutil
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from pyoxigraph import NamedNode, RdfFormat, Store

from kg.errors import StoreError
from kg.notices import tell

T = TypeVar("T")


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


def damaged(path: Path | None, exc: BaseException) -> StoreError:
    """The error of a store whose files are damaged, saying how to rebuild it."""
    where = f" at {path}" if path else ""
    store = f" --store {path}" if path else ""
    return StoreError(f"the store{where} is damaged ({' '.join(str(exc).split())[:200]}). Rebuild it with "
                      f"`dipkg build{store} --force`, which keeps the imports it can still read")


def tidy(path: Path) -> None:
    """For a reader: recover from an interrupted swap (:func:`recover`) if a crash left folders beside
    the store and no writer is at work (one that is may be making them)."""
    if not any(_leftovers(path, "old")) and not any(_leftovers(path, "new")):
        return
    try:
        with writer(path, wait=0):
            pass
    except StoreError:
        if not path.exists():
            raise


def open_read_only(path: Path) -> Store:
    """Open an existing on-disk store for reading (after :func:`tidy`)."""
    tidy(path)
    require(path)
    try:
        return Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {path}: {exc}") from exc
    except RuntimeError as exc:
        raise damaged(path, exc) from None


def copy_in_memory(path: Path) -> Store:
    """An in-memory copy of the on-disk store at ``path`` (``dipkg serve --in-memory``,
    ``KnowledgeGraph.open(path, in_memory=True)``): the same quads, answered without the on-disk
    store's lookups (the named questions 3-7x faster at 1.45M triples), at the cost of memory
    (about 0.5 GiB per million triples) and of the copy (8-11 s per million triples on 2 cores).
    A snapshot: what is written to the store afterwards is not in it.

    The copy is made in a thread of its own, so that its millions of allocations go to another
    of the C library's memory arenas: the thread that asks the questions then plans each one in
    a small arena of its own. Made in the asking thread, the copy left Oxigraph's planning of
    ``traditional-reach`` 1.6x slower (1.16 against 0.71 ms) and the answer 1.4x slower (2.83
    against 2.01 ms) at 1.46M triples."""
    source = open_read_only(path)
    made: list[Store] = []
    failed: list[Exception] = []

    def copy() -> None:
        try:
            target = Store()
            target.bulk_extend(source.quads_for_pattern(None, None, None, None))
            made.append(target)
        except Exception as exc:   # noqa: BLE001  (raised again in the asking thread)
            failed.append(exc)

    # The copy holds the GIL until it is done (as it did in the asking thread), so Ctrl-C is
    # handled after it; a daemon thread, so that nothing waits for it at exit.
    thread = threading.Thread(target=copy, name="dipkg-copy", daemon=True)
    thread.start()
    thread.join()
    if not failed:
        return made[0]
    error = failed[0]
    if isinstance(error, RuntimeError):
        raise damaged(path, error) from None
    if isinstance(error, OSError):
        raise StoreError(f"cannot read the store at {path}: {error}") from error
    raise error


def open_writable(path: Path) -> Store:
    """Open an existing on-disk store for writing (``dipkg import``)."""
    require(path)
    try:
        return Store(str(path))
    except OSError as exc:
        raise _locked(path, exc) from exc
    except RuntimeError as exc:
        raise damaged(path, exc) from None


def staged(path: Path, fill: Callable[[Store], T]) -> T:
    """Fill a new empty store beside ``path`` with ``fill``; swap it in if ``fill`` succeeds.

    If ``fill`` raises, the new store is deleted and ``path`` is left as it was. ``fill`` gets the
    only handle on the new store and must not keep it: RocksDB closes a store when its last
    handle goes, and the store must be closed before its folder moves (a handle still open
    then writes its last changes to the old path, which no longer exists).
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
    # a name of its own per attempt: a failed attempt's store may not be closed yet in this process
    attempt = f"{os.getpid()}-{time.monotonic_ns()}"
    new, old = _beside(path, "new", attempt), _beside(path, "old", attempt)
    shutil.rmtree(new, ignore_errors=True)
    try:
        store = Store(str(new))
    except OSError as exc:
        raise StoreError(f"cannot create a store at {new}: {exc}") from exc
    try:
        result = fill(store)
        store.flush()
    except BaseException as exc:
        # the frames of fill that the traceback keeps hold the store too
        traceback.clear_frames(exc.__traceback__)
        del store
        gc.collect()
        shutil.rmtree(new, ignore_errors=True)
        raise
    del store  # the last handle: RocksDB closes the store before its folder moves
    gc.collect()
    if path.exists():
        path.rename(old)
    new.rename(path)
    shutil.rmtree(old, ignore_errors=True)
    return result


#: How long a writer waits for another one before giving up (seconds; ``DIPKG_LOCK_WAIT`` overrides).
LOCK_WAIT = float(os.environ.get("DIPKG_LOCK_WAIT", "120"))


def named(path: Path) -> None:
    """Refuse a store path that names no folder of its own (``.``, ``..``, ``/``)."""
    if path.name in ("", ".", ".."):
        raise StoreError(f"--store {path} names {'the current folder' if path.name != '..' else 'a parent folder'}, "
                         "not a folder for the store: give one, e.g. --store .dipkg/store")


def lock_path(path: Path) -> Path:
    """The lock file of the store at ``path``: ``<store>.lock`` beside it."""
    return path.with_name(f"{path.name}.lock")


@contextmanager
def writer(path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the store's write lock for the block; first recover from an interrupted swap.

    Raises :class:`StoreError` naming the holder when another writer keeps it longer than ``wait``
    seconds (:data:`LOCK_WAIT`)."""
    wait = LOCK_WAIT if wait is None else wait
    named(path)
    if path.exists() and not path.is_dir():
        raise _a_file(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"cannot create the lock of the store {path}: {exc.strerror or exc}") from exc
    try:
        deadline, told = time.monotonic() + wait, False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                who = _holder_of(handle)
                if time.monotonic() >= deadline:
                    raise StoreError(f"the store at {path} is being written by {who}; waited {wait:g} s. Run the "
                                     "command again when it is done") from None
                if not told:
                    tell(f"waiting for the store at {path}: {who} is writing it")
                    told = True
                time.sleep(0.1)
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()} {' '.join(sys.argv)[:200]}\n".encode(), 0)
        recover(path)
        try:
            yield
        finally:
            os.ftruncate(handle, 0)
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def _holder_of(handle: int) -> str:
    try:
        text = os.pread(handle, 400, 0).decode(errors="replace").strip()
    except OSError:
        text = ""
    pid, _, command = text.partition(" ")
    return f"process {pid} ({command})" if pid.isdigit() else "another dipkg process"


def _beside(path: Path, which: str, attempt: str) -> Path:
    """Where a swap (:func:`staged`) keeps the ``new`` store it builds, or the ``old`` one it replaces."""
    return path.with_name(f"{path.name}.{which}-{attempt}")


def _leftovers(path: Path, which: str) -> Iterator[Path]:
    """The ``old`` or ``new`` stores of swaps beside ``path`` (a crash may leave them)."""
    return path.parent.glob(_beside(path, which, "*").name)


def recover(path: Path) -> list[str]:
    """Finish what a crash left (call it holding the write lock): put the previous store back if
    the swap stopped before the new one arrived, and remove the folders of unfinished builds. Return
    what was done, each also told (:mod:`kg.notices`)."""
    done = []
    olds = sorted(_leftovers(path, "old"), key=lambda p: p.stat().st_mtime, reverse=True)
    if not path.exists() and olds and is_store(olds[0]):
        olds[0].rename(path)
        done.append(f"put back the store {path} from {olds[0].name}: a build stopped while swapping it in "
                    "(run `dipkg build` again for the new data)")
        olds = olds[1:]
    for leftover in [*olds, *_leftovers(path, "new")]:
        shutil.rmtree(leftover, ignore_errors=True)
        done.append(f"removed {leftover.name}, left by an unfinished build")
    for message in done:
        tell(message)
    return done


def ntriples(store: Store, graphs: Iterable[NamedNode]) -> bytes:
    """The triples of ``graphs`` as N-Triples, dumped by the engine (for the tools that read files:
    pySHACL, HermiT, reasonable)."""
    return b"".join(store.dump(format=RdfFormat.N_TRIPLES, from_graph=g) or b"" for g in graphs)
