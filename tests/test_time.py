"""Time done right: a fact known only to its month or year counts from the end of that period,
and nothing of a state is dated before the state existed (Kosovo: 17 February 2008)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg import KnowledgeGraph
from kg import build as builder
from kg.errors import InvalidDataError


def _append(path: Path, *rows: str) -> None:
    with path.open("a", encoding="utf-8") as out:
        out.writelines(row + "\n" for row in rows)


def _line(path: Path, prefix: str) -> int:
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if ln.startswith(prefix))


SOURCE = "wp-recognition-of-kosovo"


def test_a_year_precision_mission_never_counts_before_its_state_existed(data_copy: Path) -> None:
    # A mission of Kosovo and a membership of Kosovo known only to the year 2008.
    _append(data_copy / "missions.csv", f"XKX-NOR-embassy-oslo,XKX,embassy,NOR,,Oslo,2008,,,{SOURCE},fixture")
    _append(data_copy / "memberships.csv", f"XKX-OIC,XKX,OIC,observer,2008,,{SOURCE},fixture")
    graph = KnowledgeGraph.build(data_copy)

    def embassies(as_of: str) -> set[str]:
        network = graph.query("mission-network", state="XKX", as_of=as_of)
        return set(network.host.dropna()) if "host" in network else set()

    before = graph.query("recognition-without-presence", as_of="2008-02-01")
    assert "NOR" not in set(before.counterpart)       # no mission of Kosovo before it declared independence
    during = graph.query("recognition-without-presence", as_of="2008-06-30")
    assert "NOR" not in set(during[during.hosts_mission].counterpart)   # 2008 counts from 2008-12-31
    after = graph.query("recognition-without-presence", as_of="2008-12-31")
    assert "NOR" in set(after[after.hosts_mission].counterpart)
    totals = {d: graph.query("mission-network", state="XKX", as_of=d).set_index("kind").loc["all", "missions"]
              for d in ("2008-02-01", "2008-12-30", "2008-12-31")}
    assert totals["2008-02-01"] == 0
    assert totals["2008-12-31"] - totals["2008-12-30"] >= 1
    wide = graph.query("bloc-recognition", bloc="OIC", state="SRB", as_of="2008-02-01", include_observers=True)
    assert "XKX" not in set(wide.member)
    late = graph.query("bloc-recognition", bloc="OIC", state="SRB", as_of="2008-12-31", include_observers=True)
    assert "XKX" in set(late.member)


def test_facts_before_independence_are_rejected(data_copy: Path) -> None:
    missions, memberships, recs = data_copy / "missions.csv", data_copy / "memberships.csv", data_copy / "recognitions.csv"
    _append(missions, f"XKX-NOR-embassy-oslo,XKX,embassy,NOR,,Oslo,2007,,,{SOURCE},fixture")
    _append(memberships, f"XKX-OIC,XKX,OIC,observer,2008-01,,{SOURCE},fixture")
    text = recs.read_text(encoding="utf-8")
    recs.write_text(text.replace("CRI-XKX,CRI,XKX,2008-02-17,", "CRI-XKX,CRI,XKX,2008-02-16,")
                        .replace("BHS-XKX,BHS,XKX,2025-12-19,", "BHS-XKX,BHS,XKX,2999-12-19,"), encoding="utf-8")
    with pytest.raises(InvalidDataError) as failure:
        builder.validate(data_copy)
    found = {str(p) for p in failure.value.problems if "before-existence" in str(p)}
    assert found == {
        f"data/missions.csv:{_line(missions, 'XKX-NOR-')}:7: a mission sent by XKX is dated 2007, before XKX came "
        "into being as a state (2008-02-17) [before-existence-violation]",
        f"data/memberships.csv:{_line(memberships, 'XKX-OIC')}:5: a membership (observer) of XKX is dated 2008-01, "
        "before XKX came into being as a state (2008-02-17) [before-existence-violation]",
        f"data/recognitions.csv:{_line(recs, 'CRI-XKX')}:4: a recognition of XKX is dated 2008-02-16, before XKX came "
        "into being as a state (2008-02-17) [before-existence-violation]",
        f"data/recognitions.csv:{_line(recs, 'BHS-XKX')}:4: recognition dated 2999-12-19 is after today "
        f"({dt.date.today().isoformat()}) [before-existence-violation]",
    }


def test_counts_from_is_the_last_day_of_the_period(graph: KnowledgeGraph) -> None:
    rows = graph.query("fact-sources", state="VUT")
    assert not rows.empty
    from kg.namespaces import PREFIXES
    text = ("SELECT ?id ?from WHERE { ?r dcterms:identifier ?id ; dk:countsFrom ?from . "
            "VALUES ?id { 'VUT-XKX' 'DJI-XKX' 'USA-XKX' } } ORDER BY ?id")
    got = {s["id"].value: s["from"].value for s in graph.store.query(text, prefixes=PREFIXES)}  # type: ignore[union-attr]
    assert got == {"DJI-XKX": "2010-05-31", "USA-XKX": "2008-02-18", "VUT-XKX": "2010-12-31"}
