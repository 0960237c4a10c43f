"""Map table rows to quads through a registry: one mapper per table, one named graph each.

Most tables declare their mapping in ``datapackage.json`` (:mod:`kg.load.declared`): adding such a
table needs no Python, and a build compiles the declarations of the package it reads. The
registry also holds the shipped package's declared tables (so the docs and the checks know their
columns), and the few mappers written in Python: the Data Cube observations (:mod:`kg.load.cube`),
and the tables whose rows derive more than their own description.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from pyoxigraph import NamedNode, Quad, RdfFormat, Store
from rdflib import URIRef

from kg import iris
from kg.errors import DipkgError, InvalidDataError, Problem
from kg.load._rdf import term
from kg.load.declared import ABOUT, Declared, declared
from kg.namespaces import ONTOLOGY_IRI
from kg.paths import ontology_files
from kg.rowcheck import RowChecker
from kg.schema import DataPackage, Table, shipped_schemas
from kg.values import Progress, Row, Triple

RowMapper = Callable[[Row], Iterable[Triple]]

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


Resolver = Callable[[str], Origin | None]
#: How a streamed table is loaded (see :class:`kg.schema.DataPackage`): its rows are never held, so
#: the loader reads them from its checker (each row checked as it is written; the problems are
#: collected in ``checker.problems``) and returns how to find the row of one of its subjects.
StreamedLoader = Callable[[RowChecker, Store, Progress | None], Resolver]
STREAMED: dict[str, StreamedLoader] = {}
_STREAMED_COLUMNS: dict[str, dict[str, str]] = {}


def register_streamed(table: str, *, columns: Mapping[URIRef, str] | None = None
                      ) -> Callable[[StreamedLoader], StreamedLoader]:
    """Register the loader of a streamed table (``columns`` as for :func:`register`)."""

    def decorate(loader: StreamedLoader) -> StreamedLoader:
        if table in REGISTRY or table in STREAMED:
            raise ValueError(f"a mapper for table {table!r} is already registered")
        STREAMED[table] = loader
        _STREAMED_COLUMNS[table] = {str(k): v for k, v in (columns or {}).items()}
        return loader

    return decorate


class Origins(dict[str, Origin]):
    """Subject IRI -> the row that described it. Subjects of streamed tables are not stored:
    their loaders' resolvers find the row from the subject's key when a problem needs it."""

    def __init__(self) -> None:
        super().__init__()
        self.resolvers: list[Resolver] = []

    def get(self, key: str, default: Origin | None = None) -> Origin | None:  # type: ignore[override]
        found = super().get(key)
        for resolve in self.resolvers:
            if found is not None:
                break
            found = resolve(key)
        return found if found is not None else default


def load_ontology(store: Store) -> None:
    """Load ``ontology/dipkg.ttl`` and ``ontology/vocab/*.ttl`` into the ontology graph."""
    for path in ontology_files():
        store.load(path=str(path), format=RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)


_DESCRIBED = re.compile(r"^(dk:[A-Za-z][\w-]*|<[^>\s]+>)(?=\s|$)")


def ontology_origins() -> Resolver:
    """Where the ontology describes a term (or its header): the file and the line that starts its
    description (``dk:Term a ...``), so a quality check's problem points at the Turtle to fix."""
    found: dict[str, Origin] = {}
    for path in ontology_files():
        display = f"{path.parent.name}/{path.name}"
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if match := _DESCRIBED.match(text):
                name = match.group(1)
                iri = f"{ONTOLOGY_IRI}#{name[3:]}" if name.startswith("dk:") else name[1:-1]
                found.setdefault(iri, Origin("ontology", display, number))
    return found.get


def load_tables(package: DataPackage, store: Store, progress: Progress | None = None) -> Origins:
    """Map every row of every table but the streamed ones into its named graph; return
    subject -> origin (the streamed tables come after, with :func:`load_streamed`)."""
    origins = Origins()
    _adopt_shipped_mappings(package)
    for name, table in package.tables.items():
        if name in STREAMED:
            if not table.streamed:
                raise DipkgError(f"table {name!r} is streamed by its loader: read the package with "
                                 f"DataPackage(..., streamed=kg.load.STREAMED)")
            continue
        mapper = _declared(table, package) if declared(table) else REGISTRY.get(name)
        if mapper is None:
            raise DipkgError(
                f"no loader is registered for table {name!r} of datapackage.json; "
                f"known tables: {', '.join(sorted(REGISTRY))}"
            )
        store.bulk_extend(_quads(name, table.rows, mapper, origins, progress))
    return origins


Derivation = Callable[[Row], Iterable[Triple]]
#: Table -> what each of its rows derives beyond its declared description (:mod:`kg.load.derived`).
DERIVATIONS: dict[str, Derivation] = {}


def derivation(table: str) -> Callable[[Derivation], Derivation]:
    """Register what each row of declared table ``table`` derives (written into its graph)."""

    def decorate(derive: Derivation) -> Derivation:
        if table in DERIVATIONS:
            raise ValueError(f"a derivation for table {table!r} is already registered")
        DERIVATIONS[table] = derive
        return derive

    return decorate


#: The columns of the tables the last build declared (its package's own declarations win), and
#: for a property several columns give, which column gives which kind of value.
_DECLARED_COLUMNS: dict[str, Mapping[str, str]] = {}
_DECLARED_VALUES: dict[str, Mapping[str, list[tuple[str, str]]]] = {}


def _declared(table: Table, package: DataPackage) -> Mapper:
    mapping = Declared(table, package.tables)
    _DECLARED_COLUMNS[table.name] = mapping.columns
    _DECLARED_VALUES[table.name] = mapping.by_value
    derive = DERIVATIONS.get(table.name)

    def map_row(row: Row) -> Iterator[Triple]:
        yield from mapping.triples(row)
        if derive is not None:
            yield from derive(row)

    return Mapper(table.name, mapping.subject, map_row, mapping.columns)


#: What a field of a declared table says about its mapping (which an older package adopts).
_MAPPING_KEYS = ("dipkg:property", "dipkg:precisionProperty", "dipkg:countsFrom", "dipkg:value", "dipkg:datatype",
                 "dipkg:default", "dipkg:list")


def _adopt_shipped_mappings(package: DataPackage) -> None:
    """Give a table of ``package`` that declares no mapping the one the shipped package declares
    for a table of that name, column by column (a data package written before dipkg read
    mappings from it builds the same graph)."""
    for name, table in package.tables.items():
        shipped = shipped_schemas().get(name)
        if shipped is None or ABOUT not in shipped or declared(table):
            continue
        schema = dict(table.schema)
        for key in ("dipkg:about", "dipkg:class"):
            if key in shipped:
                schema[key] = shipped[key]
        by_name = {f["name"]: f for f in shipped.get("fields", [])}
        schema["fields"] = [{**f, **{k: v for k, v in by_name.get(f["name"], {}).items() if k in _MAPPING_KEYS}}
                            for f in schema.get("fields", [])]
        table.schema = schema


def table_graphs(store: Store) -> list[NamedNode]:
    """The graphs of ``store`` that hold tables mapped row by row, the shipped ones and a scholar's
    own (which only the package the store was built from names): every graph but the ontology,
    what the build derives, the streamed tables, the imports, and what later commands add (the
    ``wikidata`` graph of ``dipkg link``, the ``inferred`` graph of ``dipkg reason``)."""
    from kg.derive import DERIVED_GRAPH, VIEWPOINTS_GRAPH
    from kg.imports import PREFIX as IMPORT
    from kg.linking import WIKIDATA_GRAPH
    from kg.rules import INFERRED_GRAPH

    others = {g.value for g in (ONTOLOGY_GRAPH, DERIVED_GRAPH, VIEWPOINTS_GRAPH, WIKIDATA_GRAPH, INFERRED_GRAPH)}
    others |= {iris.graph(name).value for name in STREAMED}
    return sorted((g for g in store.named_graphs() if isinstance(g, NamedNode) and g.value not in others
                   and not g.value.startswith(iris.graph(IMPORT).value)), key=lambda g: g.value)


def load_streamed(package: DataPackage, store: Store, origins: Origins, progress: Progress | None = None) -> None:
    """Load the streamed tables, each row checked as it is written (see :meth:`DataPackage.check`),
    and add their resolvers to ``origins``. If a row has a problem, :class:`InvalidDataError`
    lists every one once all are loaded, and the store holds a partial graph to throw away."""
    problems: list[Problem] = []
    for name, table in package.tables.items():
        if name in STREAMED and table.path.is_file():
            checker = package.checker(name)
            origins.resolvers.append(STREAMED[name](checker, store, progress))
            problems += checker.problems
    if problems:
        raise InvalidDataError(problems)


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
            yield Quad(s, p, o, graph)
        if progress and (done % 1000 == 0 or done == total):
            progress(f"loading {name}", done, total)


def column_of(table: str, predicate: str, value: str | None = None) -> str | None:
    """The column of ``table`` a predicate's values come from, if the mapping says; where several
    columns give the predicate, the one whose values look like ``value`` (an IRI), if given."""
    alternatives = _DECLARED_VALUES.get(table, {}).get(predicate, [])
    if len(alternatives) > 1 and value is not None:
        for column, kind in alternatives:
            if iris.of_kind(value, kind):
                return column
    if table in _DECLARED_COLUMNS:
        return _DECLARED_COLUMNS[table].get(predicate)
    mapper = REGISTRY.get(table)
    return mapper.columns.get(predicate) if mapper else _STREAMED_COLUMNS.get(table, {}).get(predicate)


__all__ = ["ONTOLOGY_GRAPH", "REGISTRY", "STREAMED", "Mapper", "Origin", "Origins", "Progress", "Resolver",
           "column_of", "load_ontology", "load_streamed", "load_tables", "ontology_origins", "register",
           "register_streamed", "term"]

def _register_shipped_declarations() -> None:
    """Put the shipped package's declared tables into the registry: their subjects and columns,
    for the docs and the checks; a build compiles their triples from the package it reads."""
    from kg.load.declared import columns, kind_and_key

    for name, schema in shipped_schemas().items():
        if name in REGISTRY or ABOUT not in schema:
            continue
        kind, key = kind_and_key(schema)

        def subject(row: Row, kind: iris.Kind = kind, key: str = key) -> NamedNode:
            return iris.mint(kind, row.get(key) or "")

        def unbuilt(row: Row) -> Iterable[Triple]:
            raise DipkgError("a declared table is mapped by the build from its package (kg.load.load_tables)")

        REGISTRY[name] = Mapper(name, subject, unbuilt, columns(schema))


# The mappers written in Python (the Data Cube tables) and the derivations register themselves on
# import; the declared tables of the shipped package are registered from its datapackage.json.
from kg.load import derived, follower_observations, indicators  # noqa: E402,F401

_register_shipped_declarations()
