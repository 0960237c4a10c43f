"""Map table rows to quads through a registry: one mapper per table, one named graph each.

Adding a table touches one place: a module here that decorates its row mapper with
:func:`register`, imported at the bottom of this file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from pyoxigraph import NamedNode, Quad, RdfFormat, Store
from rdflib import URIRef

from kg import iris
from kg.errors import DipkgError
from kg.load._rdf import term
from kg.paths import ontology_files
from kg.schema import DataPackage, Row

Triple = tuple[NamedNode, NamedNode, object]
RowMapper = Callable[[Row], Iterable[Triple]]
Progress = Callable[[str, int, int], None]

ONTOLOGY_GRAPH = iris.graph("ontology")


@dataclass(frozen=True)
class Mapper:
    """How one table becomes RDF: the subject a row describes, its triples, and which
    column each predicate came from (so validation errors can name the column)."""

    table: str
    subject: Callable[[Row], NamedNode]
    map_row: RowMapper
    columns: Mapping[str, str] = field(default_factory=dict)


REGISTRY: dict[str, Mapper] = {}


def register(
    table: str, *, subject: Callable[[Row], NamedNode], columns: Mapping[URIRef, str] | None = None
) -> Callable[[RowMapper], RowMapper]:
    """Register ``map_row`` as the mapper of ``table``."""

    def decorate(map_row: RowMapper) -> RowMapper:
        if table in REGISTRY:
            raise ValueError(f"a mapper for table {table!r} is already registered")
        cols = {str(k): v for k, v in (columns or {}).items()}
        REGISTRY[table] = Mapper(table, subject, map_row, cols)
        return map_row

    return decorate


@dataclass(frozen=True)
class Origin:
    """Where a subject was described: the table, its file and the row's line."""

    table: str
    file: str
    line: int


def load_ontology(store: Store) -> None:
    """Load ``ontology/dipkg.ttl`` and ``ontology/vocab/*.ttl`` into the ontology graph."""
    for path in ontology_files():
        store.load(path=str(path), format=RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)


def load_tables(package: DataPackage, store: Store, progress: Progress | None = None) -> dict[str, Origin]:
    """Map every row of every table into its named graph; return subject -> origin."""
    origins: dict[str, Origin] = {}
    for name, table in package.tables.items():
        mapper = REGISTRY.get(name)
        if mapper is None:
            raise DipkgError(
                f"no loader is registered for table {name!r} of datapackage.json; "
                f"known tables: {', '.join(sorted(REGISTRY))}"
            )
        store.bulk_extend(_quads(name, table.rows, mapper, origins, progress))
    return origins


def _quads(name: str, rows: list[Row], mapper: Mapper, origins: dict[str, Origin],
           progress: Progress | None) -> Iterator[Quad]:
    """Stream a table's quads (Oxigraph's bulk loader writes them without holding them all),
    recording the row each subject came from."""
    graph = iris.graph(name)
    total = len(rows)
    for done, row in enumerate(rows, start=1):
        origin = Origin(name, row.file, row.line)
        origins.setdefault(mapper.subject(row).value, origin)
        for s, p, o in mapper.map_row(row):
            origins.setdefault(s.value, origin)  # also nodes a row derives, e.g. UN memberships
            yield Quad(s, p, o, graph)  # type: ignore[arg-type]
        if progress and (done % 1000 == 0 or done == total):
            progress(f"loading {name}", done, total)


def column_of(table: str, predicate: str) -> str | None:
    """The column of ``table`` a predicate's values come from, if the mapper says."""
    mapper = REGISTRY.get(table)
    return mapper.columns.get(predicate) if mapper else None


__all__ = ["ONTOLOGY_GRAPH", "REGISTRY", "Mapper", "Origin", "Progress", "column_of", "load_ontology",
           "load_tables", "register", "term"]

# Table mappers register themselves on import.
from kg.load import (  # noqa: E402,F401
    accounts,
    applications,
    campaigns,
    external,
    follower_observations,
    incidents,
    indicators,
    memberships,
    missions,
    organisations,
    platforms,
    recognitions,
    relations,
    sources,
    states,
    withdrawal_claims,
)
