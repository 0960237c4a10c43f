"""The cookbook: every pattern in queries/examples/ runs, and its answers are checked against the
CSV files (computed here with pandas, independently of the SPARQL)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.cookbook import EXAMPLES_DIR, cookbook_page, examples
from tests import viewpoints
from tests.viewpoints import last_day


def _ask(graph, name: str, **params: object) -> pd.DataFrame:  # noqa: ANN001
    return graph.query(str(EXAMPLES_DIR / f"{name}.rq"), **params)


def test_every_pattern_is_documented_and_on_the_page(graph) -> None:  # noqa: ANN001
    found = examples()
    assert [q.name for q in found] == ["as-of", "viewpoint", "latest-count", "with-citation",
                                       "bloc-members-on-date", "join-wikidata"]
    page = cookbook_page(graph)
    for query in found:
        assert query.title and query.description and "cookbook" in query.tags
        assert f"## {query.title}" in page
        assert "\n".join(ln for ln in query.text.splitlines() if not ln.startswith("#+")).strip() in page


@pytest.mark.parametrize("as_of", ["2008-02-01", "2008-12-31", "2019-06-30", "2025-01-01"])
def test_as_of_counts_missions_from_the_end_of_their_period(graph, csv_missions, as_of: str) -> None:  # noqa: ANN001
    got = _ask(graph, "as-of", as_of=as_of)
    # an undated mission of Kosovo counts from its independence (2008-02-17, states.csv)
    sent = csv_missions[(csv_missions.sender == "XKX")
                        & (((csv_missions.opened == "") & (as_of >= "2008-02-17"))
                           | ((csv_missions.opened != "") & (csv_missions.opened.map(last_day) <= as_of)))
                        & ((csv_missions.closed == "") | (csv_missions.closed > as_of))]
    assert sorted(got.mission) == sorted(sent.id)
    if as_of == "2008-02-01":
        assert got.empty    # no mission of Kosovo before it declared independence


@pytest.mark.parametrize("viewpoint", viewpoints.VIEWPOINTS)
@pytest.mark.parametrize("as_of", ["2012-06-30", "2025-12-31"])
def test_viewpoint_counts_as_the_reference(graph, csv_recognitions, csv_acts, csv_claims,  # noqa: ANN001
                                           viewpoint: str, as_of: str) -> None:
    got = _ask(graph, "viewpoint", viewpoint=viewpoint, as_of=as_of)
    assert got.recognisers.tolist() == [len(viewpoints.recognisers(csv_recognitions, csv_acts, csv_claims,
                                                                   viewpoint, as_of))]


def test_latest_count_is_the_last_one_on_or_before_the_date(graph, csv_accounts) -> None:  # noqa: ANN001
    counts = pd.read_csv(Path(EXAMPLES_DIR).parent.parent / "data" / "follower_observations.csv", dtype=str)
    albania = set(csv_accounts[csv_accounts.state == "ALB"].id)
    for as_of in ("2019-06-30", "2025-01-01"):
        got = _ask(graph, "latest-count", as_of=as_of).set_index("account")
        seen = counts[counts.account.isin(albania) & (counts.date <= as_of)]
        latest = seen.sort_values("date").groupby("account").tail(1).set_index("account")
        assert set(got.index) == set(latest.index)
        for account, row in latest.iterrows():
            assert (got.loc[account, "counted_on"].date().isoformat(), int(got.loc[account, "followers"])) == \
                (row.date, int(row.followers))
    assert _ask(graph, "latest-count", as_of="2019-06-30").loc[lambda f: f.account == "x-ediramaal",
                                                               "followers"].tolist() == [329000]


def test_with_citation_lists_the_rows_sources(graph, csv_recognitions) -> None:  # noqa: ANN001
    got = _ask(graph, "with-citation")
    assert sorted(got.source) == sorted(csv_recognitions.set_index("id").loc["SUR-XKX", "sources"].split(";"))
    assert set(got.date) == {pd.Timestamp("2016-07-08")}


@pytest.mark.parametrize(("as_of", "members"), [("2004-04-30", 15), ("2004-06-01", 25), ("2025-01-01", 27)])
def test_bloc_members_on_a_date(graph, as_of: str, members: int) -> None:  # noqa: ANN001
    got = _ask(graph, "bloc-members-on-date", bloc="EU", as_of=as_of)
    assert len(got) == members and set(got.role) == {"member"}
    unsc = _ask(graph, "bloc-members-on-date", bloc="UNSC", as_of="2023-01-01")
    assert {"ALB", "USA"} <= set(unsc.member) and {"permanent_member", "elected_member"} <= set(unsc.role)


def test_join_with_wikidata_on_the_local_mirror(graph, wikidata_endpoint: str) -> None:  # noqa: ANN001
    got = _ask(graph, "join-wikidata", endpoint=wikidata_endpoint, as_of="2025-12-31")
    assert list(zip(got.recognizer, got.population, strict=True)) == [("USA", 3333333), ("ALB", 1111111)]


def test_a_pattern_runs_from_the_command_line(store_path: Path) -> None:
    result = CliRunner().invoke(app, ["query", str(EXAMPLES_DIR / "viewpoint.rq"), "--as-of", "2020-12-31",
                                      "-p", "viewpoint=serbia", "-f", "csv", "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("recognisers\n")
