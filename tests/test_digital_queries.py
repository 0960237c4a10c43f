"""The digital-reach questions, run on the shipped data and checked against the CSVs (with
pandas) and against facts the sources give."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tests.viewpoints import last_day


def _split(cell: object) -> set[str]:
    return set(str(cell).split(";")) if isinstance(cell, str) and cell else set()


# -- campaigns -----------------------------------------------------------------------------------

def test_campaigns_agree_with_the_csv(graph, csv_campaigns) -> None:  # noqa: ANN001
    got = graph.query("campaigns").set_index("campaign")
    assert set(got.index) == set(csv_campaigns.id)
    for row in csv_campaigns.itertuples():
        assert got.loc[row.id, "branded_state"] == row.state
        assert _split(got.loc[row.id, "themes"]) == _split(row.themes)
        assert _split(got.loc[row.id, "platforms"]) == _split(row.platforms)
        assert _split(got.loc[row.id, "sources"]) == _split(row.sources)


def test_young_europeans_and_digital_kosovo(graph) -> None:  # noqa: ANN001
    got = graph.query("campaigns", state="XKX", theme="youth").set_index("campaign")
    assert sorted(got.index) == ["digital-kosovo", "instakosova", "kosovo-digital-diplomacy-strategy",
                                 "kosovo-young-europeans", "wiki-academy-kosovo"]
    assert got.loc["kosovo-young-europeans", "start"] == pd.Timestamp("2009-10-26")
    assert got.loc["kosovo-young-europeans", "start_precision"] == "day"
    assert _split(got.loc["kosovo-young-europeans", "platforms"]) == {"facebook", "x", "youtube"}
    assert got.loc["digital-kosovo", "start"] == pd.Timestamp("2013-09-02")
    assert got.loc["wiki-academy-kosovo", "start_precision"] == "month"


def test_campaigns_on_x_running_in_2015(graph) -> None:  # noqa: ANN001
    got = graph.query("campaigns", platform="x", period_start="2015-01-01", period_end="2015-12-31")
    # Kosovo in UNESCO ran in 2015 (to the vote of 2015-11-09); #KosovoEverywhere has no dates, so counts.
    assert list(got.campaign) == ["kosovo-everywhere", "kosovo-young-europeans", "kosovo-in-unesco"]
    unesco = got.set_index("campaign").loc["kosovo-in-unesco"]
    assert (unesco.start_precision, unesco.end, unesco.end_precision) == ("year", pd.Timestamp("2015-11-09"), "day")
    assert graph.query("campaigns", platform="x", period_start="2016-01-01").campaign.tolist() == [
        "kosovo-everywhere", "kosovo-young-europeans"]


# -- digital-presence and follower-growth --------------------------------------------------------

def test_digital_presence_lists_every_account_with_its_latest_count(graph, csv_accounts) -> None:  # noqa: ANN001
    got = graph.query("digital-presence").set_index("account")
    assert set(got.index) == set(csv_accounts[csv_accounts.state.isin(["XKX", "ALB"])].id)
    rama = got.loc["x-ediramaal"]
    assert (rama.state, rama.holder_type, rama.platform_id, rama.handle) == ("ALB", "head_of_government", "x", "ediramaal")
    assert (rama.followers, rama.counted_on, rama.dataset) == (329000, pd.Timestamp("2019-01-18"), "followers")
    assert pd.isna(got.loc["x-mfakosovo", "followers"])
    assert got.loc["x-mfakosovo", "holder_type"] == "ministry"


def test_digital_presence_as_of_takes_the_count_known_then(graph) -> None:  # noqa: ANN001
    got = graph.query("digital-presence", states="ALB", platform="x", as_of="2015-01-01").set_index("account")
    assert got.loc["x-ediramaal", "followers"] == 32874
    assert got.loc["x-ediramaal", "counted_precision"] == "month"
    assert "x-xhacka-olta" in got.index  # opened date unknown: listed


def test_follower_growth_of_rama_on_x(graph, csv_follower_observations) -> None:  # noqa: ANN001
    got = graph.query("follower-growth", account="x-ediramaal")
    assert got.date.dt.strftime("%Y-%m-%d").tolist() == ["2012-08-01", "2019-01-18"]
    assert got.precision.tolist() == ["month", "day"]
    assert got.followers.tolist() == [32874, 329000]
    assert got.change.tolist()[1] == 329000 - 32874 and pd.isna(got.change.tolist()[0])
    assert got.previous_date.tolist()[1] == pd.Timestamp("2012-08-01")
    mine = csv_follower_observations[csv_follower_observations.account == "x-ediramaal"]
    assert sorted(got.followers) == sorted(mine.followers.astype(int))


def test_follower_growth_for_a_state_within_a_window(graph) -> None:  # noqa: ANN001
    got = graph.query("follower-growth", state="ALB", start="2019-01-01", end="2021-12-31")
    assert sorted(got.account_id) == ["instagram-ediramaal", "x-ediramaal"]
    # the 2012 count lies outside the window, so there is no previous count inside it
    assert got.previous_date.isna().all()
    assert graph.query("follower-growth", state="XKX").empty


# -- digital-vs-traditional ----------------------------------------------------------------------

def test_digital_against_traditional_reach_today(graph, csv_missions, csv_accounts, held_today) -> None:  # noqa: ANN001
    got = graph.query("digital-vs-traditional").set_index("state")
    today = dt.date.today().isoformat()
    for state in ("XKX", "ALB"):
        sent = csv_missions[(csv_missions.sender == state) & ((csv_missions.opened == "") | (csv_missions.opened.map(last_day) <= today))
                            & ((csv_missions.closed == "") | (csv_missions.closed > today))]
        assert got.loc[state, "missions_abroad"] == len(sent)
        assert got.loc[state, "accounts"] == (csv_accounts.state == state).sum()
    assert got.loc["XKX", "recognitions"] == len(held_today["kosovo"]) == 125 and pd.isna(got.loc["ALB", "recognitions"])
    assert (got.loc["ALB", "counted_accounts"], got.loc["ALB", "total_followers"]) == (3, 1500000 + 264000 + 329000)
    assert got.loc["ALB", "followers_per_mission"] == round(2093000 / got.loc["ALB", "missions_abroad"])
    assert got.loc["XKX", "counted_accounts"] == 0 and pd.isna(got.loc["XKX", "total_followers"])


def test_digital_against_traditional_reach_in_2020(graph) -> None:  # noqa: ANN001
    got = graph.query("digital-vs-traditional", as_of="2020-01-01").set_index("state")
    # Rama's Facebook count (2022) is not yet known; his X and Instagram counts of 2019-01-18 are
    assert (got.loc["ALB", "counted_accounts"], got.loc["ALB", "total_followers"]) == (2, 593000)
    assert got.loc["XKX", "recognitions"] == 120   # 116 made by then, with the contested acts Kosovo asserts


# -- image-vs-conditions -------------------------------------------------------------------------

def test_youth_campaigns_beside_youth_unemployment(graph) -> None:  # noqa: ANN001
    got = graph.query("image-vs-conditions", states="XKX", theme="youth", indicator="youth_unemployment",
                      years_if_no_end=10)
    assert set(got.campaign) == {"kosovo-young-europeans", "kosovo-digital-diplomacy-strategy",
                                 "wiki-academy-kosovo", "digital-kosovo"}
    young = got[got.campaign == "kosovo-young-europeans"]
    assert young.year.tolist() == [2015, 2016, 2018]
    assert young.value.tolist() == [52.7, 52.4, 55.4]
    assert set(young.code) == {"KAS-LFS"} and set(young.unit) == {"percent"}
    # without a sourced end, a campaign is its start year only by default: no youth data for 2009-2013
    assert graph.query("image-vs-conditions", states="XKX", theme="youth", indicator="youth_unemployment").empty


def test_a_dated_campaign_meets_the_indicators_of_its_years(graph, csv_indicators) -> None:  # noqa: ANN001
    got = graph.query("image-vs-conditions", states="XKX", theme="recognition")
    unesco = got[got.campaign == "kosovo-in-unesco"]
    expected = csv_indicators[(csv_indicators.state == "XKX") & (csv_indicators.year == "2015")]
    assert sorted(zip(unesco.indicator_code, unesco.code, strict=True)) == sorted(
        zip(expected.indicator, expected.code, strict=True))
    assert set(unesco.year) == {2015}


# -- incidents -----------------------------------------------------------------------------------

def test_the_2022_attack_on_albania_led_to_severed_relations(graph) -> None:  # noqa: ANN001
    got = graph.query("incidents", state="ALB", kind="cyber_attack").set_index("incident")
    attack = got.loc["alb-2022-07-government-cyberattack"]
    assert (attack.year, attack.date, attack.precision) == (2022, pd.Timestamp("2022-07-15"), "day")
    assert (attack.attributed_to, attack.actor) == ("IRN", "HomeLand Justice")
    assert _split(attack.attributed_by) == {"ALB", "USA", "GBR"}
    assert (attack.relations_event, attack.relations_event_type) == ("ALB-IRN-severed", "severed")
    assert attack.relations_event_date == pd.Timestamp("2022-09-07")
    assert list(got.index) == ["alb-2022-07-government-cyberattack", "alb-2022-09-tims-border-cyberattack",
                               "alb-2023-12-parliament-telecom-cyberattack", "alb-2024-01-instat-cyberattack",
                               "alb-2025-06-tirana-municipality-cyberattack"]


def test_incidents_agree_with_the_csv(graph, csv_incidents) -> None:  # noqa: ANN001
    got = graph.query("incidents").set_index("incident")
    assert set(got.index) == set(csv_incidents.id)
    for row in csv_incidents.itertuples():
        assert got.loc[row.id, "year"] == int(row.date[:4])
        assert _split(got.loc[row.id, "attributed_by"]) == _split(row.attributed_by)
    assert got[got.target_state == "XKX"].incident_kind.value_counts().to_dict() == {
        "disinformation": 5, "defacement": 1, "cyber_attack": 1, "ddos": 1}


# -- external-actors -----------------------------------------------------------------------------

def test_russian_instruments_in_the_region(graph) -> None:  # noqa: ANN001
    got = graph.query("external-actors", actor="russia").set_index("instrument")
    assert list(got.index) == ["russkiy-mir-centre-skopje", "russian-house-belgrade", "sputnik-srbija", "rt-balkan"]
    rt = got.loc["rt-balkan"]
    assert (rt.based_in, rt.city, rt.start_year, rt.started, rt.started_precision) == (
        "SRB", "Belgrade", 2022, pd.Timestamp("2022-11-15"), "day")
    assert _split(rt.serves) == {"SRB", "BIH"} and rt.languages == "sr"
    assert got.loc["sputnik-srbija", "started_precision"] == "year"


def test_instruments_by_actor_and_country_agree_with_the_csv(graph, csv_instruments) -> None:  # noqa: ANN001
    got = graph.query("external-actors")
    assert len(got) == len(csv_instruments)
    assert got.groupby("actor_id").size().to_dict() == csv_instruments.groupby("actor").size().to_dict()
    in_kosovo = graph.query("external-actors", country="XKX")
    expected = csv_instruments[(csv_instruments.host_state == "XKX")
                               | csv_instruments.serves.str.split(";").apply(lambda s: "XKX" in s)]
    assert set(in_kosovo.instrument) == set(expected.id)
    assert {"trt-balkan-sarajevo", "eu-office-kosovo", "tika-pristina"} <= set(in_kosovo.instrument)
