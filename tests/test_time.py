"""Time done right: a fact known only to its month or year counts from the end of that period,
and nothing of a state is dated before the state existed (Kosovo: 17 February 2008)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from kg import KnowledgeGraph
from kg import build as builder
from kg.errors import InvalidDataError
from kg.namespaces import PREFIXES


def _append(path: Path, *rows: str) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.writelines(row + "\n" for row in rows)


def _line(path: Path, prefix: str) -> int:
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if ln.startswith(prefix))


SOURCE = "wp-recognition-of-kosovo"


def test_a_year_precision_mission_never_counts_before_its_state_existed(data_copy: Path) -> None:
    # A mission of Kosovo and a membership of Kosovo known only to the year 2008.
    _append(data_copy / "missions.csv", f"XKX-ESP-embassy-madrid,XKX,embassy,ESP,,Madrid,2008,,,{SOURCE},fixture")
    _append(data_copy / "memberships.csv", f"XKX-OIC,XKX,OIC,observer,2008,,{SOURCE},fixture")
    graph = KnowledgeGraph.build(data_copy)

    before = graph.query("recognition-without-presence", as_of="2008-02-01")
    assert "ESP" not in set(before.counterpart)       # no mission of Kosovo before it declared independence
    during = graph.query("recognition-without-presence", as_of="2008-06-30")
    assert "ESP" not in set(during.counterpart)       # 2008 counts from 2008-12-31
    after = graph.query("recognition-without-presence", as_of="2008-12-31").set_index("counterpart")
    assert after.loc["ESP", "gap"] == "presence without recognition"   # Spain does not recognise Kosovo
    totals = {d: graph.query("mission-network", state="XKX", as_of=d).set_index("kind").loc["all", "missions"]
              for d in ("2008-02-01", "2008-12-30", "2008-12-31")}
    assert totals["2008-02-01"] == 0
    # what opened in 2008 or December 2008 (Brussels, London) and the fixture's embassy in Madrid
    year_end = pd.read_csv(data_copy / "missions.csv", dtype=str, keep_default_na=False)
    year_end = year_end[(year_end.sender == "XKX") & year_end.opened.isin(["2008", "2008-12"])]
    assert totals["2008-12-31"] - totals["2008-12-30"] == len(year_end) == 3
    def oic_role(as_of: str) -> object:
        rows = graph.query("memberships-compared", first="XKX", second="ALB", as_of=as_of).set_index("organisation")
        return rows.loc["OIC", "first_role"]
    assert pd.isna(oic_role("2008-02-01")) and pd.isna(oic_role("2008-12-30"))
    assert oic_role("2008-12-31") == "observer"


def test_facts_before_independence_are_rejected(data_copy: Path) -> None:
    missions, memberships, recs = data_copy / "missions.csv", data_copy / "memberships.csv", data_copy / "recognitions.csv"
    _append(missions, f"XKX-ESP-embassy-madrid,XKX,embassy,ESP,,Madrid,2007,,,{SOURCE},fixture")
    _append(memberships, f"XKX-OIC,XKX,OIC,observer,2008-01,,{SOURCE},fixture")
    text = recs.read_text(encoding="utf-8")
    recs.write_text(text.replace("CRI-XKX,CRI,XKX,2008-02-17,", "CRI-XKX,CRI,XKX,2008-02-16,")
                        .replace("BHS-XKX,BHS,XKX,2025-12-19,", "BHS-XKX,BHS,XKX,2999-12-19,"), encoding="utf-8")
    with pytest.raises(InvalidDataError) as failure:
        builder.validate(data_copy)
    found = {str(p) for p in failure.value.problems if "before-existence" in str(p)}
    assert found == {
        f"data/missions.csv:{_line(missions, 'XKX-ESP-')}:7: a mission sent by XKX is dated 2007, before XKX came "
        "into being as a state (2008-02-17) [before-existence-violation]",
        f"data/memberships.csv:{_line(memberships, 'XKX-OIC')}:5: a membership (observer) of XKX is dated 2008-01, "
        "before XKX came into being as a state (2008-02-17) [before-existence-violation]",
        f"data/recognitions.csv:{_line(recs, 'CRI-XKX')}:4: a recognition of XKX is dated 2008-02-16, before XKX came "
        "into being as a state (2008-02-17) [before-existence-violation]",
        f"data/recognitions.csv:{_line(recs, 'BHS-XKX')}:4: recognition dated 2999-12-19 is after today "
        f"({dt.date.today().isoformat()}) [before-existence-violation]",
    }


def test_counts_from_is_the_last_day_of_the_period(graph: KnowledgeGraph) -> None:
    text = ("SELECT ?id ?from WHERE { ?r dcterms:identifier ?id ; dk:countsFrom ?from . "
            "VALUES ?id { 'VUT-XKX' 'DJI-XKX' 'USA-XKX' 'wc-STP' } } ORDER BY ?id")
    got = {s["id"].value: s["from"].value  # type: ignore[index]
           for s in graph.store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)}  # type: ignore[union-attr]
    assert got == {"DJI-XKX": "2010-05-31", "USA-XKX": "2008-02-18", "VUT-XKX": "2010-12-31", "wc-STP": "2017-11-30"}
