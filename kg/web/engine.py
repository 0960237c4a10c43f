"""Queries for the workbench: read-only, with a timeout, always on the current store.

Each query runs in a worker process that holds the store open read-only. The web server waits
for the answer at most ``timeout`` seconds; past that it stops the worker (the embedded engine
cannot cancel a query) and starts another, so a runaway query costs one process, never the
server. Before each query a worker compares the store's signature (the folder's identity and
the newest modification of its files) with the one it opened: a ``dipkg build`` swaps in a new
folder, a ``dipkg import`` or ``dipkg reason`` writes new files, and either way the worker
reopens the store, so the workbench answers from the new data without a restart.

:class:`InProcess` runs the same jobs in the calling process, without a timeout (``dipkg site``,
which renders every page once from a store it owns).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, QueryTriples, RdfFormat, Store, serialize

from kg.errors import DipkgError, QueryError, QueryTimeoutError, StoreError
from kg.prefixes import PREFIXES

#: What a SELECT answer is sent back as: its column names and rows of RDF terms.
Rows = tuple[list[str], list[list[Any]]]

#: Serialisations of answers by media type (SPARQL 1.1 Protocol).
RESULT_FORMATS = {"application/sparql-results+json": QueryResultsFormat.JSON,
                  "application/sparql-results+xml": QueryResultsFormat.XML,
                  "text/csv": QueryResultsFormat.CSV, "text/tab-separated-values": QueryResultsFormat.TSV}
GRAPH_FORMATS = {"text/turtle": RdfFormat.TURTLE, "application/ld+json": RdfFormat.JSON_LD,
                 "application/n-triples": RdfFormat.N_TRIPLES, "application/rdf+xml": RdfFormat.RDF_XML}


#: Short names a client may give as ``format=`` instead of an Accept header.
SHORT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
               "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
               "ttl": "text/turtle", "jsonld": "application/ld+json", "json-ld": "application/ld+json"}


def preferred(accept: str, offered: tuple[str, ...]) -> str | None:
    """The media type of ``offered`` that an ``Accept`` header (or a short name) prefers; ties go to
    the one offered first; ``None`` if it accepts none of them."""
    accept = SHORT_NAMES.get(accept.strip().lower(), accept)
    best: tuple[float, int, str] | None = None
    for item in accept.split(","):
        kind, *options = [part.strip() for part in item.split(";")]
        q = 1.0
        for option in options:
            name, _, value = option.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        for rank, media in enumerate(offered):
            matches = kind == media or kind == "*/*" or (kind.endswith("/*") and media.startswith(kind[:-1]))
            if matches and q > 0 and (best is None or (q, -rank) > (best[0], best[1])):
                best = (q, -rank, media)
    return best[2] if best else None


@dataclass(frozen=True)
class Job:
    """One query: ``select`` gives :data:`Rows` (or a boolean, or triples); ``serialise`` gives
    the answer as bytes in the format ``media_type`` (an Accept header) prefers, with its media type."""

    kind: str
    text: str
    media_type: str = ""


def signature(path: Path) -> tuple[int, int, int] | None:
    """What changes when a build swaps the store in (the folder's inode) or a writer adds to it
    (the newest file): ``None`` when there is no store (mid-swap, or never built)."""
    try:
        folder = path.stat()
        newest = max((entry.stat().st_mtime_ns for entry in os.scandir(path) if entry.is_file()), default=0)
    except OSError:
        return None
    return folder.st_ino, folder.st_mtime_ns, newest


def built_at(path: Path) -> float | None:
    """When the store at ``path`` was last written, as a POSIX time (its newest file)."""
    found = signature(path)
    return found[2] / 1e9 if found else None


#: What a worker sends before it copies the store into memory, and after: the pool does not count
#: the copy against a query's timeout.
LOADING, LOADED = ("loading",), ("loaded",)


class _Opened:
    """The store a worker holds, reopened when its signature changes: the on-disk store, or with
    ``in_memory`` a copy of it in memory (:func:`kg.store.copy_in_memory`), made again after each
    build or import. ``tell`` is given :data:`LOADING` before a copy and :data:`LOADED` after it."""

    def __init__(self, path: Path, in_memory: bool = False, tell: Callable[[tuple[str]], None] | None = None):
        self.path, self.in_memory, self.tell = path, in_memory, tell
        self.store: Store | None = None
        self.seen: tuple[int, int, int] | None = None

    def current(self) -> Store:
        now = signature(self.path)
        if now is None:
            self.store = None
            raise StoreError(f"no dipkg store at {self.path} just now (a build may be swapping it in); "
                             "try again in a moment, or run `dipkg build`")
        if self.store is None or now != self.seen:
            from kg.store import copy_in_memory, open_read_only

            self.store = None
            if self.in_memory:
                self._tell(LOADING)
                try:
                    self.store = copy_in_memory(self.path)
                finally:
                    self._tell(LOADED)
            else:
                self.store = open_read_only(self.path)
            self.seen = now
        return self.store

    def _tell(self, message: tuple[str]) -> None:
        if self.tell is not None:
            self.tell(message)

    def run(self, job: Job) -> Any:
        try:
            return execute(self.current(), job)
        except OSError:
            if signature(self.path) == self.seen:   # not the store's doing (a SERVICE call that failed)
                raise
            self.store = None   # a file the old handle needed was compacted away: reopen once
            return execute(self.current(), job)


def execute(store: Store, job: Job) -> Any:
    """Run ``job`` on ``store`` (the union of the named graphs as default graph, dipkg's prefixes)."""
    try:
        found = store.query(job.text, prefixes=PREFIXES, use_default_graph_as_union=True)
        if job.kind == "serialise":
            if isinstance(found, QueryTriples):
                media = preferred(job.media_type, tuple(GRAPH_FORMATS)) or "text/turtle"
                fmt = GRAPH_FORMATS[media]
                prefixes = PREFIXES if fmt in (RdfFormat.TURTLE, RdfFormat.JSON_LD, RdfFormat.RDF_XML) else None
                return media, serialize(list(found), format=fmt, prefixes=prefixes)
            media = preferred(job.media_type, tuple(RESULT_FORMATS)) or "application/sparql-results+json"
            return media, found.serialize(format=RESULT_FORMATS[media])
        if isinstance(found, QueryBoolean):
            return bool(found)
        if isinstance(found, QuerySolutions):
            columns = [v.value for v in found.variables]
            return columns, [[solution[c] for c in columns] for solution in found]
        return list(found)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except (RuntimeError, ValueError) as exc:
        raise QueryError(str(exc)) from None


def _work(connection: Connection, path: str, in_memory: bool = False) -> None:
    """A worker's loop: answer jobs until the connection closes. In memory, the copy is made at once,
    before the first job."""
    opened = _Opened(Path(path), in_memory, connection.send)
    if in_memory:
        with contextlib.suppress(DipkgError):   # no store just now: the first job says so
            opened.current()
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            connection.send(("ok", opened.run(job)))
        except DipkgError as exc:
            connection.send(("error", type(exc).__name__, str(exc)))
        except Exception as exc:   # noqa: BLE001  (sent back as a message; the server names it)
            connection.send(("error", "QueryError", f"{type(exc).__name__}: {exc}"))


def receive(connection: Connection, timeout: float) -> Any:
    """A worker's answer to the job just sent, within ``timeout`` seconds; a copy into memory the
    worker makes first (at its start, or after a build: :data:`LOADING` ... :data:`LOADED`) is
    waited for, as long as it takes, and not counted."""
    while True:
        if not connection.poll(timeout):
            raise QueryTimeoutError(f"the query ran longer than {timeout:g} s and was stopped "
                                    "(`dipkg serve --timeout SECONDS` gives queries longer)")
        message = connection.recv()
        if message == LOADING:
            connection.poll(None)
        elif message != LOADED:
            return message


class _Worker:
    def __init__(self, context: Any, path: Path, in_memory: bool = False):
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_work, args=(theirs, str(path), in_memory), daemon=True,
                                       name="dipkg-query")
        self.process.start()
        theirs.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


_ERRORS = {cls.__name__: cls for cls in (QueryError, StoreError, DipkgError)}


class Pool:
    """Worker processes answering jobs with a timeout (``dipkg serve``)."""

    def __init__(self, path: Path, timeout: float, workers: int = 2, in_memory: bool = False):
        """``in_memory``: each worker answers from a copy of the store in memory, made when it starts
        and after each build or import; the time a copy takes is not counted against a query's
        ``timeout``."""
        self.path, self.timeout, self.in_memory = path, timeout, in_memory
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._context, self.path, self.in_memory)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    @contextmanager
    def _worker(self) -> Iterator[_Worker]:
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeoutError(f"every query worker stayed busy for {self.timeout:g} s; "
                                    "try again when the running queries are done") from None
        try:
            yield worker
        except BaseException:
            self._replace(worker)
            raise
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._all.remove(worker)
        if not self._closed:
            self._add()

    def run(self, job: Job) -> Any:
        with self._worker() as worker:
            worker.connection.send(job)
            try:
                answer = receive(worker.connection, self.timeout)
            except EOFError:
                raise QueryError("the query stopped its worker (out of memory?); it was not answered") from None
        if answer[0] == "ok":
            return answer[1]
        raise _ERRORS.get(answer[1], QueryError)(answer[2])

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()


class InProcess:
    """The same jobs in this process, without a timeout (``dipkg site``, tests)."""

    def __init__(self, path: Path):
        self.path = path
        self._opened = _Opened(path)

    def run(self, job: Job) -> Any:
        return self._opened.run(job)

    def close(self) -> None:
        self._opened.store = None
