"""The ontology's quality checks (``queries/checks/ontology-*-violation.rq``): the shipped
ontology passes them, and a deliberately broken one fails each with its message, located at
the Turtle line that describes the term when the ontology is ours."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat

from kg import KnowledgeGraph, iris
from kg import store as stores
from kg.load import ONTOLOGY_GRAPH, Origins, ontology_origins
from kg.paths import CHECKS_DIR
from kg.validate import violations

BROKEN = Path(__file__).parent / "fixtures" / "ontology" / "broken.ttl"
DK = "https://w3id.org/dipkg/ontology#"


def _ontology_problems(store, origins=None) -> list[str]:  # noqa: ANN001
    return [str(p) for p in violations(store, origins or {}, {}) if "[ontology-" in p.message]


def test_there_is_one_check_per_rule() -> None:
    assert sorted(p.name for p in CHECKS_DIR.glob("ontology-*-violation.rq")) == [
        "ontology-domain-range-violation.rq", "ontology-header-violation.rq", "ontology-inverse-violation.rq",
        "ontology-label-violation.rq", "ontology-orphan-violation.rq", "ontology-undeclared-violation.rq"]


def test_the_shipped_ontology_passes_every_check(graph: KnowledgeGraph) -> None:
    assert _ontology_problems(graph.store) == []


def test_a_broken_ontology_fails_each_check_with_its_message() -> None:
    store = stores.memory()
    store.load(path=str(BROKEN), format=RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    xkx = iris.mint("state", "XKX")
    store.add(Quad(xkx, NamedNode(DK + "recognizedSince"), Literal("2008"), iris.graph("states")))
    store.add(Quad(xkx, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), NamedNode(DK + "Stat"),
                   iris.graph("states")))
    assert sorted(_ontology_problems(store)) == sorted([
        f"graph: <{DK}recognizer>: {DK}recognizer declares no rdfs:range [ontology-domain-range-violation]",
        "graph: <https://w3id.org/dipkg/ontology>: the ontology header needs a licence "
        "(http://purl.org/dc/terms/license) [ontology-header-violation]",
        "graph: <https://w3id.org/dipkg/ontology>: the ontology header needs a creator "
        "(http://purl.org/dc/terms/creator) [ontology-header-violation]",
        "graph: <https://w3id.org/dipkg/ontology>: the version IRI <https://w3id.org/dipkg/ontology/0.1.0> does "
        "not end in the version 0.2.0 [ontology-header-violation]",
        f"graph: <{DK}recognitionBy>: the domain of {DK}recognitionBy ({DK}Recognition) is not the range of its "
        f"inverse {DK}recognizer [ontology-inverse-violation]",
        f"graph: <{DK}Recognition>: {DK}Recognition has 2 English rdfs:label (one expected) and has no English "
        "skos:definition [ontology-label-violation]",
        f"graph: <{DK}Platform>: {DK}Platform is an orphan class: give it a named superclass (rdfs:subClassOf) "
        "[ontology-orphan-violation]",
        f"graph: <{xkx.value}>: {DK}recognizedSince is used as a property but the ontology does not declare it "
        "[ontology-undeclared-violation]",
        f"graph: <{xkx.value}>: {DK}Stat is used as a class but the ontology does not declare it "
        "[ontology-undeclared-violation]",
    ])


def test_a_problem_in_our_ontology_points_at_its_turtle_line() -> None:
    origins = Origins()
    origins.resolvers.append(ontology_origins())
    found = origins.get(DK + "RecognisingEUMember")
    assert found is not None and (found.table, found.file) == ("ontology", "ontology/dipkg.ttl")
    line = Path(__file__).parent.parent.joinpath("ontology", "dipkg.ttl").read_text(encoding="utf-8").splitlines()[
        found.line - 1]
    assert line.startswith("dk:RecognisingEUMember a owl:Class")
    header = origins.get("https://w3id.org/dipkg/ontology")
    assert header is not None and header.line == 20
    concept = origins.get(DK + "DayPrecision")
    assert concept is not None and concept.file == "vocab/date-precision.ttl"
