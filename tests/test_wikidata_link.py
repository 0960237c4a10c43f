"""`dipkg link wikidata` against a real local SPARQL server (Oxigraph) loaded with a small
Wikidata-shaped fixture (tests/fixtures/wikidata/fixture.ttl): statuses, candidates, the
wikidata graph, the cache and --offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode
from typer.testing import CliRunner

from kg import KnowledgeGraph
from kg import build as builder
from kg.cli import app
from kg.errors import WikidataError
from kg.linking import WIKIDATA_GRAPH, link
from kg.paths import DATA_DIR
from kg.wikidata import Client
from tests.test_schema import rewrite

KEYS = ["XKX", "ALB", "GBR", "USA", "XOM", "EU", "NATO", "UNESCO", "x", "facebook", "x-albanianmfa", "x-mfakosovo"]


@pytest.fixture(scope="module")
def fresh() -> KnowledgeGraph:
    return KnowledgeGraph.build(DATA_DIR)


def _statuses(report) -> dict[str, tuple[str, bool]]:  # noqa: ANN001
    return {r.key: (r.status, bool(r.mismatch)) for r in report.results.itertuples()}


def test_link_checks_held_ids_and_proposes_missing_ones(fresh: KnowledgeGraph, wikidata_endpoint: str) -> None:
    report = link(fresh.store, Client(endpoint=wikidata_endpoint, cache=None), KEYS)
    assert _statuses(report) == {
        "XKX": ("ok", False), "ALB": ("ok", False), "USA": ("ok", False),
        "GBR": ("label-differs", False),  # "United Kingdom": a naming difference, the ISO codes agree
        "EU": ("ok", False), "NATO": ("ok", False),  # "North Atlantic Treaty Organization" is an alias
        "UNESCO": ("ok", False),
        "x": ("label-differs", True),
        "facebook": ("missing", True),  # not in the fixture: deleted or mistyped
    }
    assert report.results.set_index("key").loc["GBR", "detail"] == \
        "our name: United Kingdom of Great Britain and Northern Ireland"
    assert sorted(map(tuple, report.candidates[["key", "method", "candidate"]].values.tolist())) == [
        ("XOM", "exact English label or alias", "Q190353"),
        ("x-albanianmfa", "holds the handle AlbanianMFA (P2002)", "Q222"),
    ]
    wd = NamedNode("http://www.wikidata.org/entity/Q222")
    link_quads = list(fresh.store.quads_for_pattern(NamedNode("https://w3id.org/dipkg/id/state/ALB"), None, wd,
                                                    WIKIDATA_GRAPH))
    assert [q.predicate.value for q in link_quads] == ["https://w3id.org/dipkg/ontology#wikidata"]
    labels = [q.object for q in fresh.store.quads_for_pattern(wd, None, None, WIKIDATA_GRAPH)
              if q.predicate.value.endswith("#label")]
    assert labels == [Literal("Albania", language="en")]
    assert not list(fresh.store.quads_for_pattern(NamedNode("https://w3id.org/dipkg/id/platform/facebook"), None,
                                                  None, WIKIDATA_GRAPH))


def test_wrong_and_redirected_ids_are_mismatches(data_copy: Path, wikidata_endpoint: str) -> None:
    def plant(rows, fields):  # noqa: ANN001, ANN202
        for row in rows:
            if row["id"] == "SRB":
                row["wikidata"] = "Q222"  # Albania's item
            if row["id"] == "FRA":
                row["wikidata"] = "Q1"  # a redirect to Q1246 in the fixture
        return fields
    rewrite(data_copy / "states.csv", plant)
    graph = KnowledgeGraph.build(data_copy)
    report = link(graph.store, Client(endpoint=wikidata_endpoint, cache=None), ["SRB", "FRA"])
    got = report.results.set_index("key")
    assert (got.loc["SRB", "status"], got.loc["SRB", "detail"]) == ("code-differs", "P297 AL (ours RS); P298 ALB (ours SRB)")
    assert (got.loc["FRA", "status"], got.loc["FRA", "detail"]) == ("redirected", "merged into Q1246")
    assert got.mismatch.all()


def test_batches_keep_queries_small(fresh: KnowledgeGraph, wikidata_endpoint: str) -> None:
    from kg.linking import _query

    answers = Client(endpoint=wikidata_endpoint, cache=None).select_batched(
        _query("items"), ["Q1246", "Q222", "Q403", "Q30", "Q142"], size=2)
    assert len(answers) == 3
    assert sorted(row["item"].rsplit("/", 1)[1] for a in answers for row in a.rows if "label" in row) == [
        "Q1246", "Q142", "Q222", "Q30", "Q403"]


def test_the_cli_links_then_repeats_offline(tmp_path: Path, wikidata_endpoint: str) -> None:
    store, cache, review = tmp_path / "store", tmp_path / "cache", tmp_path / "review.csv"
    builder.build(DATA_DIR, store)
    runner = CliRunner()
    args = ["link", "wikidata", "--endpoint", wikidata_endpoint, "--cache", str(cache), "--store", str(store),
            "--only", "XKX,ALB,GBR,XOM,facebook", "--review", str(review)]
    online = runner.invoke(app, args)
    assert online.exit_code == 0, online.output
    assert online.output.splitlines()[:5] == [
        f"checked 4 Wikidata ids against {wikidata_endpoint}",
        "  platform      missing           1",
        "  state         label-differs     1",
        "  state         ok                2",
        "1 mismatches:",
    ]
    assert review.read_text(encoding="utf-8").splitlines() == [
        "kind,key,name,method,candidate,candidate_label,accept",
        "state,XOM,Sovereign Military Order of Malta,exact English label or alias,Q190353,"
        "Sovereign Military Order of Malta,"]
    offline = runner.invoke(app, [*args, "--offline"])
    assert offline.exit_code == 0, offline.output
    assert offline.output.splitlines()[0] == f"checked 4 Wikidata ids against {wikidata_endpoint} (from the cache)"
    assert offline.output.splitlines()[1:] == online.output.splitlines()[1:]
    uncached = runner.invoke(app, [*args[:-4], "--only", "SRB", "--review", str(review), "--offline"])
    assert uncached.exit_code == 2 and "is not in the cache" in uncached.output


def test_an_unreachable_endpoint_is_a_clear_error(fresh: KnowledgeGraph) -> None:
    with pytest.raises(WikidataError, match="cannot reach http://127.0.0.1:9/sparql"):
        link(fresh.store, Client(endpoint="http://127.0.0.1:9/sparql", cache=None, retries=0), ["ALB"])
