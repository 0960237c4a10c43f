"""Map table rows to quads, one named graph per table, as ``datapackage.json`` declares them.

Every table declares its mapping beside its schema (:mod:`kg.load.declared`): adding one needs no
Python, and a build compiles the declarations of the package it reads. Python is left for what a
declaration cannot say: what the streamed rows of a class derive as they stream
(:data:`STREAM_EXTRAS`: follower counts' labels and series, :mod:`kg.load.cube`). What the other
rows derive is SPARQL (:mod:`kg.load.derived`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from pyoxigraph import NamedNode, Quad, RdfFormat, Store

from kg import iris
from kg.errors import DipkgError, InvalidDataError, Problem
from kg.load._rdf import bulk_load_text, term
from kg.load.declared import ABOUT, STREAMED, Declared, columns, declared
from kg.load.derived import derived_from
from kg.namespaces import ONTOLOGY_IRI
from kg.paths import ontology_files
from kg.rowcheck import RowChecker, line_count
from kg.schema import DataPackage, Table, shipped_schemas
from kg.values import Progress, Row

ONTOLOGY_GRAPH = iris.graph("ontology")


@dataclass(frozen=True)
class Origin:
    """Where a subject was described: the table, its file and the row's line."""

    table: str
    file: str
    line: int


Resolver = Callable[[str], Origin | None]


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
    origins.resolvers.append(derived_from(origins.get))
    for name, table in package.tables.items():
        if not declared(table):
            raise DipkgError(f'table {name!r} of datapackage.json declares no mapping: give its schema a '
                             f'"{ABOUT}" (see "Adding a table" in the guide)')
        mapping = Declared(table, package.tables)
        _DECLARED_COLUMNS[name], _DECLARED_VALUES[name] = mapping.columns, mapping.by_value
        if not table.streamed:
            store.bulk_extend(_quads(name, table.rows, mapping, origins, progress))
    return origins


#: The columns of the tables the last build declared (its package's own declarations win), and
#: for a property several columns give, which column gives which kind of value.
_DECLARED_COLUMNS: dict[str, Mapping[str, str]] = {}
_DECLARED_VALUES: dict[str, Mapping[str, list[tuple[str, str]]]] = {}


def table_graphs(store: Store) -> list[NamedNode]:
    """The graphs of ``store`` that hold tables mapped row by row, the shipped ones and a scholar's
    own (which only the package the store was built from names): every graph but the ontology,
    what the build derives (the ``derived`` graph, each recognition tally's and each reach's), the streamed
    tables, the imports, and what later commands add (the ``wikidata`` graph of ``dipkg link``,
    the ``inferred`` graph of ``dipkg reason``)."""
    from kg.derive import DERIVED_GRAPH, GRAPH_KINDS
    from kg.imports import PREFIX as IMPORT
    from kg.linking import WIKIDATA_GRAPH
    from kg.rules import INFERRED_GRAPH

    others = {g.value for g in (ONTOLOGY_GRAPH, DERIVED_GRAPH, WIKIDATA_GRAPH, INFERRED_GRAPH)}
    others |= {iris.graph(name).value for name, schema in shipped_schemas().items() if schema.get(STREAMED)}
    return sorted((g for g in store.named_graphs() if isinstance(g, NamedNode) and g.value not in others
                   and not g.value.startswith(iris.graph(IMPORT).value)
                   and not any(iris.of_kind(g, kind) for kind in GRAPH_KINDS)),
                  key=lambda g: g.value)


def load_streamed(package: DataPackage, store: Store, origins: Origins, progress: Progress | None = None) -> None:
    """Load the streamed tables (``"dipkg:streamed": true``), each row checked as it is written (see
    :meth:`DataPackage.check`) and mapped by its declaration as N-Triples text that Oxigraph's bulk
    loader parses as it comes (:meth:`Declared.text`); add their resolvers to ``origins``. If a row
    has a problem, :class:`InvalidDataError` lists every one once all are loaded, and the store
    holds a partial graph to throw away."""
    problems: list[Problem] = []
    for table in package.tables.values():
        if table.streamed and table.path.is_file():
            checker, mapping = package.checker(table.name), Declared(table, package.tables)
            extras = [extra(store) for cls in mapping.classes for extra in STREAM_EXTRAS.get(cls.value, [])]
            # lenient: the text is ours, every IRI minted from checked keys (IRI validation would cost ~10%)
            bulk_load_text(store, _text(checker, mapping, extras, progress), iris.graph(table.name))
            origins.resolvers.append(_resolver(table, mapping))
            problems += checker.problems
    if problems:
        raise InvalidDataError(problems)


class StreamExtra(Protocol):
    """What the rows of a class derive as they stream: text per row, and text once all are read."""

    def row(self, subject: str, values: Mapping[str, str]) -> str: ...

    def end(self, table: Table, mapping: Declared) -> Iterator[str]: ...


#: Class IRI -> what the streamed rows of that class derive (:mod:`kg.load.cube`: the counts'
#: labels and the edges that chain a series), made from the store the earlier tables were loaded in.
STREAM_EXTRAS: dict[str, list[Callable[[Store], StreamExtra]]] = {}

#: The classes whose streamed rows a :data:`STREAM_EXTRAS` entry labels as they stream; any other
#: streamed class is labelled by ``queries/derive/labels.rq`` once loaded (:func:`labelled_as_streamed`).
LABELLED_AS_STREAMED: set[str] = set()


def labelled_as_streamed(package: DataPackage) -> bool:
    """Whether every streamed table's rows are labelled as they stream, so that the labels of the
    other tables can be written before they load (:func:`kg.build.populate`)."""
    return all(cls.value in LABELLED_AS_STREAMED for table in package.tables.values()
               if table.streamed and table.path.is_file() for cls in Declared(table, package.tables).classes)


#: Report a streamed table's progress every this many rows.
STEP = 20_000


def _text(checker: RowChecker, mapping: Declared, extras: list[StreamExtra], progress: Progress | None
          ) -> Iterator[str]:
    table = checker.table
    text, total = mapping.text(table.header, table.display), line_count(table.path) - 1 if progress else 0
    yield mapping.header_text()
    done = 0
    for done, (line, record) in enumerate(checker.rows(), start=1):
        s, triples = text(line, record)
        if extras:
            values = dict(zip(table.header, record, strict=False))
            triples += "".join([extra.row(s, values) for extra in extras])
        yield triples
        if progress and done % STEP == 0:
            progress(f"loading {table.name}", done, max(done, total))
    if progress:
        progress(f"loading {table.name}", done, done)
    if not checker.problems:  # a table with problems is not loaded: its keys may hold no dates
        for extra in extras:
            yield from extra.end(table, mapping)


def _resolver(table: Table, mapping: Declared) -> Resolver:
    """Where a subject of a streamed table was described: its key is in ``table.keys``; the subjects'
    IRIs are made from the keys the first time a problem needs one."""
    lines: dict[str, int] = {}
    subject = mapping.key_text(table.primary_key)

    def resolve(iri: str) -> Origin | None:
        if not lines:
            for key, at in table.keys.items():
                lines[subject(key)[1:-1]] = at
        found = lines.get(iri)
        return Origin(table.name, table.display, found) if found else None

    return resolve


def _quads(name: str, rows: list[Row], mapping: Declared, origins: dict[str, Origin],
           progress: Progress | None) -> Iterator[Quad]:
    """Stream a table's quads (Oxigraph's bulk loader writes them without holding them all),
    recording the row each subject came from."""
    graph = iris.graph(name)
    total = len(rows)
    for done, row in enumerate(rows, start=1):
        origin = Origin(name, row.file, row.line)
        origins.setdefault(mapping.subject(row).value, origin)
        for s, p, o in mapping.triples(row):
            origins.setdefault(s.value, origin)  # also nodes a row describes, e.g. a region
            yield Quad(s, p, o, graph)
        if progress and (done % 1000 == 0 or done == total):
            progress(f"loading {name}", done, total)


def column_of(table: str, predicate: str, value: str | None = None) -> str | None:
    """The column of ``table`` a predicate's values come from, as its declaration says (the package
    of the last build, else the shipped one); where several columns give the predicate, the one
    whose values look like ``value`` (an IRI), if given."""
    alternatives = _DECLARED_VALUES.get(table, {}).get(predicate, [])
    if len(alternatives) > 1 and value is not None:
        for column, kind in alternatives:
            if iris.of_kind(value, kind):
                return column
    return _DECLARED_COLUMNS.get(table, _shipped_columns(table)).get(predicate)


@cache
def _shipped_columns(table: str) -> Mapping[str, str]:
    """The columns the shipped package declares for ``table`` (made once: the docs ask per property)."""
    schema = shipped_schemas().get(table, {})
    return columns(schema) if ABOUT in schema else {}


__all__ = ["LABELLED_AS_STREAMED", "ONTOLOGY_GRAPH", "STREAM_EXTRAS", "Origin", "Origins", "Progress", "Resolver",
           "column_of", "labelled_as_streamed", "load_ontology", "load_streamed", "load_tables", "ontology_origins",
           "term"]

# What streamed rows derive registers itself on import.
from kg.load import cube  # noqa: E402,F401
