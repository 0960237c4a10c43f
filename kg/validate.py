"""Check a loaded graph: SHACL shapes (pySHACL) and ``queries/checks/*-violation.rq``.

Each violation is reported at the file, line and column of the row that described the
offending resource, so a scholar fixes the CSV, not the graph.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph
import rdflib
from pyoxigraph import NamedNode, Store

from kg.errors import Problem
from kg.load import ONTOLOGY_GRAPH, Origin, column_of, table_graphs
from kg.namespaces import PREFIXES, RDF, SH, XSD
from kg.paths import CHECKS_DIR, SHAPES_FILE
from kg.queries import load_query_file
from kg.store import ntriples


def _shacl_graphs(store: Store) -> list[NamedNode]:
    """The data graphs pySHACL checks: those of the tables mapped row by row
    (:func:`kg.load.table_graphs`). Not the ontology, nor the streamed tables (millions of
    observations, for pySHACL minutes in memory): their rows are checked one by one as they load,
    their graphs by the violation queries."""
    return table_graphs(store)


def _locate(focus: str, prop: str | None, message: str, origins: Mapping[str, Origin],
            headers: Mapping[str, list[str]], value: str | None = None) -> Problem:
    origin = origins.get(focus)
    if origin is None:
        return Problem("graph", None, None, f"<{focus}>: {message}")
    column = column_of(origin.table, prop, value) if prop else None
    header = headers.get(origin.table, [])
    col = header.index(column) + 1 if column in header else None
    where = f' (column "{column}")' if column and col is None else ""
    return Problem(origin.file, origin.line, col, message + where)


def shacl_input(store: Store) -> tuple[bytes, bytes]:
    """What pySHACL reads, as N-Triples dumped by the engine: the data graphs (see
    :func:`_shacl_graphs`) and the ontology graph (read now, so the store may change while
    :func:`shacl_results` checks them)."""
    return ntriples(store, _shacl_graphs(store)), ntriples(store, [ONTOLOGY_GRAPH])


def shacl_results(data: bytes, ontology: bytes) -> bytes | None:
    """pySHACL's report on the N-Triples ``data`` (the ``ontology`` supplies subclasses), as
    N-Triples, or ``None`` when it conforms. Touches no store, so a build runs it in a child
    process (:mod:`kg.shaclchild`) while it loads the streamed tables."""
    from pyshacl import validate as pyshacl_validate

    shapes = _targeted(rdflib.Graph().parse(SHAPES_FILE, format="turtle"))
    conforms, results, _ = pyshacl_validate(
        _rdflib_graph(data),
        shacl_graph=shapes,
        ont_graph=rdflib.Graph().parse(data=ontology, format="nt"),
        inference="none",
        allow_warnings=True,
        inplace=True,  # the data graph is ours: no copy of it
    )
    assert isinstance(results, rdflib.Graph)
    return None if conforms else results.serialize(format="nt", encoding="utf-8")


#: How a shape names its focus nodes (SHACL 2.1.3).
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def _targeted(shapes: rdflib.Graph) -> rdflib.Graph:
    """``shapes`` with the property shapes of each targeted node shape given that shape's targets
    instead of its ``sh:property`` link: the same results (a property shape may have targets of
    its own, SHACL 2.1.3), but pySHACL checks a property shape reached through ``sh:property``
    one focus node at a time, building its constraints anew for each (at 1M triples 3.8 s for
    the curated tables, against 1.5 s when each property shape is checked once for all its focus
    nodes). A node shape that another shape refers to, or that is deactivated, is left as it is."""
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        targets = [(target, value) for target in _TARGETS for value in shapes.objects(shape, target)]
        if not targets or (shape, SH.deactivated, None) in shapes or any(shapes.subjects(None, shape)):
            continue
        for prop in list(shapes.objects(shape, SH.property)):
            shapes.remove((shape, SH.property, prop))
            for target, value in targets:
                shapes.add((prop, target, value))
    return shapes


def _rdflib_graph(data: bytes) -> rdflib.Graph:
    """N-Triples dumped by Oxigraph as an rdflib graph, parsed by Oxigraph: the terms rdflib's own
    parser makes of that text (which writes xsd:string literals plain, so they have no datatype),
    in 0.9 s against 1.3 s at 1M triples."""
    iris: dict[str, rdflib.URIRef] = {}
    string = str(XSD.string)

    def node(term: object) -> rdflib.term.Identifier:
        if isinstance(term, pyoxigraph.NamedNode):
            iri = iris.get(term.value)
            if iri is None:
                iri = iris[term.value] = rdflib.URIRef(term.value)
            return iri
        if isinstance(term, pyoxigraph.Literal):
            datatype = term.datatype.value
            return rdflib.Literal(term.value, lang=term.language, datatype=None if term.language or
                                  datatype == string else rdflib.URIRef(datatype))
        assert isinstance(term, pyoxigraph.BlankNode)
        return rdflib.BNode(term.value)

    graph = rdflib.Graph()
    add = graph.add
    for triple in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES):
        add((node(triple.subject), node(triple.predicate), node(triple.object)))
    return graph


def shacl_problems(report: bytes | None, origins: Mapping[str, Origin],
                   headers: Mapping[str, list[str]]) -> list[Problem]:
    """The problems of a pySHACL report (:func:`shacl_results`), each at the row that described
    its focus node."""
    if report is None:
        return []
    results = rdflib.Graph().parse(data=report, format="nt")
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = str(results.value(result, SH.focusNode))
        path = results.value(result, SH.resultPath)
        message = str(results.value(result, SH.resultMessage) or "violates a shape")
        value = results.value(result, SH.value)
        if value is not None and str(value) not in message:
            message += f" (value: {value.n3(results.namespace_manager) if isinstance(value, rdflib.URIRef) else value})"
        problems.append(_locate(focus, str(path) if path else None, message, origins, headers,
                                str(value) if isinstance(value, rdflib.URIRef) else None))
    return problems


def violations(store: Store, origins: Mapping[str, Origin], headers: Mapping[str, list[str]], *,
               ontology: bool = True) -> list[Problem]:
    """Run every ``queries/checks/*-violation.rq``: each row it returns is a problem.

    A check projects ``?focus`` (the offending resource) and ``?message``, and may project
    ``?property`` so the problem can name the column (and ``?value``, an IRI, to tell apart two
    columns that give one property). ``ontology=False`` leaves out the quality
    checks of the ontology (``ontology-*``), which a scholar's import cannot break.
    """
    problems = []
    for path in sorted(CHECKS_DIR.glob("*-violation.rq")):
        if not ontology and path.name.startswith("ontology-"):
            continue
        query = load_query_file(path)
        solutions = store.query(query.text, prefixes=PREFIXES, use_default_graph_as_union=True)
        names = {v.value for v in solutions.variables}  # type: ignore[union-attr]
        for solution in solutions:  # type: ignore[union-attr]
            focus = solution["focus"]
            prop = solution["property"] if "property" in names else None
            value = solution["value"] if "value" in names else None
            message = solution["message"]
            problems.append(_locate(
                focus.value if focus is not None else "",
                prop.value if prop is not None else None,
                f"{message.value if message is not None else query.title} [{query.name}]",
                origins, headers, value.value if isinstance(value, NamedNode) else None))
    return list(dict.fromkeys(problems))


__all__ = ["shacl_input", "shacl_problems", "shacl_results", "violations"]
