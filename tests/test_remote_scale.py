"""The same answers on remote engines at scale: every named question, on a generated graph
(``bench/generate.py``), answered by the embedded store, by an Oxigraph server and by Virtuoso
(``dipkg query --endpoint``), over a grid of dates: today, inside the synthetic follower series
(2024), at year boundaries, and on dates of the shipped history.

At about 160k triples (the default run, under a minute and a half) Virtuoso 7.2.5 answered seven
questions wrong before their texts were mended (``queries/README.md``): it dropped rows at
``<=`` on dates, divided integers as integers, took a comparison with an unbound variable as
false, and broke ties its own way. The 1.4M-triple run is marked slow.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.generate import generate
from kg import build as builder
from kg import queries
from kg.cli import app
from kg.sparqltext import values_blocks
from tests.servers import start_oxigraph
from tests.virtuoso import BINARY, virtuoso

pytestmark = pytest.mark.skipif(BINARY is None, reason="virtuoso-opensource is not installed (make test installs it)")
runner = CliRunner()

#: Questions that call Wikidata with SERVICE (no way out here).
FEDERATED = {"recognisers-population", "bloc-members-wikidata"}
#: Parameters other than the defaults: follower-growth's default lists every count of every
#: account (a table export; at 1M triples more rows than Virtuoso sorts by default, see
#: `dipkg query --help`), so it is asked about one synthetic account and one state.
PARAMS: dict[str, list[list[str]]] = {"follower-growth": [["account=x-bench-0"], ["state=ALB"]]}
#: Today; inside the synthetic series (2024) and its month ends; at year boundaries; Kosovo's
#: declaration of independence and a date between the shipped recognitions.
DATES = [dt.date.today().isoformat(), "2024-06-01", "2024-06-30", "2024-01-01", "2023-12-31", "2024-12-31",
         "2025-01-01", "2008-02-17", "2020-01-01"]
#: A list parameter is also asked (with its other defaults) for several ids, in any case, one
#: of them twice; and, where it is matched in a string rather than written as a VALUES block
#: (which refuses an empty list), for none.
LISTS = ["ALB;xkx;SRB;MNE;ALB", ""]


@pytest.fixture(scope="module", params=[pytest.param(100_000, id="160k"),
                                        pytest.param(1_000_000, id="1.4M", marks=pytest.mark.slow)])
def engines(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, list[str]]]:
    """The embedded store and the two servers holding the same generated graph; per engine, the
    arguments `dipkg query` takes to ask it."""
    work = tmp_path_factory.mktemp(f"scale-{request.param}")
    generate(work / "data", request.param)
    store = work / "store"
    builder.build(work / "data", store)
    server, base = start_oxigraph(store, read_only=True)
    try:
        with virtuoso(work / "virtuoso") as url:
            pushed = runner.invoke(app, ["push", "--endpoint", url, "--user", "dba", "--store", str(store)],
                                   env={**os.environ, "DIPKG_REMOTE_PASSWORD": "dba"})
            assert pushed.exit_code == 0, pushed.output
            yield {"embedded": ["--store", str(store)], "oxigraph": ["--endpoint", f"{base}/query"],
                   "virtuoso": ["--endpoint", url]}
    finally:
        server.terminate()
        server.wait(timeout=10)


def _grid(name: str) -> list[list[str]]:
    """The parameters to ask ``name`` with: its defaults (or :data:`PARAMS`), then each date of
    :data:`DATES` for its first date parameter."""
    query = queries.registry()[name]
    dated = [p.name for p in query.params if p.type == "date"]
    blocks = values_blocks(query.text)
    listed = [[f"{p.name}={value}"] for p in query.params if p.many for value in LISTS
              if value or p.name not in blocks]
    return [[*base, *([f"{dated[0]}={day}"] if dated and day else [])]
            for base in PARAMS.get(name, [[]]) for day in [None, *(DATES if dated else [])]] + listed


def test_the_grid_covers_every_named_question_and_date() -> None:
    asked = {n for n in queries.registry() if n not in FEDERATED}
    assert len(asked) == 26
    assert _grid("digital-presence")[0] == [] and _grid("digital-presence")[2] == ["as_of=2024-06-01"]
    assert len(_grid("follower-growth")) == 2 * (1 + len(DATES))  # two askings, start varied
    assert _grid("follower-growth")[1] == ["account=x-bench-0", f"start={DATES[0]}"]
    assert _grid("traditional-reach")[-1:] == [["states=ALB;xkx;SRB;MNE;ALB"]]
    assert _grid("digital-presence")[-2:] == [["states=ALB;xkx;SRB;MNE;ALB"], ["states="]]
    assert sum(len(_grid(n)) for n in asked) == 189 + 5 + 1   # five questions take a list, one matched in a string
    assert {n for n, q in queries.registry().items() if "SERVICE" in q.text.upper()} == FEDERATED


@pytest.mark.parametrize("engine", ["oxigraph", "virtuoso"])
@pytest.mark.parametrize("name", sorted(set(queries.registry()) - FEDERATED))
def test_remote_engines_answer_as_the_embedded_store(engines: dict[str, list[str]], engine: str, name: str) -> None:
    differing = []
    for params in _grid(name):
        args = ["query", name, "--format", "csv", *[x for p in params for x in ("--param", p)]]
        here = runner.invoke(app, [*args, *engines["embedded"]])
        there = runner.invoke(app, [*args, *engines[engine]])
        assert here.exit_code == 0, here.output
        if there.exit_code != 0 or there.output != here.output:
            diff = difflib.unified_diff(here.output.splitlines(), there.output.splitlines(), "embedded", engine,
                                        n=0, lineterm="")
            differing.append(f"{' '.join(params) or 'defaults'}:\n  " + "\n  ".join(list(diff)[:8]))
    assert differing == [], f"{name} on {engine} differs from the embedded store:\n" + "\n".join(differing)


def test_on_or_before_written_as_not_after_counts_every_row_on_virtuoso(engines: dict[str, list[str]]) -> None:
    """The form the shipped queries use for "on or before" (queries/README.md). Virtuoso 7.2.5's
    `<=` on dates drops rows depending on its plan: at 160k triples here, and in a server queried
    for an hour at 1.45M, `?on <= "2019-01-18"` over every count answered fewer than these three;
    in a fresh server at 1.4M it answered all three, so `<=` itself is not asserted."""
    from kg import remote

    url = engines["virtuoso"][1]
    text = ("SELECT (COUNT(*) AS ?n) WHERE {{ ?o <https://w3id.org/dipkg/ontology#refDate> ?on . "
            "FILTER({}) }}")
    day = '"2019-01-18"^^<http://www.w3.org/2001/XMLSchema#date>'
    answer = remote.Endpoint.of(url).select_json(text.format(f"!(?on > {day})"))
    assert int(answer["results"]["bindings"][0]["n"]["value"]) == 3   # Edi Rama's three shipped counts up to that day


def test_a_query_known_to_be_wrong_on_virtuoso_is_warned_about(engines: dict[str, list[str]], tmp_path: Path) -> None:
    own = tmp_path / "counts-up-to.rq"
    own.write_text("SELECT ?o ?on WHERE { ?o dk:refDate ?on . FILTER(?on <= \"2019-01-18\"^^xsd:date) }\n",
                   encoding="utf-8")
    result = runner.invoke(app, ["query", str(own), "--format", "csv", *engines["virtuoso"]])
    assert result.exit_code == 0, result.output
    assert "warning: Virtuoso" in result.output
