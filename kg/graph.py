"""``KnowledgeGraph``: the Python API. The CLI is a thin client of this class."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import pandas as pd
from pyoxigraph import Store

from kg import build as builder
from kg import export as exporter
from kg import imports, queries
from kg import store as stores
from kg.build import GraphCount, Progress
from kg.imports import ImportResult, followers, indicators
from kg.paths import DATA_DIR, DEFAULT_STORE


class KnowledgeGraph:
    """A dipkg graph in an embedded store.

    >>> kg = KnowledgeGraph.build()                      # in memory, from data/
    >>> kg.query("recognizers-as-of", as_of="2010-01-01", viewpoint="kosovo")
    """

    def __init__(self, store: Store, path: Path | None = None):
        self.store = store
        self.path = path

    @classmethod
    def open(cls, path: Path = DEFAULT_STORE) -> KnowledgeGraph:
        """Open a store built by ``dipkg build`` (read-only)."""
        return cls(stores.open_read_only(Path(path)), Path(path))

    @classmethod
    def open_for_import(cls, path: Path = DEFAULT_STORE) -> KnowledgeGraph:
        """Open a built store for writing imports (one writer at a time)."""
        return cls(stores.open_writable(Path(path)), Path(path))

    @classmethod
    def build(cls, data_dir: Path = DATA_DIR, path: Path | None = None,
              progress: Progress | None = None) -> KnowledgeGraph:
        """Check and load ``data_dir``. With ``path``, write an on-disk store there (swapped in
        only on success) and open it; without, build in memory."""
        if path is None:
            store = stores.memory()
            builder.populate(Path(data_dir), store, progress)
            return cls(store)
        builder.build(Path(data_dir), Path(path), progress)
        return cls.open(Path(path))

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        """Run a named query (or a ``.rq`` file) with parameters; return a typed DataFrame."""
        return queries.run(self.store, queries.resolve(name), params)

    def import_followers(self, path: Path, **options: Any) -> ImportResult:
        """Import a file of follower counts into its own graph (see :mod:`kg.imports.followers`)."""
        return followers.load(self.store, Path(path), **options)

    def import_indicators(self, path: Path, **options: Any) -> ImportResult:
        """Import a World Bank bulk CSV into its own graph (see :mod:`kg.imports.indicators`)."""
        return indicators.load(self.store, Path(path), **options)

    def imports(self) -> pd.DataFrame:
        """The imported datasets: name, kind, file, time and number of observations."""
        return imports.listing(self.store)

    def graph_counts(self) -> list[GraphCount]:
        return builder.graph_counts(self.store)

    def class_counts(self) -> pd.DataFrame:
        """Instances per class, from ``queries/system/entities-per-class.rq``."""
        return queries.run(self.store, queries.system("entities-per-class"))

    def export(self, output: IO[bytes], fmt: str = "ttl") -> None:
        """Serialise the graph (see :mod:`kg.export` for formats)."""
        exporter.export(self.store, output, fmt)
