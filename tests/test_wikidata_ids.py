"""Every Wikidata id written anywhere in the project (data, ontology, queries, code) resolves in
the checked-in label snapshot (tests/fixtures/wikidata/labels.csv), so a mistyped QID or PID
fails the build. The snapshot's labels come from sources independent of dipkg's tables (the
datasets/country-codes table for states, registries of international bodies for organisations,
Wikidata's property pages), each named in its `source` column."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from kg.paths import DATA_DIR, ONTOLOGY_DIR, QUERIES_DIR, ROOT

SNAPSHOT = {r["id"]: r for r in csv.DictReader(
    (Path(__file__).parent / "fixtures" / "wikidata" / "labels.csv").open(encoding="utf-8"))}
#: Wikidata ids in RDF and SPARQL: prefixed names and entity / property IRIs.
IN_RDF = re.compile(r"(?:\b(?:wd|wdt|p|ps|pq|pqv|pr|wdno):|wikidata\.org/(?:entity|wiki|prop/direct|prop)/"
                    r"(?:Property:)?)([PQ][1-9][0-9]*)\b")
#: Wikidata ids in Python: quoted ids and ids in entity IRIs.
IN_CODE = re.compile(r"[\"'`]([PQ][1-9][0-9]*)[\"'`]|entity/([PQ][1-9][0-9]*)\b")
ID_COLUMNS = {"wikidata", "handle_property"}


def _ids_in_data() -> dict[str, str]:
    found = {}
    for path in sorted(DATA_DIR.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            for line, row in enumerate(csv.DictReader(fh), start=2):
                for column in ID_COLUMNS & row.keys():
                    if row[column]:
                        found.setdefault(row[column], f"data/{path.name}:{line} ({column})")
    return found


def _ids_in_text() -> dict[str, str]:
    found = {}
    files = [*ONTOLOGY_DIR.rglob("*.ttl"), *QUERIES_DIR.rglob("*.rq")]
    for path in files:
        for m in IN_RDF.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(m.group(1), str(path.relative_to(ROOT)))
    for path in (ROOT / "kg").rglob("*.py"):
        for m in IN_CODE.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(m.group(1) or m.group(2), str(path.relative_to(ROOT)))
    return found


def test_every_wikidata_id_in_the_data_is_in_the_snapshot() -> None:
    found = _ids_in_data()
    assert len(found) > 230
    assert {i: where for i, where in found.items() if i not in SNAPSHOT} == {}


def test_every_wikidata_id_in_ontology_queries_and_code_is_in_the_snapshot() -> None:
    found = _ids_in_text()
    assert {"P463", "P530", "P8687", "P2002", "Q3917681", "Q458"} <= found.keys()
    assert {i: where for i, where in found.items() if i not in SNAPSHOT} == {}


@pytest.mark.parametrize(("qid", "label"), [("Q1246", "Kosovo"), ("Q222", "Albania"), ("Q7184", "NATO"),
                                            ("P463", "member of"), ("P2002", "X username")])
def test_the_snapshot_holds_labels(qid: str, label: str) -> None:
    assert SNAPSHOT[qid]["label"] == label and SNAPSHOT[qid]["source"]


def test_a_mistyped_id_would_fail() -> None:
    assert "Q2222" not in SNAPSHOT and "P4633" not in SNAPSHOT


def test_every_un_member_state_has_a_qid(csv_states) -> None:  # noqa: ANN001
    members = csv_states[csv_states.un_status == "member"]
    assert len(members) == 193
    assert members[members.wikidata == ""].id.tolist() == []
