"""Every named query, run on the shipped data, with values checked against the CSV files
(computed here with pandas, independently of the SPARQL) and against known facts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kg import queries
from kg.errors import ParameterError, QueryError
from tests import viewpoints

TESTED = {"recognition-timeline", "recognisers-as-of", "non-recognisers", "recognitions-by-region",
          "withdrawal-claims", "fact-sources",
          # tested in test_viewpoints.py
          "recognition-counts", "recognition-differences", "recognition-claims",
          # tested in test_reach_queries.py
          "bloc-recognition", "memberships-compared", "applications", "relations-events", "mission-network",
          "hosted-missions", "recognition-without-presence", "traditional-reach",
          # tested in test_digital_queries.py
          "campaigns", "digital-presence", "follower-growth", "digital-vs-traditional", "image-vs-conditions",
          "incidents", "external-actors",
          # tested in test_offices.py and test_world_bank.py
          "accounts-in-office", "conditions-compared",
          # federated with Wikidata: tested in test_wikidata_federation.py
          "recognisers-population", "bloc-members-wikidata"}
TODAY = dt.date.today()


def test_every_named_query_is_tested_here() -> None:
    assert set(queries.registry()) == TESTED


@pytest.mark.parametrize("name", sorted(TESTED))
def test_every_named_query_is_documented(name: str) -> None:
    query = queries.registry()[name]
    assert query.title and query.description and query.tags
    assert all(p.description for p in query.params)


# -- helpers computing the expected answers from the CSVs ------------------------------------

def _year(series: pd.Series) -> pd.Series:
    return series.str[:4].astype(int)


def _recognisers(recs: pd.DataFrame, acts: pd.DataFrame, claims: pd.DataFrame, viewpoint: str,
                 as_of: str) -> set[str]:
    return viewpoints.recognisers(recs, acts, claims, viewpoint, as_of)


def _un_members(states: pd.DataFrame, as_of: str) -> pd.DataFrame:
    return states[(states.un_status == "member") & (states.un_admission_date <= as_of)]


# -- recognition-timeline --------------------------------------------------------------------

@pytest.mark.parametrize("viewpoint", viewpoints.VIEWPOINTS)
def test_timeline_agrees_with_the_data_files(graph, csv_recognitions, csv_acts, csv_claims, viewpoint) -> None:  # noqa: ANN001
    got = graph.query("recognition-timeline", viewpoint=viewpoint)
    years = list(range(2008, TODAY.year + 1))
    assert list(got.year) == years
    held = [len(_recognisers(csv_recognitions, csv_acts, csv_claims, viewpoint, f"{y}-12-31")) for y in years[:-1]]
    held.append(len(_recognisers(csv_recognitions, csv_acts, csv_claims, viewpoint, TODAY.isoformat())))
    assert list(got.cumulative) == held
    made = _year(viewpoints.accepted_acts(csv_recognitions, csv_acts, viewpoint).date
                 ).value_counts().reindex(years, fill_value=0)
    assert list(got.recognitions) == list(made)
    assert list(got.cumulative) == list((made.to_numpy() - got.withdrawals.to_numpy()).cumsum())


def test_timeline_known_values(graph, csv_recognitions) -> None:  # noqa: ANN001
    kosovo = graph.query("recognition-timeline").set_index("year")
    assert kosovo.loc[2021, "recognitions"] == 1          # Israel, 1 February 2021
    assert kosovo.loc[2022, "recognitions"] == 0
    # every act but Mali's, which Kosovo's own ministry disputes, and Jamaica's, which it leaves out
    # of its count; the one withdrawal Kosovo acknowledged (Togo's) its prime minister also disputes
    assert kosovo.loc[TODAY.year, "cumulative"] == len(csv_recognitions) - 2 == 125
    assert kosovo.withdrawals.sum() == 0
    serbia = graph.query("recognition-timeline", viewpoint="serbia").set_index("year")
    # Suriname, Sao Tome and Principe; Guinea-Bissau's act Serbia disputes, so it never counted
    assert serbia.loc[2017, "withdrawals"] == 2
    assert serbia.loc[2023, "withdrawals"] == 9           # the nine states named on 4 January 2023
    # the acts nobody contests (127 less 8), less the 26 withdrawals of acts it counted
    assert serbia.loc[TODAY.year, "cumulative"] == len(csv_recognitions) - 8 - 26 == 93


def test_timeline_as_of_stops_at_the_date(graph, csv_recognitions) -> None:  # noqa: ANN001
    got = graph.query("recognition-timeline", as_of="2012-06-30")
    assert list(got.year) == [2008, 2009, 2010, 2011, 2012]
    # Burundi and Saint Kitts and Nevis, known only to 2012, count from 2012-12-31: not yet on 30 June
    assert got.cumulative.iloc[-1] == (csv_recognitions.date.map(viewpoints.last_day) <= "2012-06-30").sum() == 93
    assert str(got.year.dtype) == "Int64" and str(got.cumulative.dtype) == "Int64"


# -- recognisers-as-of -----------------------------------------------------------------------

def test_the_first_recognisers(graph) -> None:  # noqa: ANN001
    got = graph.query("recognisers-as-of", as_of="2008-02-18")
    assert list(got.recognizer[:1]) == ["CRI"]
    assert set(got.recognizer) == {"CRI", "USA", "FRA", "ALB", "TUR", "GBR", "AFG"}
    assert got.date.iloc[0] == pd.Timestamp("2008-02-17")
    assert str(got.date.dtype).startswith("datetime64")
    assert set(got.date_precision) == {"day"}


@pytest.mark.parametrize("viewpoint", viewpoints.VIEWPOINTS)
@pytest.mark.parametrize("as_of", ["2008-08-15", "2010-12-31", "2018-06-30", "2019-08-15", "2020-12-31", "2025-12-31"])
def test_recognisers_agree_with_the_data_files(graph, csv_recognitions, csv_acts, csv_claims, viewpoint, as_of) -> None:  # noqa: ANN001
    got = graph.query("recognisers-as-of", viewpoint=viewpoint, as_of=as_of)
    assert set(got.recognizer) == _recognisers(csv_recognitions, csv_acts, csv_claims, viewpoint, as_of)


def test_viewpoints_on_suriname(graph) -> None:  # noqa: ANN001
    kosovo = graph.query("recognisers-as-of", viewpoint="kosovo", as_of="2018-01-01").set_index("recognizer")
    assert kosovo.loc["SUR", "withdrawal_claimed"]
    assert not kosovo.loc["USA", "withdrawal_claimed"]
    serbia = graph.query("recognisers-as-of", viewpoint="serbia", as_of="2018-01-01")
    assert "SUR" not in set(serbia.recognizer) and "GNB" not in set(serbia.recognizer)
    undisputed = graph.query("recognisers-as-of", viewpoint="undisputed", as_of="2020-01-01")
    assert "SUR" in set(undisputed.recognizer)       # Kosovo disputes Serbia's claim
    assert "CAF" not in set(undisputed.recognizer)   # nobody is recorded disputing it


def test_non_un_recognisers_are_listed(graph) -> None:  # noqa: ANN001
    got = graph.query("recognisers-as-of").set_index("recognizer")
    assert got.loc["TWN", "un_status"] == "none"
    assert got.loc["XOM", "un_status"] == "observer_entity"


# -- non-recognisers -------------------------------------------------------------------------

def test_non_recognisers_today(graph, csv_states, csv_recognitions, csv_acts, csv_claims) -> None:  # noqa: ANN001
    today = TODAY.isoformat()
    got = graph.query("non-recognisers")
    members = set(_un_members(csv_states, today).id)
    assert set(got.code) == members - _recognisers(csv_recognitions, csv_acts, csv_claims, "kosovo", today)
    assert {"SRB", "ESP", "GRC", "CYP", "ROU", "SVK", "RUS", "CHN", "IND", "BRA"} <= set(got.code)
    assert not {"USA", "ALB", "DEU"} & set(got.code)
    assert not got.recognised_before.any()


def test_non_recognisers_respect_admission_and_viewpoint(graph) -> None:  # noqa: ANN001
    early = graph.query("non-recognisers", as_of="2010-01-01")
    assert "SSD" not in set(early.code)               # South Sudan joined the UN on 2011-07-14
    serbia = graph.query("non-recognisers", viewpoint="serbia").set_index("code")
    assert serbia.loc["SUR", "recognised_before"]
    assert not serbia.loc["SRB", "recognised_before"]


# -- recognitions-by-region ------------------------------------------------------------------

@pytest.mark.parametrize("level", ["region", "sub_region"])
def test_regions_agree_with_the_data_files(graph, csv_states, csv_recognitions, csv_acts, csv_claims, level) -> None:  # noqa: ANN001
    as_of = "2020-01-01"
    got = graph.query("recognitions-by-region", as_of=as_of, viewpoint="serbia", level=level)
    members = _un_members(csv_states, as_of)
    recognisers = _recognisers(csv_recognitions, csv_acts, csv_claims, "serbia", as_of)
    keys = ["region", "sub_region"] if level == "sub_region" else ["region"]
    expected = members.assign(rec=members.id.isin(recognisers)).groupby(keys).agg(
        un_members=("id", "size"), recognising=("rec", "sum")).reset_index()
    got = got.sort_values(keys).reset_index(drop=True)
    expected = expected.sort_values(keys).reset_index(drop=True)
    assert list(got.un_members) == list(expected.un_members)
    assert list(got.recognising_members) == list(expected.recognising)
    assert got.un_members.sum() == 193


def test_region_shares(graph) -> None:  # noqa: ANN001
    got = graph.query("recognitions-by-region", as_of="2010-01-01").set_index("region")
    assert got.un_members.sum() == 192                # before South Sudan
    europe = got.loc["Europe"]
    assert europe.share_pct == round(1000 * europe.recognising_members / europe.un_members) / 10
    assert str(got.share_pct.dtype) == "Float64"


# -- withdrawal-claims -----------------------------------------------------------------------

def test_withdrawal_claims(graph, csv_claims) -> None:  # noqa: ANN001
    got = graph.query("withdrawal-claims").set_index("claim")
    assert len(got) == len(csv_claims) == 27
    assert (got.status == "undisputed").sum() == (csv_claims.disputed_by == "").sum()
    suriname = got.loc["wc-SUR"]
    assert suriname.recognizer == "SUR" and suriname.claimed_by == "SRB"
    assert suriname.claim_date == pd.Timestamp("2017-10-31")
    assert suriname.status == "disputed" and suriname.disputed_by == "XKX"
    assert "https://www.slobodnaevropa.org/" in suriname.claim_sources
    assert set(got.loc["wc-GNB", "disputed_by"].split("; ")) == {"GNB", "XKX"}
    assert got.loc["wc-STP", "claim_date_precision"] == "month"


# -- fact-sources ----------------------------------------------------------------------------

def test_fact_sources_for_suriname(graph, csv_states, csv_recognitions, csv_claims) -> None:  # noqa: ANN001
    got = graph.query("fact-sources", state="SUR")
    assert set(got.fact) == {"SUR", "SUR-XKX", "wc-SUR"}
    claim = csv_claims.set_index("id").loc["wc-SUR"]
    expected = {
        "SUR": set(csv_states.set_index("id").loc["SUR", "sources"].split(";")),
        "SUR-XKX": set(csv_recognitions.set_index("id").loc["SUR-XKX", "sources"].split(";")),
        "wc-SUR": set(";".join([claim.claim_sources, claim.dispute_sources, claim.confirm_sources]).strip(";").split(";")) - {""},
    }
    for fact, sources in expected.items():
        assert set(got[got.fact == fact].source) == sources
    roles = got.drop_duplicates("fact").set_index("fact").role
    assert roles["SUR"] == "the state itself"
    assert roles["SUR-XKX"] == "recogniser"
    assert roles["wc-SUR"] == "its recognition is claimed withdrawn"
    assert set(got.drop_duplicates("fact").set_index("fact").fact_type) == {"state", "recognition", "withdrawal claim"}
    assert got.url.notna().all()


def test_fact_sources_for_kosovo_include_every_recognition(graph, csv_recognitions) -> None:  # noqa: ANN001
    got = graph.query("fact-sources", state="XKX")
    assert set(got[got.fact_type == "recognition"].fact) == set(csv_recognitions.id)
    assert (got[got.fact == "XKX"].fact_type == "state with limited recognition").all()


# -- parameters ------------------------------------------------------------------------------

def test_parameters_are_checked(graph) -> None:  # noqa: ANN001
    with pytest.raises(QueryError, match='parameter viewpoint: "belgrade" is not one of: kosovo, serbia, undisputed'):
        graph.query("recognition-timeline", viewpoint="belgrade")
    with pytest.raises(QueryError, match='parameter as_of: "2020-13-01" is not a date as YYYY-MM-DD'):
        graph.query("recognisers-as-of", as_of="2020-13-01")
    with pytest.raises(QueryError, match="query 'withdrawal-claims' has no parameter 'as_of' "
                                          r"\(its parameters: state\)"):
        graph.query("withdrawal-claims", as_of="2020-01-01")
    with pytest.raises(QueryError, match="no query named 'timeline'"):
        graph.query("timeline")


def test_parameter_values_are_written_as_checked_terms_never_as_text(graph) -> None:  # noqa: ANN001
    # A value that would break the query if its text were pasted in is just a state key, or
    # just a string literal: the library refuses it as an unknown id, and the query itself,
    # run without that check, finds nothing.
    with pytest.raises(ParameterError, match='no state "SUR\\" } UNION'):
        graph.query("fact-sources", state='SUR" } UNION { ?x ?y ?z')
    assert queries.run(graph.store, queries.resolve("fact-sources"), {"state": 'SUR" } UNION { ?x ?y ?z'}).empty
    assert queries.run(graph.store, queries.resolve("campaigns"), {"theme": 'x" } UNION { ?s ?p ?o } #'}).empty
    query = queries.resolve("campaigns")
    assert '"x\\" } UNION { ?s ?p ?o } #"' in queries.written(query, {"theme": 'x" } UNION { ?s ?p ?o } #'})


def test_a_header_with_an_unquoted_comma_is_refused(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "broken.rq"
    path.write_text("#+ title: Broken\n#+ params:\n#+   state: {type: state, description: A state, or all.}\n"
                    "SELECT ?state WHERE { }\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"parameter 'state' has unknown keys or all\. \(expected default, "
                                         r"description, enum, ids, list, type; quote a description that holds a comma\)"):
        queries.load_query_file(path)


def test_no_shipped_query_has_a_shape_virtuoso_answers_wrong() -> None:
    """Every .rq shipped (questions, examples, checks, derivations) avoids what Virtuoso 7.2 is known
    to answer wrong (kg.engines; queries/README.md), so --endpoint never warns about one."""
    from kg.engines import caveats
    from kg.paths import QUERIES_DIR

    texts = {str(p.relative_to(QUERIES_DIR)): p.read_text(encoding="utf-8") for p in QUERIES_DIR.rglob("*.r[qu]")}
    assert len(texts) > 60
    found = {name: caveats("Virtuoso/07.20.3229 (Linux) x86_64-linux-gnu", text) for name, text in texts.items()}
    assert {name: warned for name, warned in found.items() if warned} == {}


def test_the_caveats_name_virtuoso_and_less_or_equal_only() -> None:
    from kg.engines import caveats

    text = 'SELECT * { ?o dk:refDate ?on FILTER(?on <= "2019-01-18"^^xsd:date) } # <= in a comment'
    assert caveats("Oxigraph/0.5.3", text) == []
    assert [c[:40] for c in caveats("Virtuoso/07.20.3229 (Linux)", text)] == ["Virtuoso 7.2 drops rows at `<=` on dates"]
    assert caveats("Virtuoso/07.20.3229", 'SELECT * { FILTER(?a < ?b || ?s = "<=") } # ?a <= ?b') == []
