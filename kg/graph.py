"""``KnowledgeGraph``: the Python API. The command line is a thin client of this class.

>>> from kg import KnowledgeGraph
>>> with KnowledgeGraph.open() as graph:             # the store `dipkg build` wrote
...     graph.query("recognisers-as-of", as_of="2012-12-31", viewpoint="serbia")

Everything the command line does is a method here: build and validate, the named questions and
their parameters, export, statistics, imports, reasoning, Wikidata, push, serve and plot. A graph
opened from disk holds the store's lock until it is closed (``with`` closes it).
"""

from __future__ import annotations

import contextlib
import gc
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from pyoxigraph import Store

from kg import queries
from kg import store as stores
from kg.errors import DipkgError, StoreError
from kg.paths import DATA_DIR, DEFAULT_STORE

if TYPE_CHECKING:
    import pandas as pd

    from kg.answers import Answer
    from kg.build import GraphCount, Progress
    from kg.imports import ImportResult
    from kg.linking import LinkReport
    from kg.plot import Plotted
    from kg.reason import Reasoning
    from kg.remote import Pushed
    from kg.serve import Server
    from kg.wikidata import Client


class KnowledgeGraph:
    """A dipkg graph in an embedded store (on disk, or in memory)."""

    def __init__(self, store: Store, path: Path | None = None, writable: bool = False,
                 lock: contextlib.ExitStack | None = None):
        self._store: Store | None = store
        self.path = path
        self.writable = writable
        self._lock = lock
        #: Triples per named graph as :meth:`build` wrote them (``None`` for a graph opened).
        self.built: list[GraphCount] | None = None

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str = DEFAULT_STORE, *, writable: bool = False, in_memory: bool = False
             ) -> KnowledgeGraph:
        """Open a store built by ``dipkg build``: read-only (any number of readers), or writable
        (one writer: imports, reasoning, linking). ``in_memory`` reads the whole store into memory
        first (:func:`kg.store.copy_in_memory`: many questions asked of one graph answer several
        times faster; the copy takes seconds per million triples and does not see later writes)."""
        path = Path(path)
        if in_memory and writable:
            raise DipkgError("a graph opened in memory is a read-only copy; open it writable without in_memory")
        if in_memory:
            return cls(stores.copy_in_memory(path), path)
        if not writable:
            return cls(stores.open_read_only(path), path)
        lock = contextlib.ExitStack()
        try:
            stores.require(path)
            lock.enter_context(stores.writer(path))   # one writer at a time, until close()
            store = stores.open_writable(path)
            from kg import imports

            imports.recover(store)   # an import replaced when the process died is put back
            return cls(store, path, True, lock)
        except BaseException:
            lock.close()
            raise

    @classmethod
    def open_for_import(cls, path: Path | str = DEFAULT_STORE) -> KnowledgeGraph:
        """``open(path, writable=True)``."""
        return cls.open(path, writable=True)

    @classmethod
    def build(cls, data_dir: Path | str = DATA_DIR, path: Path | str | None = None,
              progress: Progress | None = None, force: bool = False) -> KnowledgeGraph:
        """Check and load ``data_dir``. With ``path``, write an on-disk store there (swapped in
        only on success) and open it; without, build in memory. ``force`` replaces a damaged store,
        keeping the imports that can still be read from it. ``graph.built`` holds the triples per
        graph as the build wrote them (counted beside the compaction, not again)."""
        from kg import build as builder

        if path is None:
            store = stores.memory()
            counts = builder.populate(Path(data_dir), store, progress)
            graph = cls(store)
        else:
            counts = builder.build(Path(data_dir), Path(path), progress, force=force)
            graph = cls.open(Path(path))
        graph.built = counts
        return graph

    @staticmethod
    def validate(data_dir: Path | str = DATA_DIR, progress: Progress | None = None) -> list[GraphCount]:
        """Every check of :meth:`build` without writing; raises ``InvalidDataError`` listing the problems."""
        from kg import build as builder

        return builder.validate(Path(data_dir), progress)

    @property
    def store(self) -> Store:
        """The pyoxigraph store (for SPARQL of your own: ``graph.store.query(...)``)."""
        if self._store is None:
            raise StoreError(f"the graph at {self.path} is closed; open it again with KnowledgeGraph.open()")
        return self._store

    def close(self) -> None:
        """Release the store (and its lock). The object cannot be used afterwards."""
        self._store = None
        if self.writable:
            gc.collect()  # RocksDB lets go of its lock only when the last reference is collected
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, kind: object, error: object, trace: TracebackType | None) -> None:
        if trace is not None:
            # The frames of a failed call still refer to the store; let them go, so that the lock
            # is released now, not when the exception is collected.
            traceback.clear_frames(trace)
        self.close()

    # -- questions ---------------------------------------------------------------------------------

    @staticmethod
    def queries() -> dict[str, queries.NamedQuery]:
        """The named questions by name, each with its title, description, tags and parameters."""
        return queries.registry()

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        """Run a named question (or a ``.rq`` file) with parameters; return a typed DataFrame.

        Dates may be ``datetime.date``, ``datetime.datetime``, ``pandas.Timestamp``,
        ``numpy.datetime64`` or ISO text; list parameters take lists or tuples. Unknown ids raise
        ``ParameterError`` with the closest known ones."""
        return queries.run(self.store, queries.resolve(name), params, check_ids=True)

    def answer(self, name: str, **params: Any) -> Answer:
        """:meth:`query` as plain Python values (columns and rows), without building a DataFrame."""
        return queries.answer(self.store, queries.resolve(name), params, check_ids=True)

    # -- the graph's contents ----------------------------------------------------------------------

    def graph_counts(self) -> list[GraphCount]:
        """Triples per named graph."""
        from kg import build as builder

        return builder.graph_counts(self.store)

    def class_counts(self) -> pd.DataFrame:
        """Instances per class, from ``queries/system/entities-per-class.rq``."""
        return queries.run(self.store, queries.system("entities-per-class"))

    def export(self, output: IO[bytes] | Path | str, fmt: str = "ttl") -> None:
        """Serialise the graph to a binary file object or a path (see :mod:`kg.export` for formats);
        a path's missing folders are created."""
        from kg import export as exporter

        if isinstance(output, str | Path):
            target = Path(output)
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as fh:
                exporter.export(self.store, fh, fmt)
            return
        exporter.export(self.store, output, fmt)

    # -- imports -----------------------------------------------------------------------------------

    def import_followers(self, path: Path | str, **options: Any) -> ImportResult:
        """Import a file of follower counts into its own graph (see :mod:`kg.imports.followers`)."""
        from kg.imports import followers

        return followers.load(self.store, Path(path), **options)

    def import_indicators(self, path: Path | str, **options: Any) -> ImportResult:
        """Import a World Bank bulk CSV into its own graph (see :mod:`kg.imports.indicators`)."""
        from kg.imports import indicators

        return indicators.load(self.store, Path(path), **options)

    def imports(self) -> pd.DataFrame:
        """The imported datasets: name, kind, file, time and number of observations."""
        from kg import imports

        return imports.listing(self.store)

    def drop_import(self, name: str) -> None:
        """Remove an import's graph (``name`` as :meth:`imports` lists it)."""
        from kg import imports

        imports.drop(self.store, name.removeprefix(imports.PREFIX))

    # -- reasoning and Wikidata ----------------------------------------------------------------------

    def reason(self, engine: str = "hermit", progress: Progress | None = None) -> Reasoning:
        """Check consistency and write the inferred classes (see :mod:`kg.reason`; needs ``dipkg[reason]``)."""
        from kg import reason as reasoning

        return reasoning.reason(self.store, engine, progress)

    def link_wikidata(self, client: Client | None = None, only: list[str] | None = None) -> LinkReport:
        """Check the Wikidata ids we hold and propose ids we lack (see :mod:`kg.linking`)."""
        from kg import linking, wikidata

        return linking.link(self.store, client or wikidata.Client(), only)

    def compare_wikidata(self, client: Client | None = None) -> pd.DataFrame:
        """Where our facts and Wikidata's statements disagree (see :mod:`kg.comparing`)."""
        from kg import comparing, wikidata

        return comparing.compare(self.store, client or wikidata.Client())

    def quickstatements(self, client: Client | None = None) -> list[str]:
        """QuickStatements for sourced facts Wikidata lacks, for a person to review."""
        from kg import comparing, wikidata

        return comparing.quickstatements(self.store, client or wikidata.Client())

    # -- other servers -------------------------------------------------------------------------------

    def push(self, endpoint: str, graph_store: str | None = None, user: str | None = None,
             password: str | None = None, add: bool = False, progress: Progress | None = None) -> list[Pushed]:
        """Upload every named graph to a SPARQL 1.1 server and check the remote counts."""
        from kg import remote

        target = remote.Endpoint.of(endpoint, graph_store, user, password)
        return remote.push(self.store, target, add=add, progress=progress)

    @staticmethod
    def server(path: Path | str = DEFAULT_STORE, bind: str = "127.0.0.1:7878", timeout: float = 30,
               services: tuple[str, ...] | None = None, workers: int = 2, in_memory: bool = False) -> Server:
        """How ``dipkg serve`` serves the workbench on the store at ``path`` (run it with :meth:`serve`):
        read-only, queries stopped after ``timeout`` seconds, SERVICE calls only to ``services``
        (Wikidata's endpoint by default); with ``in_memory``, each worker answers from a copy of the
        store in memory. The server opens the store itself: no graph needs to be open."""
        from kg import serve as serving
        from kg.web.guard import DEFAULT_SERVICES

        return serving.plan(Path(path), bind, timeout, DEFAULT_SERVICES if services is None else services, workers,
                            in_memory)

    @staticmethod
    def serve(server: Server, started: Callable[[Server], None] | None = None) -> int:
        """Run the workbench ``server`` in the foreground until Ctrl-C or SIGTERM; return 0 when stopped."""
        from kg import serve as serving

        return serving.run(server, started)

    def plot(self, name: str, output: Path | str | None = None, params: Mapping[str, Any] | None = None) -> Plotted:
        """Draw a named question as a figure (needs ``dipkg[plot]``); with ``output``, save it there
        (the format from its suffix)."""
        from kg.extras import require

        require("matplotlib")
        from kg import plot as plots

        drawn = plots.figure(self, name, params or {})
        if output is not None:
            plots.save(drawn, Path(output))
        return drawn
