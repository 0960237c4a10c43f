"""Import a scholar's own series into the built store, each in its own named graph.

``dipkg import followers FILE`` and ``dipkg import indicators FILE`` read a file, check every
row against the graph (known accounts, platforms, states) and report every problem with
file:line:column before writing anything; the written graph must then pass the violation
checks of the curated tables (``queries/checks/``, e.g. no count dated before its account was
opened), or the earlier graph is put back. A valid file replaces the graph ``import-<name>``
(``<name>`` defaults to the file's stem), so importing the same file twice gives the same
graph; a name taken by another file (``a/counts.csv`` and ``b/counts.csv``) is refused unless
the caller says ``replace``. The observations have exactly the shape of the curated ones (:mod:`kg.load.cube`), so
every named query reads both; the ``dataset`` column says whose they are. A rebuild
(``dipkg build``) carries the import graphs over into the new store.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from pyoxigraph import Literal, NamedNode, Quad, Store

from kg import iris, queries
from kg.csvrows import records
from kg.errors import DipkgError, InvalidDataError, Problem
from kg.load._rdf import any_uri, string, term
from kg.load.declared import Declared
from kg.namespaces import DC, DCTERMS, DK, GRAPH_BASE, PREFIXES, RDF, XSD
from kg.notices import tell
from kg.rowcheck import CellCheck, cell_check
from kg.schema import Table, shipped_schemas, utf8
from kg.values import Row, Triple, control_problems

PREFIX = "import-"
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: its dataset name, graph, observations and rows it skipped."""

    name: str
    graph: str
    observations: int
    skipped: list[str] = field(default_factory=list)


class CsvFile:
    """A CSV read with line numbers; ``display`` is the path as the user gave it."""

    def __init__(self, path: Path):
        if not path.is_file():
            raise DipkgError(f"no file {path}; give the path of a CSV file to import")
        self.path = path
        self.display = str(path)
        text, problem = utf8(path, self.display)
        if problem is not None:
            raise InvalidDataError([problem])
        rows = records(io.StringIO(text, newline=""), self.display)
        self.records: list[tuple[int, list[str]]] = [(line, [c.strip() for c in record]) for line, record in rows]

    def control_characters(self) -> list[Problem]:
        """A problem for each cell holding a control character (as for the curated tables)."""
        header = self.records[0][1] if self.records else []
        return [p for line, record in self.records for p in control_problems(self.display, line, record, header)]

    def problem(self, line: int | None, column: int | None, message: str) -> Problem:
        return Problem(self.display, line, column, message)


def rule(table: str, field: str, column: str) -> CellCheck:
    """The check a curated table's ``field`` gets in the build (:func:`kg.rowcheck.cell_check`), for
    the column ``column`` of an import file: one set of rules and messages for both."""
    curated = next(f for f in shipped_schemas()[table]["fields"] if f["name"] == field)
    return cell_check({**curated, "name": column})


def dataset_name(path: Path, name: str | None) -> str:
    """The import's name: ``name`` or the file's stem as a lowercase slug."""
    chosen = name if name is not None else iris.slug(path.stem)
    if not _NAME.match(chosen or ""):
        raise DipkgError(f"{chosen!r} is not a usable import name; use lowercase letters, digits and '-' "
                         "(--name my-series)")
    return chosen


def claim(store: Store, dataset: str, path: Path, *, replace: bool) -> None:
    """Refuse to write import ``dataset`` from ``path`` if another file holds the name, unless ``replace``.

    An import records the absolute path of its file (``dk:importedFrom``); one made before
    dipkg recorded paths holds only the file's name, which is then what is compared.
    """
    frame = listing(store)
    taken = frame[frame["name"] == PREFIX + dataset]
    if taken.empty or replace:
        return
    earlier = str(taken["file"].iloc[0])
    mine = str(path.resolve())
    if earlier == mine or ("/" not in earlier and earlier == path.name):
        return
    raise DipkgError(f"the import name {dataset!r} is taken by {earlier} (imported {taken['imported'].iloc[0]}); "
                     f"give this file another --name, or add --replace to replace that import with {mine}")


def import_graph(name: str) -> NamedNode:
    return iris.graph(PREFIX + name)


def mapping(table: str, dataset: str) -> Declared:
    """The declared mapping of the curated ``table`` for the rows of import ``dataset``: an import's
    observations have the shape of the curated ones."""
    tables = {name: Table(name, Path(f"{name}.csv"), schema) for name, schema in shipped_schemas().items()}
    return Declared(tables[table], tables, dataset=PREFIX + dataset)


#: What an importer adds to the observations of its rows (each with the row it came from).
More = Callable[[list[tuple[NamedNode, Row]]], Iterable[Triple]]


def write(store: Store, file: CsvFile, dataset: str, table: str, rows: list[Row], what: str, title: str,
          more: More = lambda observed: (), notes: Iterable[str] = (), cited: Mapping[str, Citation] | None = None,
          publisher: str | None = None) -> ImportResult:
    """Write ``rows`` as import ``dataset`` (:func:`replace`): rows in the layout of the curated
    ``table``, whose ``sources`` cell is a citation (each becomes a source of the import), mapped by
    the table's declaration (:func:`mapping`), with the dataset's node and what ``more`` adds;
    ``notes``: what the result says was skipped; ``cited``: how each citation is cited (else by its
    text); ``publisher``: who published the dataset."""
    if not rows:
        raise DipkgError(f"{file.display} has no {what} to import")
    keys, triples = sources(dataset, (row.values["sources"] for row in rows), cited)
    observations, observed = mapping(table, dataset), []
    triples += [*observations.dataset_node(title), *provenance_of(dataset, file.path)]
    if publisher:
        triples.append((iris.mint("dataset", PREFIX + dataset), term(DC.publisher), string(publisher)))
    for read in rows:
        row = Row(read.file, read.line, {**read.values, "sources": keys[read.values["sources"]]})
        observed.append((observations.subject(row), row))
        triples += observations.triples(row)
    triples += more(observed)
    replace(store, dataset, triples, {s.value: row.line for s, row in observed}, file, table)
    return ImportResult(dataset, import_graph(dataset).value, len(rows), list(notes))


def provenance_of(dataset: str, file: Path) -> list[Triple]:
    """Where an import's dataset came from: its file (its absolute path) and time."""
    ds = iris.mint("dataset", PREFIX + dataset)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    return [(ds, term(DK.importedFrom), string(str(file.resolve()))),
            (ds, term(DCTERMS.created), Literal(now, datatype=term(XSD.dateTime)))]


class Citation(NamedTuple):
    """How an import cites a document: its title (or the citation in words), its address and publisher."""

    title: str
    url: str | None = None
    publisher: str | None = None


def sources(dataset: str, texts: Iterable[str], cited: Mapping[str, Citation] | None = None
            ) -> tuple[dict[str, str], list[Triple]]:
    """One ``dk:Source`` per distinct citation text (its address and publisher as ``cited`` says, or its
    text if that is an address); returns text -> source key and the triples."""
    keys: dict[str, str] = {}
    triples: list[Triple] = []
    for n, text in enumerate(sorted(set(texts)), start=1):
        key = f"{PREFIX}{dataset}-{n}"
        keys[text] = key
        s = iris.mint("source", key)
        citation = (cited or {}).get(text) or Citation(text, text if re.match(r"^https?://\S+$", text) else None)
        triples += [(s, term(RDF.type), term(DK.Source)), (s, term(DCTERMS.identifier), string(key)),
                    (s, term(DCTERMS.title), string(text))]
        if citation.url:
            triples.append((s, term(DK.url), any_uri(citation.url)))
        if citation.publisher:
            triples.append((s, term(DC.publisher), string(citation.publisher)))
    return keys, triples


def replace(store: Store, dataset: str, triples: Iterable[Triple], lines: Mapping[str, int], file: CsvFile,
            table: str) -> int:
    """Write ``triples`` as the graph of import ``dataset``, replacing an earlier import, then run
    the violation checks (``queries/checks/``) the curated tables pass. If a row of ``file``
    breaks one, the earlier graph is put back and every such problem is raised at its line.

    ``lines`` maps each observation IRI to its line; ``table`` is the curated table whose
    columns the observations mirror (so a problem can name the column).
    """
    from kg.load import Origin
    from kg.validate import violations

    graph, aside = import_graph(dataset), set_aside(dataset)
    quads = [Quad(s, p, o, graph) for s, p, o in triples]
    had = store.contains_named_graph(graph)
    if had:   # the earlier import waits beside it, whole, until the new one has passed its checks
        move(store, graph, aside)
    try:
        store.extend(quads)
        origins = {iri: Origin(table, file.display, line) for iri, line in lines.items()}
        header = [h.lower() for h in file.records[0][1]] if file.records else []
        problems = [p for p in violations(store, origins, {table: header}, ontology=False) if p.file == file.display]
        if problems:
            raise InvalidDataError(problems)
    except BaseException:
        if had:
            move(store, aside, graph)   # in one transaction: the new graph is gone, the earlier one back
        else:
            store.remove_graph(graph)
        raise
    if had:
        store.remove_graph(aside)
    return len(quads)


#: The end of the name of the graph where an import's earlier graph waits while it is replaced.
ASIDE = ".previous"


def set_aside(dataset: str) -> NamedNode:
    """Where an import's earlier graph waits while it is replaced."""
    return import_graph(dataset + ASIDE)


def move(store: Store, source: NamedNode, target: NamedNode) -> None:
    """Replace graph ``target`` with graph ``source`` in one transaction (``queries/system/move-graph.ru``)."""
    store.update(queries.written(queries.update("move-graph"), {"source": source.value, "target": target.value}),
                 prefixes=PREFIXES)
    store.remove_graph(source)   # now empty: forget its name too


def recover(store: Store) -> list[str]:
    """Put back every import an interrupted replacement left aside (call it holding the write lock)."""
    done = []
    imports = import_graph("").value
    for graph in list(store.named_graphs()):
        if isinstance(graph, NamedNode) and graph.value.startswith(imports) and graph.value.endswith(ASIDE):
            dataset = graph.value.removeprefix(imports).removesuffix(ASIDE)
            move(store, graph, import_graph(dataset))
            done.append(f"put back the import {dataset}: its replacement was interrupted")
            tell(done[-1])
    return done


def listing(store: Store) -> pd.DataFrame:
    """The imports in ``store`` (``queries/system/imports.rq``)."""
    return queries.run(store, queries.system("imports"))


def drop(store: Store, dataset: str) -> None:
    """Remove the graph of import ``dataset``."""
    graph = import_graph(dataset)
    if not store.contains_named_graph(graph):
        known = ", ".join(n.removeprefix(PREFIX) for n in listing(store)["name"]) or "none"
        raise DipkgError(f"no import named {dataset!r} in the store (imports: {known})")
    store.remove_graph(graph)


def carry_over(old: Store, new: Store) -> list[str]:
    """Copy every import graph of ``old`` (and the ``wikidata`` graph of ``dipkg link wikidata``)
    into ``new`` (used by a rebuild); return their IRIs."""
    kept = []
    for graph in old.named_graphs():
        if graph.value.startswith(GRAPH_BASE + PREFIX) or graph.value == GRAPH_BASE + "wikidata":
            new.extend(list(old.quads_for_pattern(None, None, None, graph)))
            kept.append(graph.value)
    return kept


def lookup(store: Store, system_query: str) -> pd.DataFrame:
    """Run one of ``queries/system/*.rq`` (accounts, platforms, states) on ``store``."""
    return queries.run(store, queries.system(system_query))
