"""Bad rows in the digital-reach tables are reported with file, line and column, all at once,
by the schema and by the graph checks; and the shipped tables hold what scholars rely on."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kg import build as builder
from kg.errors import InvalidDataError
from kg.schema import DataPackage
from tests.test_schema import rewrite


def _set(table: Path, match: dict[str, str], **cells: str) -> int:
    """Change cells of the first row matching ``match``; return its line."""
    lines: list[int] = []

    def change(rows, fields):  # noqa: ANN001, ANN202
        index, row = next((i, r) for i, r in enumerate(rows) if all(r[k] == v for k, v in match.items()))
        row.update(cells)
        lines.append(index + 2)
        return fields
    rewrite(table, change)
    return lines[0]


def test_schema_problems_in_the_digital_tables(data_copy: Path) -> None:
    theme = _set(data_copy / "campaigns.csv", {"id": "digital-kosovo"}, themes="youth;nostalgia", platforms="x;myspace")
    holder = _set(data_copy / "accounts.csv", {"id": "x-mfakosovo"}, holder_type="troll", handle="@MFAKosovo")
    count = _set(data_copy / "follower_observations.csv", {"account": "x-ediramaal", "date": "2012-08"},
                 followers="-3")
    day = _set(data_copy / "follower_observations.csv", {"account": "facebook-ediramaal"}, date="2022-02-30")
    who = _set(data_copy / "incidents.csv", {"id": "alb-2022-07-government-cyberattack"}, attributed_by="ALB;NATOO")
    value = _set(data_copy / "indicators.csv", {"state": "XKX", "indicator": "youth_unemployment", "year": "2018"},
                 value="55,4")
    assert sorted(str(p) for p in DataPackage(data_copy).check()) == sorted([
        f'data/accounts.csv:{holder}:3: "@MFAKosovo" in column "handle" is not a handle without \'@\' or spaces',
        f'data/accounts.csv:{holder}:4: "troll" in column "holder_type" is not one of: ministry, minister, '
        "head_of_state, head_of_government, embassy, delegation, campaign, agency, media_outlet, cultural_institute",
        f'data/campaigns.csv:{theme}:7: unknown code "nostalgia" in column "themes"; expected codes separated by '
        "';' from culture, diaspora, european_identity, gratitude, innovation, investment, recognition, reform, "
        "sport, tourism, youth",
        f'data/campaigns.csv:{theme}:9: unknown platform "myspace" in column "platforms": not an id in platforms.csv',
        f'data/follower_observations.csv:{count}:3: "-3" in column "followers" is not a whole number from 0 to 10000000000 (more than the people on Earth)',
        f'data/follower_observations.csv:{day}:2: "2022-02-30" in column "date" is not a real date',
        f'data/incidents.csv:{who}:8: unknown state or organisation "NATOO" in column "attributed_by": not an id in '
        "states.csv or organisations.csv",
        f'data/indicators.csv:{value}:4: "55,4" in column "value" is not a number such as 49.4',
    ])


def test_graph_problems_in_the_digital_tables(data_copy: Path) -> None:
    early = _set(data_copy / "follower_observations.csv", {"account": "x-ediramaal", "date": "2012-08"}, date="2011-02")
    mission = _set(data_copy / "accounts.csv", {"id": "x-albanianmfa"}, mission="XKX-USA-embassy-washington")
    consequence = _set(data_copy / "incidents.csv", {"id": "xkx-2024-05-government-websites-ddos"},
                       relations_event="ALB-IRN-severed")
    with pytest.raises(InvalidDataError) as failure:
        builder.validate(data_copy)
    assert sorted(str(p) for p in failure.value.problems) == sorted([
        f"data/accounts.csv:{mission}:9: account of mission XKX-USA-embassy-washington must have state XKX and "
        "holder type embassy [account-holder-violation]",
        f"data/follower_observations.csv:{early}:2: follower count dated 2011-02-01 is before account x-ediramaal "
        "was opened (2011-03-28) [count-before-opening-violation]",
        f"data/incidents.csv:{consequence}:10: relations event ALB-IRN-severed must involve the incident's target "
        "state and not predate it (2024-05-07) [incident-relations-violation]",
    ])


# -- the shipped tables --------------------------------------------------------------------------

def test_every_count_and_value_names_where_it_was_published(csv_follower_observations, csv_indicators,  # noqa: ANN001
                                                            csv_sources) -> None:
    urls = dict(zip(csv_sources.id, csv_sources.url, strict=True))
    for frame in (csv_follower_observations, csv_indicators):
        cited = [s for cell in frame.sources for s in cell.split(";")]
        assert cited and all(urls.get(s, "").startswith(("http://", "https://")) for s in cited)


def test_platforms_are_aligned_with_wikidata(csv_platforms) -> None:  # noqa: ANN001
    got = csv_platforms.set_index("id")
    assert got.loc["x", ["wikidata", "handle_property"]].tolist() == ["Q918", "P2002"]
    assert got.loc["facebook", ["wikidata", "handle_property"]].tolist() == ["Q355", "P2013"]
    assert got.loc["instagram", ["wikidata", "handle_property"]].tolist() == ["Q209330", "P2003"]
    assert got.loc["youtube", ["wikidata", "handle_property"]].tolist() == ["Q866", "P2397"]
    assert got.loc["tiktok", ["wikidata", "handle_property"]].tolist() == ["Q48938223", "P7085"]


def test_the_named_campaigns_are_there(csv_campaigns) -> None:  # noqa: ANN001
    ids = set(csv_campaigns.id)
    assert {"digital-kosovo", "kosovo-thanks-you", "kosovo-young-europeans", "invest-in-albania",
            "albania-tourism-branding"} <= ids
    assert len(ids) == 18


def test_external_actors_act_for_a_state_or_the_eu(csv_external_actors, csv_instruments) -> None:  # noqa: ANN001
    got = csv_external_actors.set_index("id")
    assert got.state.to_dict() == {"china": "CHN", "eu": "", "russia": "RUS", "turkiye": "TUR"}
    assert got.loc["eu", "organisation"] == "EU"
    assert csv_instruments.groupby("actor").size().to_dict() == {"china": 9, "eu": 17, "russia": 4, "turkiye": 20}


def test_indicator_years_start_in_2008(csv_indicators) -> None:  # noqa: ANN001
    assert csv_indicators.year.astype(int).min() == 2008
    cpi = csv_indicators[csv_indicators.code == "CPI"].set_index(["state", "year"]).value
    assert cpi.loc[("ALB", "2016")] == "39" and cpi.loc[("XKX", "2013")] == "33"
    assert set(csv_indicators[csv_indicators.code == "CPI-0-10"].year) == {"2008", "2011"}
    assert pd.to_numeric(csv_indicators.value).notna().all()
