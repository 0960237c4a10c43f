"""Build the graph: schema check -> map rows to quads -> SHACL and violation checks -> swap.

Nothing is written to the target store unless every step succeeds.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Store

from kg import imports, queries
from kg import store as stores
from kg.derive import derive, label
from kg.errors import InvalidDataError, Problem, StoreError
from kg.load import Progress, labelled_as_streamed, load_ontology, load_streamed, load_tables, ontology_origins
from kg.load.derived import edges
from kg.notices import tell
from kg.schema import DataPackage, shipped_schemas
from kg.shaclchild import ShaclChild
from kg.validate import shacl_input, shacl_problems, violations


@dataclass(frozen=True)
class GraphCount:
    graph: str
    triples: int


def populate(data_dir: Path, store: Store, progress: Progress | None = None,
             carry: Callable[[Store], None] | None = None) -> list[GraphCount]:
    """Check ``data_dir`` and load it with the ontology into ``store``; then ``carry`` (the
    imports of a previous store) adds its graphs, and the triples of every graph are counted.

    Raises :class:`InvalidDataError` listing every problem (schema first: a table that does
    not match its schema is not mapped, and a streamed table's rows are checked as they are
    loaded; then SHACL and violation queries).
    """
    package = DataPackage(data_dir, required=shipped_schemas())
    _step(progress, "checking CSV schemas", 0, 1)
    problems = package.check(streamed_rows=False)  # the loaders check the rows of streamed tables
    _step(progress, "checking CSV schemas", 1, 1)
    if problems:
        raise InvalidDataError(problems + package.streamed_row_problems())  # every problem at once
    load_ontology(store)
    origins = load_tables(package, store, progress)
    edges(store)   # dk:recognises, org:memberOf (queries/derive/*.ru)
    origins.resolvers.append(ontology_origins())  # the quality checks of the ontology point at its Turtle
    headers = {name: table.header for name, table in package.tables.items()}
    # SHACL reads the mapped tables only (the streamed ones' rows are checked one by one as they
    # are written, their graphs by the violation queries; the standings and labels are in graphs
    # of their own), so it starts now, in a child process, on the core the steps up to the
    # streamed load leave free; it goes on while the streamed tables load (pySHACL is Python: in
    # a thread it held the GIL the loaders' reader needs). The engine dumps the tables for it
    # in a thread (without the GIL) while the standings are derived: 0.4 s at 1M triples.
    streamed: list[Problem] = []
    with ThreadPoolExecutor(1, thread_name_prefix="dipkg-shacl") as pool:
        starting = pool.submit(lambda: ShaclChild(*shacl_input(store)))
        try:
            derive(store)  # the standings under each viewpoint, the start of undated facts (queries/derive/)
        except BaseException:
            if starting.exception() is None:
                starting.result().stop()
            raise
    report = starting.result()
    try:
        # Every resource gets a label (queries/derive/labels.rq): those of the mapped tables here,
        # while the store is small (0.7 s at 1M triples, 1.3 s once the counts are in); the follower
        # counts are labelled as they stream (kg.load.cube). A table streamed with no labeller of
        # its own is labelled once it is loaded.
        streams_labelled = labelled_as_streamed(package)
        if streams_labelled:
            label(store)
        try:
            load_streamed(package, store, origins, progress)
        except InvalidDataError as bad:
            streamed = bad.problems
    except BaseException:
        report.stop()
        raise
    _step(progress, "validating (SHACL)", 0, 1)
    problems = shacl_problems(report.result(), origins, headers)
    _step(progress, "validating (SHACL)", 1, 1)
    if streamed:
        raise InvalidDataError(problems + streamed)
    if not streams_labelled:
        label(store)
    # The bulk loader leaves its files as it wrote them; compacting them once now makes every
    # later read several times faster (at 11M triples, digital-presence 4.5 s -> 0.7 s). The
    # violation queries, the imports carried over and the counts run meanwhile (RocksDB compacts
    # in its own threads): at 1M triples, 3.5 s for what took 5.5 s one after the other.
    _step(progress, "compacting the store and validating (checks)", 0, 1)
    with ThreadPoolExecutor(1) as pool:
        compacted = pool.submit(store.optimize)
        try:
            problems += violations(store, origins, headers)   # on the tables, before any import
            if problems:
                raise InvalidDataError(problems)
            if carry:
                carry(store)
            counts = graph_counts(store)
        finally:
            compacted.result()
    _step(progress, "compacting the store and validating (checks)", 1, 1)
    return counts


def build(data_dir: Path, path: Path, progress: Progress | None = None, force: bool = False) -> list[GraphCount]:
    """Build a new on-disk store at ``path`` from ``data_dir``; keep the old one on failure.

    The graphs a scholar imported into the old store (``dipkg import``) are copied into the new one.
    The build holds the store's write lock (:func:`kg.store.writer`) throughout, so no import can
    land in the old store after its graphs were copied.
    """
    carry = (lambda store: _carry_over(path, store, force)) if path.is_dir() else None
    with stores.writer(path):
        return stores.staged(path, lambda store: populate(data_dir, store, progress, carry=carry))


def _carry_over(path: Path, store: Store, force: bool) -> None:
    """Copy the imports of the store at ``path`` into ``store``; from a damaged one only with ``force``."""
    try:
        imports.carry_over(stores.open_read_only(path), store)
    except (StoreError, RuntimeError, OSError) as exc:
        if not force:
            raise exc if isinstance(exc, StoreError) else stores.damaged(path, exc) from None
        tell(f"the previous store at {path} could not be read ({' '.join(str(exc).split())[:160]}): "
             "its imports are not carried over; import them again")


def validate(data_dir: Path, progress: Progress | None = None) -> list[GraphCount]:
    """Run every check of :func:`build` in memory; write nothing."""
    return populate(data_dir, stores.memory(), progress)


def graph_counts(store: Store) -> list[GraphCount]:
    """Triples per named graph, by graph IRI (``queries/system/graph-sizes.rq``)."""
    frame = queries.run(store, queries.system("graph-sizes"))
    return [GraphCount(str(g), int(n)) for g, n in zip(frame["graph"], frame["triples"], strict=True)]


def _step(progress: Progress | None, what: str, done: int, total: int) -> None:
    if progress:
        progress(what, done, total)
