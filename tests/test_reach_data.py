"""Bad rows in the traditional-reach tables are reported with file, line and column, all at
once, by the schema (the row checker) and by the graph checks (SHACL and the
violation queries); and the shipped tables hold the facts scholars rely on."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kg import build as builder
from kg.errors import InvalidDataError
from kg.schema import DataPackage
from tests.test_schema import line_of, rewrite

MISSION_KINDS = "embassy, consulate_general, consulate, honorary_consulate, permanent_mission, liaison_office"


def _set(table: Path, key: str, **cells: str) -> int:
    """Change cells of the row ``key`` of ``table``; return its line."""
    def change(rows, fields):  # noqa: ANN001, ANN202
        row = next(r for r in rows if r["id"] == key)
        row.update(cells)
        return fields
    return line_of(rewrite(table, change), key)


def test_schema_problems_in_the_new_tables(data_copy: Path) -> None:
    m = _set(data_copy / "memberships.csv", "ALB-NATO", organisation="NATOO")
    r = _set(data_copy / "memberships.csv", "XKX-IMF", role="founder")
    k = _set(data_copy / "missions.csv", "XKX-USA-embassy-washington", kind="ambassador")
    a = _set(data_copy / "missions.csv", "XKX-SEN-embassy-dakar", accredited_to="TCD;XYZ")
    v = _set(data_copy / "application_steps.csv", "XKX-UNESCO-2015-2", votes_for="ninety-two")
    e = _set(data_copy / "relations.csv", "ALB-IRN-severed", event="broken", date="2022-09-31")
    o = _set(data_copy / "applications.csv", "XKX-UNESCO-2015", organisation="UNESCOO")
    q = _set(data_copy / "organisations.csv", "EU", wikidata="Q-458", kind="supranational")
    assert sorted(str(p) for p in DataPackage(data_copy).check()) == sorted([
        f'data/application_steps.csv:{v}:6: "ninety-two" in column "votes_for" is not a whole number of votes',
        f'data/applications.csv:{o}:3: unknown organisation "UNESCOO" in column "organisation": '
        "not an id in organisations.csv",
        f'data/organisations.csv:{q}:3: "supranational" in column "kind" is not one of: universal, regional, '
        "cross_regional, financial, security, trade, sporting, forum, advisory",
        f'data/organisations.csv:{q}:4: "Q-458" in column "wikidata" is not a Wikidata item id such as Q458',
        f'data/memberships.csv:{m}:3: unknown organisation "NATOO" in column "organisation": '
        "not an id in organisations.csv",
        f'data/memberships.csv:{r}:4: "founder" in column "role" is not one of: member, associate_member, observer, '
        "partner, permanent_member, unmik_representation, footnote_designation, elected_member",
        f'data/missions.csv:{k}:3: "ambassador" in column "kind" is not one of: {MISSION_KINDS}',
        f'data/missions.csv:{a}:9: unknown state "XYZ" in column "accredited_to": not an id in states.csv',
        f'data/relations.csv:{e}:4: "broken" in column "event" is not one of: established, suspended, severed, restored',
        f'data/relations.csv:{e}:5: "2022-09-31" in column "date" is not a real date',
    ])


def test_graph_problems_in_the_new_tables(data_copy: Path) -> None:
    end = _set(data_copy / "memberships.csv", "XKX-FIFA", end="2015")
    admitted = _set(data_copy / "applications.csv", "XKX-UNESCO-2015", outcome="admitted")
    pending = _set(data_copy / "applications.csv", "ALB-NATO-1992", outcome="pending", decided="")
    mission = _set(data_copy / "missions.csv", "ALB-USA-permanent_mission-new-york", organisation="")
    embassy = _set(data_copy / "missions.csv", "XKX-USA-embassy-washington", organisation="UN", accredited_to="USA")
    step = _set(data_copy / "application_steps.csv", "XKX-COE-2022-1", date="2021-01-01")
    with pytest.raises(InvalidDataError) as failure:
        builder.validate(data_copy)
    assert sorted(str(p) for p in failure.value.problems) == sorted([
        f"data/application_steps.csv:{step}:3: step dated 2021-01-01 is before application XKX-COE-2022 was lodged "
        "(2022-05-12) [step-before-application-violation]",
        f"data/applications.csv:{pending}:5: application ALB-NATO-1992 is pending but ALB is a member of NATO "
        "(ALB-NATO) [application-membership-violation]",
        f"data/applications.csv:{admitted}:5: application XKX-UNESCO-2015 is admitted but there is no membership "
        "of XKX in UNESCO from the day it was lodged [application-membership-violation]",
        f"data/memberships.csv:{end}:5: The start date is after the end date. (value: 2016-05-13)",
        f"data/missions.csv:{mission}:5: a permanent mission needs the organisation it is accredited to "
        "[mission-organisation-violation]",
        f"data/missions.csv:{embassy}:5: only a permanent mission names an organisation, not a mission of kind "
        "embassy [mission-organisation-violation]",
        f"data/missions.csv:{embassy}:9: non-resident accreditation to USA names the host state or the sender "
        "[mission-organisation-violation]",
    ])


# -- the shipped tables --------------------------------------------------------------------------

def test_bloc_member_counts(csv_memberships: pd.DataFrame) -> None:
    current = csv_memberships[(csv_memberships.end == "") & csv_memberships.role.isin(["member", "permanent_member"])]
    counts = current.groupby("organisation").member.nunique()
    assert dict(counts[["EU", "NATO", "COE", "OSCE", "OIC", "G7", "G20", "UNSC"]]) == {
        "EU": 27, "NATO": 32, "COE": 46, "OSCE": 57, "OIC": 57, "G7": 7, "G20": 19, "UNSC": 5}
    ended = csv_memberships[csv_memberships.end != ""].set_index("id")
    assert ended.loc["GBR-EU", "end"] == "2020-01-31"
    assert ended.loc["RUS-COE", "end"] == "2022-03-16"


def test_kosovo_and_albania_memberships(csv_memberships: pd.DataFrame) -> None:
    rows = csv_memberships.set_index("id")
    assert rows.loc["XKX-IMF", "start"] == "2009-06-29"
    assert rows.loc["ALB-NATO", "start"] == "2009-04-01"
    assert rows.loc["XKX-FIFA", "start"] == "2016-05-13"
    assert rows.loc["ALB-WTO", "start"] == "2000-09-08"
    assert "XKX-UNESCO" not in rows.index and "XKX-INTERPOL" not in rows.index


def test_missions_are_cited_and_typed(csv_missions: pd.DataFrame, csv_organisations: pd.DataFrame) -> None:
    assert set(csv_missions.kind) <= set(MISSION_KINDS.split(", "))
    permanent = csv_missions[csv_missions.kind == "permanent_mission"]
    assert (permanent.organisation != "").all()
    assert set(permanent.organisation) <= set(csv_organisations.id)
    serbia = csv_missions.set_index("id").loc["XKX-SRB-liaison_office-belgrade"]
    assert serbia.opened == "2013-06-17"
