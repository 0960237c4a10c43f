"""`dipkg reason`: HermiT proves the shipped ontology and data consistent and classifies the
individuals into the defined classes (written into the `inferred` graph); a deliberately
inconsistent fixture exits 1 with Pellet's explanation naming the individual; the OWL 2 RL rules
(run by the store, on the whole graph) and `reasonable` derive the same classes and triples, and
the rules find the same inconsistencies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store
from typer.testing import CliRunner

from kg import KnowledgeGraph, iris
from kg.cli import app
from kg.errors import InconsistentGraphError
from kg.paths import DATA_DIR
from kg.reason import INFERRED_GRAPH, reason

FIXTURES = Path(__file__).parent / "fixtures" / "reason"
DK = "https://w3id.org/dipkg/ontology#"
STATE = "https://w3id.org/dipkg/id/state/"
runner = CliRunner()


@pytest.fixture(scope="module")
def reasoned() -> KnowledgeGraph:
    graph = KnowledgeGraph.build(DATA_DIR)
    graph.found = reason(graph.store)  # type: ignore[attr-defined]
    return graph


def _eu_recognisers_in_the_data(graph: KnowledgeGraph) -> set[str]:
    """What the curated tables say, read without the reasoner: EU members now (a membership
    without an end) that recognised Kosovo."""
    frame = graph.query("bloc-recognition", bloc="EU", as_of="2026-01-01")
    return {STATE + s for s in frame[frame.recognises.astype(bool)].member}


def test_the_shipped_graph_is_consistent_and_classified(reasoned: KnowledgeGraph, csv_recognitions, csv_acts,  # noqa: ANN001
                                                        csv_claims, csv_states) -> None:
    found = reasoned.found  # type: ignore[attr-defined]
    assert found.engine == "hermit"
    counts = {c.removeprefix(DK): len(m) for c, m in found.classified.items()}
    states = set(csv_states[csv_states.kind == "state"].id)
    assert counts == {
        # a recognition with a claim of either kind
        "ContestedRecognition": len(set(csv_claims.recognition) | set(csv_acts.recognition)),
        "DisputedWithdrawalClaim": (csv_claims.disputed_by != "").sum(),
        "DisputedRecognitionClaim": (csv_acts.disputed_by != "").sum(),
        "EUMemberState": 27, "RecognisingEUMember": 22,
        "RecognisingState": len(set(csv_recognitions.recognizer) & states),   # every recorded act, contested ones too
    }
    assert counts["ContestedRecognition"] == 34   # 27 withdrawals claimed, 8 acts contested, Guinea-Bissau both
    members = set(found.classified[DK + "RecognisingEUMember"])
    assert members == _eu_recognisers_in_the_data(reasoned)
    for absent in ("ESP", "GRC", "CYP", "ROU", "SVK"):  # the five EU members that do not recognise Kosovo
        assert STATE + absent in found.classified[DK + "EUMemberState"] and STATE + absent not in members
    assert STATE + "GBR" not in found.classified[DK + "EUMemberState"]  # left the EU in 2020
    assert found.written == 241


def test_the_inferred_graph_answers_queries(reasoned: KnowledgeGraph) -> None:
    rows = list(reasoned.store.query(
        "SELECT ?s WHERE { GRAPH ?g { ?s a <https://w3id.org/dipkg/ontology#RecognisingEUMember> } }"))
    assert len(rows) == 22
    graphs = {q.graph_name for q in reasoned.store.quads_for_pattern(None, None, None, INFERRED_GRAPH)}
    assert graphs == {INFERRED_GRAPH}


@pytest.mark.parametrize(("fixture", "individual", "axioms"), [
    ("state-as-mission.ttl", "state/XTS", ["dk:State subClassOf dk:Polity", "state/XTS type dk:DiplomaticMission",
                                           "dk:DiplomaticMission disjointWith dk:Polity", "state/XTS type dk:State"]),
    ("self-recognition.ttl", "state/XSR", ["state/XSR dk:recognises state/XSR", "Irreflexive dk:recognises"]),
])
def test_an_inconsistent_graph_is_explained(fixture: str, individual: str, axioms: list[str]) -> None:
    graph = KnowledgeGraph.build(DATA_DIR)
    graph.store.load(path=str(FIXTURES / fixture), format=RdfFormat.TURTLE, to_graph=iris.graph("states"))
    with pytest.raises(InconsistentGraphError) as failure:
        reason(graph.store)
    assert failure.value.individuals == [f"https://w3id.org/dipkg/id/{individual}"]
    assert sorted(failure.value.explanation) == sorted(axioms)
    assert str(failure.value).startswith(
        f"the ontology and the data are inconsistent; the individuals involved: {individual}.\n")
    assert list(graph.store.quads_for_pattern(None, None, None, INFERRED_GRAPH)) == []


def test_the_cli_reports_consistency_and_an_explanation(store_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(store_path, store)
    ok = runner.invoke(app, ["reason", "--store", str(store)])
    assert ok.exit_code == 0, ok.output
    assert ok.output.startswith("consistent (hermit, ")
    assert ["recognising", "EU", "member", "22", DK + "RecognisingEUMember"] in [line.split() for line in ok.output.splitlines()]
    assert ok.output.endswith("wrote 241 inferred triples into https://w3id.org/dipkg/graph/inferred\n")
    writable = Store(str(store))
    writable.load(path=str(FIXTURES / "self-recognition.ttl"), format=RdfFormat.TURTLE, to_graph=iris.graph("states"))
    del writable
    bad = runner.invoke(app, ["reason", "--store", str(store)])
    assert bad.exit_code == 1
    assert "the individuals involved: state/XSR" in bad.output and "Irreflexive dk:recognises" in bad.output
    assert "Exception" not in bad.output and "at org." not in bad.output  # no Java stack trace


def _inferred(graph: KnowledgeGraph) -> set[tuple[str, str, str]]:
    return {(q.subject.value, q.predicate.value, q.object.value)  # type: ignore[union-attr]
            for q in graph.store.quads_for_pattern(None, None, None, INFERRED_GRAPH)}


def test_the_owl_rl_engines_derive_the_same_classes_and_triples(reasoned: KnowledgeGraph) -> None:
    hermit = reasoned.found  # type: ignore[attr-defined]
    rules, rust = KnowledgeGraph.build(DATA_DIR), KnowledgeGraph.build(DATA_DIR)
    by_rules, by_rust = reason(rules.store, "owlrl"), reason(rust.store, "reasonable")
    assert by_rules.classified == by_rust.classified == hermit.classified
    assert _inferred(rules) == _inferred(rust) and by_rules.written == by_rust.written == 512
    # beyond the defined classes, the rules write every dk conclusion: the inverse edges, superclasses
    claims = [t for t in _inferred(rules) if t[1] == DK + "contestedBy"]
    assert len(claims) == 27 + 8   # withdrawal claims and recognition claims
    assert (STATE + "XKX", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", DK + "Polity") in _inferred(rules)
    # and run again, they replace what they wrote
    assert reason(rules.store, "owlrl").written == 512 and len(_inferred(rules)) == 512


@pytest.mark.parametrize(("fixture", "individual", "line"), [
    ("state-as-mission.ttl", "state/XTS", "state/XTS is a dk:DiplomaticMission and a dk:Polity, which are disjoint"),
    ("self-recognition.ttl", "state/XSR", "state/XSR dk:recognises state/XSR, but dk:recognises is irreflexive"),
])
def test_the_owl_rl_rules_find_the_inconsistencies(fixture: str, individual: str, line: str) -> None:
    graph = KnowledgeGraph.build(DATA_DIR)
    graph.store.load(path=str(FIXTURES / fixture), format=RdfFormat.TURTLE, to_graph=iris.graph("states"))
    with pytest.raises(InconsistentGraphError) as failure:
        reason(graph.store, "owlrl")
    assert failure.value.explanation == [line]
    assert failure.value.individuals == [f"https://w3id.org/dipkg/id/{individual}"]
    assert "(OWL 2 RL rules)" in str(failure.value) and _inferred(graph) == set()
    names = {g.value for g in graph.store.named_graphs()}  # type: ignore[union-attr]
    assert not {n for n in names if n.endswith(("/rl-delta", "/rl-new"))}  # no working graph left behind


def test_an_unknown_engine_is_refused(reasoned: KnowledgeGraph) -> None:
    from kg.errors import DipkgError

    with pytest.raises(DipkgError, match='unknown reasoner "pellet"; expected one of hermit, owlrl, reasonable'):
        reason(reasoned.store, "pellet")
