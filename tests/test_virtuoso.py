"""Push to a real Virtuoso (Debian's `virtuoso-opensource`, started on loopback by the test) with
Digest credentials, and run named queries on it with --endpoint."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import KnowledgeGraph, queries
from kg.cli import app
from tests.virtuoso import BINARY, virtuoso

pytestmark = pytest.mark.skipif(BINARY is None, reason="virtuoso-opensource is not installed (make test installs it)")
runner = CliRunner()


@pytest.fixture(scope="module")
def loaded(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with virtuoso(tmp_path_factory.mktemp("virtuoso")) as url:
        result = runner.invoke(app, ["push", "--endpoint", url, "--user", "dba", "--store", str(store_path)],
                               env={"DIPKG_REMOTE_PASSWORD": "dba"})
        assert result.exit_code == 0, result.output
        yield url


def test_push_to_virtuoso_checks_every_graph(loaded: str, store_path: Path) -> None:
    from kg import remote

    endpoint = remote.Endpoint.of(loaded, user="dba", password="dba")
    assert endpoint.store_url == loaded.replace("/sparql", "/sparql-graph-crud-auth")
    for count in KnowledgeGraph.open(store_path).graph_counts():
        assert remote.count(endpoint, count.graph) == count.triples


# Queries that call Wikidata with SERVICE: not run here (the test Virtuoso has no way out).
FEDERATED = {"recognisers-population", "bloc-members-wikidata"}


def _cases() -> list:
    cases = []
    for name, query in queries.registry().items():
        if name in FEDERATED:
            continue
        params = ["as_of=2020-01-01"] if query.param("as_of") else []  # a fixed date: stable answers
        cases.append(pytest.param(name, params, id=name))
    return cases


def test_the_skipped_queries_are_the_federated_ones() -> None:
    assert {n for n, q in queries.registry().items() if "SERVICE" in q.text.upper()} == FEDERATED


@pytest.mark.parametrize(("name", "params"), _cases())
def test_named_queries_on_virtuoso_answer_as_the_local_store(loaded: str, store_path: Path, name: str,
                                                            params: list[str]) -> None:
    args = ["query", name, "--format", "csv", *[x for p in params for x in ("--param", p)]]
    here = runner.invoke(app, [*args, "--store", str(store_path)])
    there = runner.invoke(app, [*args, "--endpoint", loaded])
    assert here.exit_code == 0, here.output
    assert there.exit_code == 0, there.output
    assert there.output == here.output


def test_recognition_timeline_on_virtuoso(loaded: str, store_path: Path) -> None:
    args = ["query", "recognition-timeline", "--format", "csv"]
    assert runner.invoke(app, [*args, "--endpoint", loaded]).output == \
        runner.invoke(app, [*args, "--store", str(store_path)]).output
