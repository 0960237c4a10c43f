"""Check a loaded graph: SHACL shapes (pySHACL) and ``queries/checks/*-violation.rq``.

Each violation is reported at the file, line and column of the row that described the
offending resource, so a scholar fixes the CSV, not the graph.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import islice

import rdflib
from pyoxigraph import NamedNode, RdfFormat, Store

from kg import iris
from kg.errors import Problem
from kg.load import ONTOLOGY_GRAPH, Origin, column_of
from kg.namespaces import PREFIXES, RDF, SH
from kg.paths import CHECKS_DIR, SHAPES_FILE
from kg.queries import load_query_file


def check(store: Store, origins: Mapping[str, Origin], data_files: Mapping[str, list[str]]) -> list[Problem]:
    """Every SHACL and violation-query problem in ``store``."""
    return shacl(store, origins, data_files) + violations(store, origins, data_files)


#: Observation graphs larger than this are checked by the violation queries only: pySHACL
#: works in memory through rdflib and would take minutes on millions of observations.
SHACL_OBSERVATIONS_LIMIT = 50_000
OBSERVATION_GRAPHS = {iris.graph("follower_observations").value, iris.graph("indicators").value}


def _shacl_graphs(store: Store) -> list[NamedNode]:
    """The data graphs pySHACL checks: all but the ontology and large observation graphs."""
    def large(graph: NamedNode) -> bool:
        quads = store.quads_for_pattern(None, None, None, graph)
        return next(islice(quads, SHACL_OBSERVATIONS_LIMIT, None), None) is not None

    return [g for g in store.named_graphs() if isinstance(g, NamedNode) and g != ONTOLOGY_GRAPH
            and not (g.value in OBSERVATION_GRAPHS and large(g))]


def _split(store: Store) -> tuple[rdflib.Graph, rdflib.Graph]:
    """The data graphs (see :func:`_shacl_graphs`) and the ontology graph as rdflib graphs
    (each graph dumped as N-Triples by the engine)."""
    def text(graph: NamedNode) -> bytes:
        return store.dump(format=RdfFormat.N_TRIPLES, from_graph=graph) or b""

    data = b"".join(text(g) for g in _shacl_graphs(store))
    return (rdflib.Graph().parse(data=data, format="nt"),
            rdflib.Graph().parse(data=text(ONTOLOGY_GRAPH), format="nt"))


def _locate(focus: str, prop: str | None, message: str, origins: Mapping[str, Origin],
            headers: Mapping[str, list[str]]) -> Problem:
    origin = origins.get(focus)
    if origin is None:
        return Problem("graph", None, None, f"<{focus}>: {message}")
    column = column_of(origin.table, prop) if prop else None
    header = headers.get(origin.table, [])
    col = header.index(column) + 1 if column in header else None
    where = f' (column "{column}")' if column and col is None else ""
    return Problem(origin.file, origin.line, col, message + where)


def shacl(store: Store, origins: Mapping[str, Origin], headers: Mapping[str, list[str]]) -> list[Problem]:
    """Run ``ontology/shapes.ttl`` over the data graphs (the ontology supplies subclasses)."""
    from pyshacl import validate as pyshacl_validate

    shapes = rdflib.Graph().parse(SHAPES_FILE, format="turtle")
    data, ontology = _split(store)
    conforms, results, _ = pyshacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
    )
    if conforms:
        return []
    problems = []
    assert isinstance(results, rdflib.Graph)
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = str(results.value(result, SH.focusNode))
        path = results.value(result, SH.resultPath)
        message = str(results.value(result, SH.resultMessage) or "violates a shape")
        value = results.value(result, SH.value)
        if value is not None and str(value) not in message:
            message += f" (value: {value.n3(results.namespace_manager) if isinstance(value, rdflib.URIRef) else value})"
        problems.append(_locate(focus, str(path) if path else None, message, origins, headers))
    return problems


def violations(store: Store, origins: Mapping[str, Origin], headers: Mapping[str, list[str]]) -> list[Problem]:
    """Run every ``queries/checks/*-violation.rq``: each row it returns is a problem.

    A check projects ``?focus`` (the offending resource) and ``?message``, and may project
    ``?property`` so the problem can name the column.
    """
    problems = []
    for path in sorted(CHECKS_DIR.glob("*-violation.rq")):
        query = load_query_file(path)
        solutions = store.query(query.text, prefixes=PREFIXES, use_default_graph_as_union=True)
        names = {v.value for v in solutions.variables}  # type: ignore[union-attr]
        for solution in solutions:  # type: ignore[union-attr]
            focus = solution["focus"]
            prop = solution["property"] if "property" in names else None
            message = solution["message"]
            problems.append(_locate(
                focus.value if focus is not None else "",
                prop.value if prop is not None else None,
                f"{message.value if message is not None else query.title} [{query.name}]",
                origins, headers))
    return problems


__all__ = ["check", "shacl", "violations"]
