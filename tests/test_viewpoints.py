"""The viewpoints: defined once (ontology/vocab/viewpoint.ttl, rules in queries/derive/standings.rq),
quoted identically wherever they are documented, and giving the counts each side publishes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg import derive, iris
from kg.namespaces import DK, PREFIXES
from kg.paths import QUERIES_DIR, ROOT
from kg.queries import registry
from kg.vocab import definitions, notations
from tests import viewpoints


def test_the_scheme_the_rules_and_the_reference_name_the_same_viewpoints() -> None:
    rules = (QUERIES_DIR / "derive" / "standings.rq").read_text(encoding="utf-8")
    listed = re.search(r'FILTER\(\?viewpoint IN \(([^)]*)\)\)', rules)
    assert listed is not None
    assert set(re.findall(r'"([a-z-]+)"', listed.group(1))) == set(notations(DK.ViewpointScheme)) \
        == set(viewpoints.VIEWPOINTS) == {"kosovo", "serbia", "undisputed"}


@pytest.mark.parametrize("document", ["README.md", "docs/guide.md"])
def test_every_document_quotes_the_definitions(document: str) -> None:
    text = (ROOT / document).read_text(encoding="utf-8")
    for code, definition in definitions(DK.ViewpointScheme):
        assert f"| `{code}` | {definition} |" in text


def test_every_query_with_a_viewpoint_documents_them_all() -> None:
    with_viewpoint = [q for q in registry().values() if any(p.type == "viewpoint" for p in q.params)]
    assert len(with_viewpoint) == 9
    for query in with_viewpoint:
        assert query.param("viewpoint").enum == ("kosovo", "serbia", "undisputed")  # type: ignore[union-attr]
        page = (ROOT / "docs" / "queries" / f"{query.name}.md").read_text(encoding="utf-8")
        for code, definition in definitions(DK.ViewpointScheme):
            assert f"| `{code}` | {definition} |" in page, query.name
    # no query applies a viewpoint by hand: they read the standings
    for query in registry().values():
        assert '?viewpoint = "serbia"' not in query.text, query.name


def _standing(key: str, start: str, until: str | None, recognizer: str = "GNB") -> derive.Standing:
    return derive.Standing(iris.mint("recognition", key), key, recognizer, "XKX", "serbia",
                           iris.mint("recognition", "concept"), dt.date.fromisoformat(start),
                           dt.date.fromisoformat(until) if until else None)


def test_a_second_recognition_by_the_same_polity_is_counted_once() -> None:
    # withdrawn, then recognised again: two periods
    apart = list(derive.merged([_standing("GNB-XKX", "2011-01-10", "2017-11-21"),
                                _standing("GNB-XKX-2", "2020-05-01", None)]))
    assert [(s.key, s.until) for s in apart] == [("GNB-XKX", dt.date(2017, 11, 21)), ("GNB-XKX-2", None)]
    # recognised again while the first still counted: one period, to the later end
    overlapping = list(derive.merged([_standing("GNB-XKX", "2011-01-10", "2017-11-21"),
                                      _standing("GNB-XKX-2", "2015-05-01", None)]))
    assert [(s.key, s.until) for s in overlapping] == [("GNB-XKX", None)]


_DAY = st.dates(dt.date(2008, 1, 1), dt.date(2008, 3, 1))


@given(st.lists(st.tuples(_DAY, st.one_of(st.none(), st.integers(0, 40))), min_size=1, max_size=6))
def test_a_polity_holds_at_most_one_standing_on_any_day(periods: list[tuple[dt.date, int | None]]) -> None:
    # traditional-reach counts the standings held on a day, not their holders: it relies on this
    standings = [_standing(f"GNB-XKX-{n}", str(start), None if days is None else str(start + dt.timedelta(days)))
                 for n, (start, days) in enumerate(periods)]
    def held(s: derive.Standing, day: dt.date) -> bool:
        return s.start <= day and (s.until is None or day < s.until)
    merged = list(derive.merged([dataclasses.replace(s) for s in standings]))
    for day in (dt.date(2007, 12, 31) + dt.timedelta(n) for n in range(120)):
        assert sum(held(s, day) for s in merged) == (1 if any(held(s, day) for s in standings) else 0), day


@pytest.mark.parametrize("as_of", ["2008-12-31", "2012-06-30", "2017-12-31", "2020-12-31", "2023-01-05",
                                   "2025-12-31"])
def test_recognition_counts_agree_with_the_data_files(graph, csv_states, csv_recognitions, csv_acts,  # noqa: ANN001
                                                      csv_claims, as_of: str) -> None:
    got = graph.query("recognition-counts", as_of=as_of).set_index("viewpoint")
    assert list(got.index) == ["kosovo", "serbia", "undisputed"]
    un = set(csv_states[(csv_states.un_status == "member") & (csv_states.un_admission_date <= as_of)].id)
    for viewpoint in viewpoints.VIEWPOINTS:
        held = viewpoints.recognisers(csv_recognitions, csv_acts, csv_claims, viewpoint, as_of)
        row = got.loc[viewpoint]
        assert (row.recognisers, row.un_members, row.other_polities) == (len(held), len(held & un), len(held - un))


def test_recognition_differences_list_the_polities_behind_the_counts(graph, csv_recognitions, csv_acts,  # noqa: ANN001
                                                                    csv_claims) -> None:
    as_of = "2025-12-31"
    got = graph.query("recognition-differences", as_of=as_of).set_index("recognizer")
    held = {v: viewpoints.recognisers(csv_recognitions, csv_acts, csv_claims, v, as_of) for v in viewpoints.VIEWPOINTS}
    anywhere = set().union(*held.values())
    differing = {p for p in anywhere if not all(p in h for h in held.values())}
    assert set(got.index) == differing
    for polity in differing:
        assert got.loc[polity, "counted_under"] == ";".join(v for v in viewpoints.VIEWPOINTS if polity in held[v])
    counts = graph.query("recognition-counts", as_of=as_of).set_index("viewpoint").recognisers
    for a in viewpoints.VIEWPOINTS:   # the rows explain the totals: each side's total is the rows it counts
        for b in viewpoints.VIEWPOINTS:
            only_a = got.counted_under.str.split(";").map(lambda vs, a=a, b=b: a in vs and b not in vs).sum()
            only_b = got.counted_under.str.split(";").map(lambda vs, a=a, b=b: b in vs and a not in vs).sum()
            assert counts[a] - counts[b] == only_a - only_b


def test_standings_are_written_for_every_recognition_and_viewpoint(graph, csv_recognitions) -> None:  # noqa: ANN001
    frame = pd.DataFrame(
        [(s["v"].value, int(s["n"].value)) for s in graph.store.query(  # type: ignore[union-attr]
            "SELECT ?v (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/dipkg/ontology#RecognitionStanding> ; "
            "<https://w3id.org/dipkg/ontology#viewpoint>/<http://www.w3.org/2004/02/skos/core#notation> ?v } "
            "GROUP BY ?v", use_default_graph_as_union=True)], columns=["viewpoint", "standings"]).set_index("viewpoint")
    assert frame.loc["kosovo", "standings"] == len(csv_recognitions) - 2   # not Mali's (disputed by Kosovo), not Jamaica's
    assert frame.loc["serbia", "standings"] == frame.loc["undisputed", "standings"] == len(csv_recognitions) - 8


def test_a_tally_gathers_the_standings_of_one_state_under_one_viewpoint(graph) -> None:  # noqa: ANN001
    """Each tally holds exactly the standings of its state's recognitions under its viewpoint, and
    each standing names the recognising polity (dk:heldBy): what the questions read instead of
    the recognitions."""
    def rows(query: str) -> list[tuple[str, ...]]:
        return sorted(tuple(term.value for term in solution) for solution in graph.store.query(  # type: ignore[union-attr]
            query, prefixes=PREFIXES, use_default_graph_as_union=True))

    tallied = rows("SELECT ?tally ?state ?v ?standing ?by WHERE { ?tally a dk:RecognitionTally ; dk:tallyOf ?state ; "
                   "dk:viewpoint/skos:notation ?v ; dk:tallies ?standing . ?standing dk:heldBy ?by }")
    standings = rows("SELECT ?state ?v ?standing ?by WHERE { ?standing dk:standingOf ?rec ; "
                     "dk:viewpoint/skos:notation ?v . ?rec dk:recognised ?state ; dk:recogniser ?by }")
    assert [row[1:] for row in tallied] == standings
    assert {(tally, state, v) for tally, state, v, _, _ in tallied} == {
        (f"https://w3id.org/dipkg/id/recognition-tally/XKX.{v}", "https://w3id.org/dipkg/id/state/XKX", v)
        for v in ("kosovo", "serbia", "undisputed")}
    assert len(tallied) == len(standings) == 363
    assert rows("SELECT ?label WHERE { recognition-tally:XKX.serbia rdfs:label ?label }") == [
        ("Recognitions of Kosovo under the viewpoint 'serbia'",)]


# -- the figures each side has published ------------------------------------------------------
# Each: the day, who published it, the public source, and the figure. The ministry's figures
# count UN member states (its 2009 statement says so; its ordinals match the UN-member count).

KOSOVO_PUBLISHED = [
    ("2009-03-26", "Kosovo's foreign ministry (Minister Hyseni): 56 UN member states have recognised",
     "http://www.mfa-ks.net/?page=2,217,164", 56),
    ("2011-02-04", "Kosovo's foreign ministry: Oman the 75th state to recognise", "http://www.mfa-ks.net/?page=3,4,629", 75),
    ("2012-02-17", "Kosovo's foreign ministry: Uganda the 88th country to recognise",
     "http://www.mfa-ks.net/?page=2,4,1118", 88),
    ("2013-01-10", "Foreign Minister Hoxhaj to Balkan Insight: the precise number stands at 98",
     "https://eurasia.ro/2013/01/10/dispute-arises-over-kosovos-98th-recognition", 98),
    # Jamaica's act (announced by Kosovo's President on 2020-02-20, denied by Jamaica the next day)
    # is left out of the ministry's count (omitted_by XKX in rc-JAM): Israel is its 117th.
    ("2021-02-01", "Foreign Minister Haradinaj-Stublla: Israel the 117th state to recognise",
     "https://www.agenzianova.com/a/603d93e029b962.89957565/3333245/2021-02-26/kosovo-ambasciatore-demiri-arrivato-in-israele-3",
     117),
    ("2025-03-26", "President Osmani: Kenya the 118th country to recognise", "https://nin.rs/english/news/72393/kenya-recognizes-kosovo", 118),
    ("2025-12-19", "President Osmani: the Bahamas the 121st state to recognise",
     "https://lajmidites.com/bota/kosova/bahamas-njeh-kosoven-si-shtet-te-pavarur-osmani-nje-vendim-historik", 121),
]


@pytest.mark.parametrize(("as_of", "who", "source", "figure"), KOSOVO_PUBLISHED)
def test_the_kosovo_viewpoint_gives_the_ministrys_count(graph, as_of: str, who: str, source: str,  # noqa: ANN001
                                                       figure: int) -> None:
    got = graph.query("recognition-counts", as_of=as_of).set_index("viewpoint")
    assert got.loc["kosovo", "un_members"] == figure, f"{who} ({source})"


def test_recognition_claims_give_every_side_of_every_contested_act(graph, csv_acts, csv_recognitions) -> None:  # noqa: ANN001
    got = graph.query("recognition-claims").set_index("claim")
    assert sorted(got.index) == sorted(csv_acts.id) and len(got) == 8
    recognizer = csv_recognitions.set_index("id").recognizer
    for row in csv_acts.itertuples():
        claim = got.loc[row.id]
        for column in ("claimed_by", "disputed_by", "confirmed_by", "omitted_by"):
            assert (claim[column] if isinstance(claim[column], str) else "") == \
                ";".join(sorted(filter(None, getattr(row, column).split(";")))), (row.id, column)
        status = ("disputed" if row.disputed_by else
                  "undisputed" if recognizer[row.recognition] in row.confirmed_by.split(";") else "unconfirmed")
        assert claim.act_status == status, row.id
    jamaica = got.loc["rc-JAM"]
    assert jamaica.claim_date == pd.Timestamp("2020-02-20") and jamaica.act_status == "disputed"
    assert "https://kallxo.com/lajm/xhamajka-njeh-kosoven/" in jamaica.omission_sources
    assert "kosovo-ambasciatore-demiri-arrivato-in-israele" in jamaica.omission_sources
    assert got.loc["rc-UGA", "ordinal"] == 88 and got.loc["rc-OMN", "ordinal"] == 75


def test_the_ministry_leaves_out_an_act_kosovos_president_announced(graph) -> None:  # noqa: ANN001
    # Jamaica: asserted by Kosovo's President, denied by Jamaica, left out of the ministry's count;
    # no viewpoint counts it, and the claim keeps all three sides.
    counts = graph.query("recognition-counts", as_of="2020-02-21").set_index("viewpoint")
    assert counts.loc["kosovo", "un_members"] == 116
    differences = graph.query("recognition-differences", as_of="2025-12-31")
    assert "JAM" not in set(differences.recognizer)
    claims = graph.query("recognition-claims").set_index("recognizer")
    assert claims.loc["JAM", ["claimed_by", "disputed_by", "omitted_by"]].tolist() == ["XKX", "JAM", "XKX"]


def test_serbias_withdrawal_figures(graph) -> None:  # noqa: ANN001
    claims = graph.query("withdrawal-claims")
    # Serbian foreign ministry, 2019-11-22: Nauru "the 17th country to revoke"
    # (http://arhiviranisajt.msp.gov.rs/en/press-service/statements/..., source mfa-rs-2019-11-nauru)
    assert (claims.claim_date <= "2019-11-22").sum() == 17
    assert claims.set_index("recognizer").loc["NRU", "claim_date"] == pd.Timestamp("2019-11-22")
    # Serbian foreign ministry, 2025-03-26/27: 28 states withdrew or suspended recognition
    # (https://nin.rs/english/news/72393/kenya-recognizes-kosovo); 27 are named in any source found
    # (data/README.md), so dipkg holds one fewer.
    assert (claims.claim_date <= "2025-03-27").sum() == 28 - 1


@pytest.mark.parametrize(("as_of", "who", "source", "figure"), [
    ("2020-02-20", "Foreign Minister Dacic on TV Prva: of the 193 UN members 93 recognise, 5 are unclear",
     "https://telegraf.rs/amp/english/3156785-jamaica-denies-thacis-claim-we-did-not-recognize-so-called-kosovo", 93),
    ("2023-01-04", "President Vucic: only 84 recognise unequivocally, three are not completely clear",
     "https://cmio.org/en/world/835755-vucic-names-countries-that-have-withdrawn-recognition-of-kosovos-independence", 84),
])
def test_the_serbia_viewpoint_against_serbias_counts(graph, as_of: str, who: str, source: str,  # noqa: ANN001
                                                     figure: int) -> None:
    # Serbia's counts rest on withdrawals it has not all named, and set some states aside as
    # "unclear": the viewpoint built from the named claims is one above them both times.
    got = graph.query("recognition-counts", as_of=as_of).set_index("viewpoint")
    assert got.loc["serbia", "un_members"] == figure + 1, f"{who} ({source})"
    assert got.loc["serbia", "un_members"] < got.loc["undisputed", "un_members"] < got.loc["kosovo", "un_members"]


def test_contested_acts_are_listed_under_kosovos_viewpoint_with_their_dispute(graph) -> None:  # noqa: ANN001
    kosovo = graph.query("recognisers-as-of", viewpoint="kosovo", as_of="2025-12-31").set_index("recognizer")
    assert kosovo.loc["NGA", ["act_status", "act_disputed_by"]].tolist() == ["disputed", "NGA;SRB"]
    assert kosovo.loc["UGA", ["act_status", "act_disputed_by"]].tolist() == ["disputed", "SRB;UGA"]
    assert kosovo.loc["TZA", "act_status"] == "unconfirmed" and pd.isna(kosovo.loc["TZA", "act_disputed_by"])
    assert kosovo.loc["USA", "act_status"] == "undisputed"
    assert "MLI" not in kosovo.index     # Kosovo's own ministry disputes the act it was shown
    assert "JAM" not in kosovo.index     # and leaves out of its count the act its President announced
    for viewpoint in ("undisputed", "serbia"):
        others = graph.query("recognisers-as-of", viewpoint=viewpoint, as_of="2025-12-31")
        assert not {"NGA", "UGA", "TZA", "KNA", "JAM", "MLI", "OMN", "GNB"} & set(others.recognizer)
        assert set(others.act_status) == {"undisputed"}
