"""Bad input: every problem is reported at once, with file:line:column, and exits 1."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg import KnowledgeGraph
from kg import build as builder
from kg.errors import InvalidDataError, Problem
from kg.schema import DataPackage, PartialDate


def rewrite(path: Path, change) -> list[dict[str, str]]:  # noqa: ANN001
    """Apply ``change(rows, fieldnames)`` to a CSV and write it back."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    fields = change(rows, fields) or fields
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return rows


def line_of(rows: list[dict[str, str]], key: str) -> int:
    return next(i for i, r in enumerate(rows) if r["id"] == key) + 2


def test_partial_dates_keep_their_precision() -> None:
    assert PartialDate.parse("2008-02-17").precision == "day"
    assert PartialDate.parse("2014-02") == PartialDate(PartialDate.parse("2014-02-01").first_day, "month")
    assert PartialDate.parse("2013").precision == "year"
    with pytest.raises(ValueError, match="is not a date as YYYY-MM-DD, YYYY-MM or YYYY"):
        PartialDate.parse("17/02/2008")


def test_the_shipped_data_is_valid(data_copy: Path) -> None:
    assert DataPackage(data_copy).check() == []


@pytest.fixture
def broken(data_copy: Path) -> tuple[Path, dict[str, int]]:
    """data/ with a wrong date, an unknown state, a duplicate key, a missing source and a
    missing column; returns the lines broken."""
    lines: dict[str, int] = {}

    def recognitions(rows, fields):  # noqa: ANN001, ANN202
        for r in rows:
            if r["id"] == "USA-XKX":
                r["date"] = "2008-02-30"
            if r["id"] == "FRA-XKX":
                r["date"] = "18/02/2008"
            if r["id"] == "ALB-XKX":
                r["recognizer"] = "XYZ"
            if r["id"] == "CRI-XKX":
                r["sources"] = ""
            if r["id"] == "AFG-XKX":
                r["sources"] = "wp-recognition-of-kosovo;no-such-source"
        return fields

    rows = rewrite(data_copy / "recognitions.csv", recognitions)
    for key in ("USA-XKX", "FRA-XKX", "ALB-XKX", "CRI-XKX", "AFG-XKX"):
        lines[key] = line_of(rows, key)

    def states(rows, fields):  # noqa: ANN001, ANN202
        rows.append(dict(next(r for r in rows if r["id"] == "ALB")))
        return fields

    rows = rewrite(data_copy / "states.csv", states)
    lines["ALB-dup"] = len(rows) + 1
    lines["ALB"] = line_of(rows, "ALB")
    rewrite(data_copy / "withdrawal_claims.csv", lambda rows, fields: [f for f in fields if f != "notes"])
    return data_copy, lines


def test_every_problem_is_reported_with_file_line_and_column(broken: tuple[Path, dict[str, int]]) -> None:
    data, lines = broken
    problems = DataPackage(data).check()
    assert [str(p) for p in problems] == sorted([
        f'data/recognitions.csv:{lines["CRI-XKX"]}:6: column "sources" is required but empty',
        f'data/recognitions.csv:{lines["AFG-XKX"]}:6: unknown source "no-such-source" in column "sources": '
        "not an id in sources.csv",
        f'data/recognitions.csv:{lines["USA-XKX"]}:4: "2008-02-30" in column "date" is not a real date',
        f'data/recognitions.csv:{lines["FRA-XKX"]}:4: "18/02/2008" in column "date" is not a date as '
        "YYYY-MM-DD, YYYY-MM or YYYY",
        f'data/recognitions.csv:{lines["ALB-XKX"]}:2: unknown state "XYZ" in column "recognizer": '
        "not an id in states.csv",
        f'data/states.csv:{lines["ALB-dup"]}:1: duplicate key "ALB" in column "id" (first used on line {lines["ALB"]})',
        'data/withdrawal_claims.csv:1: missing column "notes" (expected columns: id, recognition, claimed_by, '
        "claim_date, claim_sources, disputed_by, dispute_sources, confirmed_by, confirm_sources, notes)",
    ])


def test_a_failed_build_exits_1_and_leaves_the_previous_store(
    broken: tuple[Path, dict[str, int]], tmp_path: Path, csv_recognitions
) -> None:  # noqa: ANN001
    from kg.paths import DATA_DIR

    store = tmp_path / "store"
    builder.build(DATA_DIR, store)
    with pytest.raises(InvalidDataError) as failure:
        builder.build(broken[0], store)
    assert failure.value.exit_code == 1
    assert len(failure.value.problems) == 7
    assert "7 problems found; nothing was written" in str(failure.value)
    after = KnowledgeGraph.open(store).query("recognizers-as-of", viewpoint="kosovo")
    assert len(after) == len(csv_recognitions)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "store"]


def test_problems_sort_by_file_and_line() -> None:
    a = Problem("b.csv", 2, 1, "x")
    b = Problem("a.csv", 9, None, "y")
    assert sorted([a, b]) == [b, a]
    assert str(b) == "a.csv:9: y"
