"""The traditional-reach questions (organisations, applications, relations, missions), run on
the shipped data and checked against the CSVs (with pandas) and against known facts."""

from __future__ import annotations

import pandas as pd
import pytest

EU_NON_RECOGNISERS = {"CYP", "GRC", "ROU", "SVK", "ESP"}
FULL = {"member", "permanent_member"}


def _active(frame: pd.DataFrame, as_of: str, start: str = "start", end: str = "end") -> pd.DataFrame:
    return frame[((frame[start] == "") | (frame[start] <= as_of)) & ((frame[end] == "") | (frame[end] > as_of))]


def _bloc(memberships: pd.DataFrame, states: pd.DataFrame, bloc: str, as_of: str) -> set[str]:
    if bloc == "UN":
        un = states[(states.un_status == "member") & (states.un_admission_date <= as_of)]
        return set(un.id)
    rows = _active(memberships[(memberships.organisation == bloc) & memberships.role.isin(FULL)], as_of)
    return set(rows.member)


# -- bloc-recognition --------------------------------------------------------------------------

def test_the_eu_splits_22_to_5(graph) -> None:  # noqa: ANN001
    got = graph.query("bloc-recognition", bloc="EU", as_of="2025-01-01")
    assert len(got) == 27
    assert set(got[~got.recognises].member) == EU_NON_RECOGNISERS
    assert got.recognises.sum() == 22
    assert got.set_index("member").loc["FRA", "recognised_on"].strftime("%Y-%m-%d") == "2008-02-18"
    assert got.set_index("member").loc["HRV", "member_since"].strftime("%Y-%m-%d") == "2013-07-01"


def test_the_eu_before_croatia_joined_and_with_the_united_kingdom(graph) -> None:  # noqa: ANN001
    got = graph.query("bloc-recognition", bloc="EU", as_of="2013-06-30").set_index("member")
    assert len(got) == 27 and "GBR" in got.index and "HRV" not in got.index
    assert bool(got.loc["GBR", "recognises"])


@pytest.mark.parametrize("bloc", ["EU", "NATO", "OIC", "COE", "OSCE", "G7", "G20", "UNSC", "UN"])
@pytest.mark.parametrize("as_of", ["2010-01-01", "2025-01-01"])
def test_blocs_agree_with_the_data_files(graph, csv_memberships, csv_states, csv_recognitions, bloc, as_of) -> None:  # noqa: ANN001
    got = graph.query("bloc-recognition", bloc=bloc, as_of=as_of)
    members = _bloc(csv_memberships, csv_states, bloc, as_of) - {"XKX"}
    recognisers = set(csv_recognitions[csv_recognitions.date <= as_of].recognizer)
    assert set(got.member) == members
    assert set(got[got.recognises].member) == members & recognisers


def test_unsc_permanent_members(graph) -> None:  # noqa: ANN001
    got = graph.query("bloc-recognition", bloc="UNSC", as_of="2025-01-01").set_index("member")
    assert sorted(got.index) == ["CHN", "FRA", "GBR", "RUS", "USA"]
    assert set(got.role) == {"permanent_member"}
    assert {m for m in got.index if got.loc[m, "recognises"]} == {"FRA", "GBR", "USA"}


def test_observers_only_when_asked(graph, csv_memberships) -> None:  # noqa: ANN001
    observers = set(csv_memberships[(csv_memberships.organisation == "OIC")
                                    & (csv_memberships.role == "observer") & (csv_memberships.end == "")].member)
    assert "XNC" in observers
    plain = graph.query("bloc-recognition", bloc="OIC")
    wide = graph.query("bloc-recognition", bloc="OIC", include_observers=True)
    assert set(wide.member) - set(plain.member) == observers
    assert set(wide[wide.role == "observer"].member) == observers


def test_serbia_viewpoint_drops_claimed_withdrawals_in_the_oic(graph, csv_claims, csv_recognitions) -> None:  # noqa: ANN001
    kosovo = graph.query("bloc-recognition", bloc="OIC", as_of="2025-01-01")
    serbia = graph.query("bloc-recognition", bloc="OIC", as_of="2025-01-01", viewpoint="serbia")
    lost = set(kosovo[kosovo.recognises].member) - set(serbia[serbia.recognises].member)
    claimed = csv_claims[csv_claims.claim_date <= "2025-01-01"].recognition.str[:3]
    assert lost == set(claimed) & set(kosovo.member)
    assert lost  # e.g. Comoros, Guinea-Bissau, Suriname are OIC members


# -- memberships-compared ----------------------------------------------------------------------

def test_albania_in_nato_kosovo_not_both_in_the_imf(graph) -> None:  # noqa: ANN001
    got = graph.query("memberships-compared").set_index("organisation")
    assert got.loc["NATO", "presence"] == "ALB"
    assert got.loc["NATO", "second_since"].strftime("%Y-%m-%d") == "2009-04-01"
    assert pd.isna(got.loc["NATO", "first_role"])
    assert got.loc["IMF", "presence"] == "both"
    assert got.loc["IMF", "first_since"].strftime("%Y-%m-%d") == "2009-06-29"
    assert got.loc["UN", "presence"] == "ALB"
    assert got.loc["UN", "second_since"].strftime("%Y-%m-%d") == "1955-12-14"
    assert got.loc["FIFA", "presence"] == "both"
    assert got.loc["FIFA", "first_since"].strftime("%Y-%m-%d") == "2016-05-13"


def test_memberships_compared_agrees_with_the_data_files(graph, csv_memberships, csv_states) -> None:  # noqa: ANN001
    as_of = "2020-01-01"
    got = graph.query("memberships-compared", as_of=as_of)
    rows = _active(csv_memberships[csv_memberships.member.isin(["XKX", "ALB"])], as_of)
    expected = {o: set(rows[rows.organisation == o].member) for o in set(rows.organisation)}
    expected["UN"] = {"ALB"}
    presence = {o: ("both" if m == {"XKX", "ALB"} else m.pop()) for o, m in expected.items()}
    assert dict(zip(got.organisation, got.presence, strict=True)) == presence


def test_memberships_compared_other_states(graph) -> None:  # noqa: ANN001
    got = graph.query("memberships-compared", first="SRB", second="MNE", as_of="2025-01-01").set_index("organisation")
    assert got.loc["NATO", "presence"] == "MNE"
    assert got.loc["UN", "presence"] == "both"
