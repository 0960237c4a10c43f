"""The cookbook of SPARQL patterns (``queries/examples/*.rq``) and its page (``kg/cookbook.py``): every
pattern parses, teaches (title, description, the ``cookbook`` tag), runs on the shipped data, and
answers what the CSV files say, computed here with pandas independently of the SPARQL."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from kg import KnowledgeGraph, cookbook, queries
from kg.cli import app
from kg.paths import DATA_DIR
from tests import viewpoints

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(cookbook.EXAMPLES_DIR.glob("*.rq"))
FULL_ROLES = {"member", "permanent_member", "elected_member"}
IMPORTED = Path(__file__).parent / "fixtures" / "imports" / "followers-good.csv"


def example(name: str) -> str:
    """The path of a pattern, as ``KnowledgeGraph.query`` takes it."""
    return str(cookbook.EXAMPLES_DIR / f"{name}.rq")


def first_day(text: str) -> str:
    """The first day of a date written at its precision: 2009 -> 2009-01-01, 2012-08 -> 2012-08-01."""
    return {4: f"{text}-01-01", 7: f"{text}-01"}.get(len(text), text)


def _ids(cell: str) -> set[str]:
    return {x for x in cell.split(";") if x}


# -- every pattern ---------------------------------------------------------------------------

def test_the_examples_are_the_cookbook() -> None:
    assert {p.stem for p in EXAMPLES} == set(cookbook.ORDER)
    assert [q.name for q in cookbook.examples()] == list(cookbook.ORDER)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_pattern_teaches_and_runs(graph: KnowledgeGraph, path: Path, request: pytest.FixtureRequest) -> None:
    query = queries.load_query_file(path)
    assert query.title and query.description and "cookbook" in query.tags
    assert all(p.description and p.default is not None for p in query.params)  # runs as it is
    params = {p.name: request.getfixturevalue("wikidata_endpoint") for p in query.params if p.type == "iri"}
    got = graph.query(str(path), **params)
    assert not got.empty
    assert not {p.name for p in query.params} & set(got.columns)


# -- as-of -----------------------------------------------------------------------------------

def _missions_open(missions: pd.DataFrame, states: pd.DataFrame, state: str, as_of: str,
                   read_start: bool = False) -> set[str]:
    """The missions of ``state`` open on ``as_of``: begun by then (the last day of a month or
    year; with no opening date, the state's independence), not closed by then (an end is the first
    day of its period). ``read_start`` reads the opening as its first day instead: the trap."""
    born = states.set_index("id").independence.get(state, "")
    found = set()
    for mission in missions[missions.sender == state].itertuples():
        start = mission.opened or born
        counts_from = (first_day if read_start else viewpoints.last_day)(start) if start else ""
        if counts_from <= as_of and (not mission.closed or first_day(mission.closed) > as_of):
            found.add(mission.id)
    return found


@pytest.mark.parametrize("state", ["XKX", "ALB"])
@pytest.mark.parametrize("as_of", ["2008-02-01", "2008-06-30", "2008-12-31", "2009-06-30", "2020-12-31", "2026-01-01"])
def test_as_of_agrees_with_the_data_files(graph, csv_missions, csv_states, state, as_of) -> None:  # noqa: ANN001
    got = graph.query(example("as-of"), state=state, as_of=as_of)
    assert set(got.mission) == _missions_open(csv_missions, csv_states, state, as_of)


def test_as_of_reads_a_year_as_its_last_day(graph, csv_missions, csv_states) -> None:  # noqa: ANN001
    assert graph.query(example("as-of"), as_of="2008-02-01").empty   # before Kosovo's independence
    dated_2008 = {"XKX-BEL-embassy-brussels", "XKX-GBR-embassy-london"}
    summer = set(graph.query(example("as-of"), as_of="2008-06-30").mission)
    assert not dated_2008 & summer
    assert dated_2008 <= _missions_open(csv_missions, csv_states, "XKX", "2008-06-30", read_start=True)  # the trap
    assert dated_2008 <= set(graph.query(example("as-of"), as_of="2008-12-31").mission)
    athens = graph.query(example("as-of"), as_of="2026-01-01").set_index("mission").loc["XKX-GRC-liaison_office-athens"]
    assert (athens.opened, athens.precision, athens.counts_from) == (
        pd.Timestamp("2019-01-01"), "year", pd.Timestamp("2019-12-31"))
    closed = graph.query(example("as-of"), state="ALB", as_of="2026-01-01")
    assert "ALB-ARG-embassy-buenos-aires" not in set(closed.mission)   # closed in 2009


# -- viewpoint -------------------------------------------------------------------------------

@pytest.mark.parametrize("viewpoint", viewpoints.VIEWPOINTS)
@pytest.mark.parametrize("as_of", ["2010-12-31", "2020-12-31"])
def test_viewpoint_counts_agree_with_the_reference(graph, csv_recognitions, csv_acts, csv_claims, viewpoint, as_of) -> None:  # noqa: ANN001
    got = graph.query(example("viewpoint"), viewpoint=viewpoint, as_of=as_of)
    expected = viewpoints.recognisers(csv_recognitions, csv_acts, csv_claims, viewpoint, as_of)
    assert got.recognisers.tolist() == [len(expected)]


def test_viewpoint_known_values(graph) -> None:  # noqa: ANN001
    assert graph.query(example("viewpoint"), as_of="2008-01-01").recognisers.tolist() == [0]
    assert graph.query(example("viewpoint"), viewpoint="serbia", as_of="2026-01-01").recognisers.tolist() == [93]


def test_viewpoint_on_the_command_line(store_path: Path, csv_recognitions, csv_acts, csv_claims,  # noqa: ANN001
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["query", "queries/examples/viewpoint.rq", "--as-of", "2020-12-31", "-f", "csv",
                                      "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    expected = viewpoints.recognisers(csv_recognitions, csv_acts, csv_claims, "kosovo", "2020-12-31")
    assert result.output == f"recognisers\n{len(expected)}\n" == "recognisers\n120\n"


# -- latest-count ----------------------------------------------------------------------------

def _latest(counts: pd.DataFrame, as_of: str) -> dict[tuple[str, str], tuple[str, int]]:
    """(account, dataset) -> (day, followers) of the count with the latest day on or before
    ``as_of``, a count dated to its month or year being read as the first day of it."""
    days = counts.assign(day=counts.date.map(first_day), followers=counts.followers.astype(int))
    kept = days[days.day <= as_of].sort_values("day").groupby(["account", "dataset"]).last()
    return {key: (row.day, row.followers) for key, row in kept.iterrows()}


def _got(frame: pd.DataFrame) -> dict[tuple[str, str], tuple[str, int]]:
    return {(r.account, r.dataset): (r.counted_on.date().isoformat(), r.followers) for r in frame.itertuples()}


@pytest.mark.parametrize("as_of", ["2012-07-31", "2012-08-01", "2015-06-30", "2019-01-17", "2019-01-18", "2022-01-19",
                                   "2022-01-20", "2026-01-01"])
def test_latest_count_agrees_with_the_data_files(graph, csv_follower_observations, as_of) -> None:  # noqa: ANN001
    got = graph.query(example("latest-count"), as_of=as_of)
    assert _got(got) == _latest(csv_follower_observations.assign(dataset="followers"), as_of)
    assert got.set_index("account").precision.to_dict() == {
        a: "month" if d == "2012-08-01" else "day" for (a, _), (d, _) in _got(got).items()}


def test_latest_count_known_values(graph) -> None:  # noqa: ANN001
    rama = graph.query(example("latest-count"), as_of="2015-06-30").set_index("account").loc["x-ediramaal"]
    assert (rama.counted_on, rama.precision, rama.followers) == (pd.Timestamp("2012-08-01"), "month", 32874)
    assert len(graph.query(example("latest-count"), as_of="2026-01-01")) == 3


#: A series with several counts in some months, one dated to its month and one to its year, so
#: that each branch of the pattern finds answers (the shipped data hold four counts).
SERIES = """account,date,followers,source,notes
x-ediramaal,2020-01-05,400000,dipkg test series,
x-ediramaal,2020-01-20,401000,dipkg test series,
x-ediramaal,2020-02,402000,dipkg test series,a month-precision count
x-ediramaal,2020-03-10,403000,dipkg test series,
x-ediramaal,2020-03-25,404000,dipkg test series,
x-ediramaal,2020-05-31,405000,dipkg test series,
x-ediramaal,2021,406000,dipkg test series,a year-precision count
instagram-ediramaal,2020-03-01,300000,dipkg test series,
instagram-ediramaal,2020-03-31,301000,dipkg test series,
"""


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[KnowledgeGraph, pd.DataFrame]:
    """The shipped data with two more datasets of counts (the import fixture and :data:`SERIES`),
    and every count as a table."""
    series = tmp_path_factory.mktemp("series") / "series.csv"
    series.write_text(SERIES, encoding="utf-8")
    fresh = KnowledgeGraph.build(DATA_DIR)
    fresh.import_followers(IMPORTED, name="good")
    fresh.import_followers(series, name="series")
    tables = [pd.read_csv(DATA_DIR / "follower_observations.csv", dtype=str, keep_default_na=False).assign(
        dataset="followers"), pd.read_csv(IMPORTED, dtype=str, keep_default_na=False).assign(dataset="import-good"),
        pd.read_csv(series, dtype=str, keep_default_na=False).assign(dataset="import-series")]
    return fresh, pd.concat(tables)


@pytest.mark.parametrize("as_of", ["2019-12-31", "2020-01-01", "2020-01-05", "2020-01-10", "2020-01-20", "2020-01-31",
                                   "2020-02-01", "2020-02-15", "2020-03-01", "2020-03-15", "2020-03-31", "2020-04-30",
                                   "2020-05-31", "2020-06-01", "2021-06-29", "2021-06-30", "2026-01-01"])
def test_latest_count_per_dataset(imported, as_of) -> None:  # noqa: ANN001
    graph, counts = imported
    got = graph.query(example("latest-count"), as_of=as_of)
    assert _got(got) == _latest(counts, as_of)
    assert len(got) == len(_got(got))    # one row per account and dataset


# -- with-citation ---------------------------------------------------------------------------

@pytest.mark.parametrize("recognizer", ["USA", "SUR", "GNB", "ISR"])
def test_with_citation_lists_the_recognitions_sources(graph, csv_recognitions, csv_sources, recognizer) -> None:  # noqa: ANN001
    got = graph.query(example("with-citation"), recognizer=recognizer)
    recognition = csv_recognitions.set_index("id").loc[f"{recognizer}-XKX"]
    assert set(got.recognition) == {f"{recognizer}-XKX"}
    assert sorted(got.source) == sorted(_ids(recognition.sources))
    sources = csv_sources.set_index("id")
    for row in got.itertuples():
        source = sources.loc[row.source]
        assert (row.title, row.publisher, row.url, row.accessed.date().isoformat()) == (
            source.title, source.publisher, source.url, source.accessed)
        assert row.citation == f"{source.title}. {source.publisher}. {source.url} (accessed {source.accessed})."


# -- bloc-members-on-date --------------------------------------------------------------------

def _members(memberships: pd.DataFrame, bloc: str, as_of: str) -> set[str]:
    """The full members of ``bloc`` on ``as_of`` (every membership of the blocs tested has a start)."""
    rows = memberships[(memberships.organisation == bloc) & memberships.role.isin(FULL_ROLES)]
    assert (rows.start != "").all()
    return {r.member for r in rows.itertuples()
            if viewpoints.last_day(r.start) <= as_of and (not r.end or first_day(r.end) > as_of)}


@pytest.mark.parametrize(("bloc", "as_of", "count"), [
    ("EU", "2025-01-01", 27), ("EU", "2004-06-01", 25), ("EU", "2004-04-30", 15), ("EU", "2019-12-31", 28),
    ("NATO", "2025-01-01", 32), ("UNSC", "2022-06-01", 6), ("UNSC", "2024-06-01", 5)])
def test_bloc_members_on_a_date(graph, csv_memberships, bloc, as_of, count) -> None:  # noqa: ANN001
    got = graph.query(example("bloc-members-on-date"), bloc=bloc, as_of=as_of)
    assert set(got.member) == _members(csv_memberships, bloc, as_of)
    assert len(got) == count


def test_bloc_members_are_not_the_current_shortcut(graph, csv_memberships) -> None:  # noqa: ANN001
    eu = csv_memberships[csv_memberships.organisation == "EU"]
    now = set(eu[eu.end == ""].member)   # what org:memberOf holds, whatever the date
    in_2004 = set(graph.query(example("bloc-members-on-date"), as_of="2004-06-01").member)
    assert "GBR" in in_2004 - now and {"BGR", "ROU", "HRV"} <= now - in_2004
    unsc = graph.query(example("bloc-members-on-date"), bloc="UNSC", as_of="2022-06-01").set_index("member")
    assert unsc.loc["ALB", "role"] == "elected_member"      # a role narrower than member


# -- join-wikidata ---------------------------------------------------------------------------

def test_join_wikidata(graph, wikidata_endpoint: str, csv_recognitions, csv_acts, csv_claims, csv_states) -> None:  # noqa: ANN001
    got = graph.query(example("join-wikidata"), endpoint=wikidata_endpoint, as_of="2025-12-31")
    held = viewpoints.recognisers(csv_recognitions, csv_acts, csv_claims, "kosovo", "2025-12-31")
    assert sorted(got.recognizer) == sorted(held)     # each once, the Sovereign Military Order of Malta too
    assert list(zip(got.recognizer[:2], got.population[:2], strict=True)) == [("USA", 3333333), ("ALB", 1111111)]
    assert got.population.isna().sum() == len(got) - 2   # the fixture has no other populations
    items = csv_states.set_index("id").wikidata
    assert {r.recognizer: r.item for r in got.itertuples() if isinstance(r.item, str)} == {
        code: f"http://www.wikidata.org/entity/{items[code]}" for code in held if items[code]}
    assert pd.isna(got.set_index("recognizer").loc["XOM", "item"])


# -- contested -------------------------------------------------------------------------------

def _sides(table: pd.DataFrame, kind: str, columns: dict[str, str]) -> set[tuple[str, str, str, str]]:
    return {(row["id"], kind, side, party) for _, row in table.iterrows()
            for column, side in columns.items() for party in _ids(row[column])}


def test_contested_lists_every_side(graph, csv_acts, csv_claims) -> None:  # noqa: ANN001
    got = graph.query(example("contested"))
    sides = {"claimed_by": "claims", "disputed_by": "disputes", "confirmed_by": "confirms"}
    expected = (_sides(csv_acts, "recognition act", {**sides, "omitted_by": "omits"})
                | _sides(csv_claims, "withdrawal", sides))
    assert set(zip(got.claim, got.kind, got.side, got.party, strict=True)) == expected
    assert len(got) == len(expected)
    suriname = got[got.claim == "wc-SUR"]
    assert set(zip(suriname.side, suriname.party, strict=True)) == {("claims", "SRB"), ("disputes", "XKX")}
    assert set(suriname.claim_date) == {pd.Timestamp("2017-10-31")} and set(suriname.recognizer) == {"SUR"}


# -- the page --------------------------------------------------------------------------------

def test_the_cookbook_page(graph) -> None:  # noqa: ANN001
    page = cookbook.cookbook_page(graph)
    for query in cookbook.examples():
        assert f"## {query.title}\n" in page
        assert cookbook.body(query) in page
        assert f"dipkg query queries/examples/{query.name}.rq" in page
        assert query.description in page
    assert not [line for line in page.splitlines() if line.startswith("#+")]
    assert "dipkg query queries/examples/as-of.rq --as-of 2026-01-01" in page
    assert "| XKX-MYS-embassy-kuala-lumpur | embassy | MYS | Kuala Lumpur | 2025-05-02 | day | 2025-05-02 |" in page
    assert "not run for this page" in page
    assert page == cookbook.cookbook_page(graph)     # deterministic
    assert cookbook.EXAMPLE_DAY.isoformat() == "2026-01-01"
