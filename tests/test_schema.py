"""Bad input: every problem is reported at once, with file:line:column, and exits 1."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from kg import KnowledgeGraph
from kg import build as builder
from kg.errors import InvalidDataError, Problem
from kg.schema import DataPackage
from kg.values import PartialDate


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
    broken: tuple[Path, dict[str, int]], tmp_path: Path, held_today
) -> None:  # noqa: ANN001
    from kg.paths import DATA_DIR

    store = tmp_path / "store"
    builder.build(DATA_DIR, store)
    with pytest.raises(InvalidDataError) as failure:
        builder.build(broken[0], store)
    assert failure.value.exit_code == 1
    assert len(failure.value.problems) == 7
    assert "7 problems found; nothing was written" in str(failure.value)
    after = KnowledgeGraph.open(store).query("recognisers-as-of", viewpoint="kosovo")
    assert len(after) == len(held_today["kosovo"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "store", "store.lock"]   # no stray folder; the lock stays


def test_problems_sort_by_file_and_line() -> None:
    a = Problem("b.csv", 2, 1, "x")
    b = Problem("a.csv", 9, None, "y")
    assert sorted([a, b]) == [b, a]
    assert str(b) == "a.csv:9: y"


def _streamed_and_frictionless(data: Path) -> tuple[list[str], list[str]]:
    """The problems of ``data`` as the build finds them (follower_observations streamed: read from
    its file as it is loaded) and when the table is read whole like the curated ones."""
    streamed = [str(p) for p in DataPackage(data).check()]
    return streamed, [str(p) for p in DataPackage(data).check()]


def test_a_streamed_table_is_checked_as_a_held_one(data_copy: Path) -> None:
    path = data_copy / "follower_observations.csv"
    first = path.read_text(encoding="utf-8").splitlines()[1]
    bad = ["x-ediramaal,2012-08,-3,ceu-2023-fb,", "x-ediramaal,2022-02-30,5,nosuch,", "nobody,2020-01-01,5,,",
           "X_Bad,2020,abc,",
           first, "x-ediramaal,2020-01-05,5,eurasia-2012-08-rama-fake-twitter-followers,,extra", "x-ediramaal,2020-13,1.5"]
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(bad) + "\n")
    streamed, frictionless = _streamed_and_frictionless(data_copy)
    assert streamed == frictionless
    n = len(path.read_text(encoding="utf-8").splitlines()) - len(bad)  # the line of the first bad row
    f = "data/follower_observations.csv"
    assert streamed == [
        f'{f}:{n + 1}:1: duplicate key "x-ediramaal", "2012-08" in column "account, date" (first used on line 4)',
        f'{f}:{n + 1}:3: "-3" in column "followers" is not a whole number from 0 to 10000000000 (more than the people on Earth)',
        f'{f}:{n + 1}:4: unknown source "ceu-2023-fb" in column "sources": not an id in sources.csv',
        f'{f}:{n + 2}:2: "2022-02-30" in column "date" is not a real date',
        f'{f}:{n + 2}:4: unknown source "nosuch" in column "sources": not an id in sources.csv',
        f'{f}:{n + 3}:1: unknown account "nobody" in column "account": not an id in accounts.csv',
        f'{f}:{n + 3}:4: column "sources" is required but empty',
        f'{f}:{n + 4}:1: "X_Bad" in column "account" is not an account id',
        f'{f}:{n + 4}:1: unknown account "X_Bad" in column "account": not an id in accounts.csv',
        f'{f}:{n + 4}:3: "abc" in column "followers" is not a whole number from 0 to 10000000000 (more than the people on Earth)',
        f'{f}:{n + 4}:4: column "sources" is required but empty',
        f'{f}:{n + 4}:5: the row has no cell for column "notes"',
        f'{f}:{n + 5}:1: duplicate key "facebook-ediramaal", "2022-01-20" in column "account, date" '
        "(first used on line 2)",
        f"{f}:{n + 6}: the row has more cells than the header has columns",
        f'{f}:{n + 7}:2: "2020-13" in column "date" is not a real date',
        f'{f}:{n + 7}:3: "1.5" in column "followers" is not a whole number from 0 to 10000000000 (more than the people on Earth)',
        f'{f}:{n + 7}:4: column "sources" is required but empty',
        f'{f}:{n + 7}:4: the row has no cell for column "sources"',
        f'{f}:{n + 7}:5: the row has no cell for column "notes"',
    ]


def test_the_streamed_table_reports_a_wrong_header_and_skips_its_rows(data_copy: Path) -> None:
    path = data_copy / "follower_observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(["account,date,followers,source,notes", *lines[1:]]) + "\n", encoding="utf-8")
    streamed, _ = _streamed_and_frictionless(data_copy)
    assert streamed == [
        'data/follower_observations.csv:1: missing column "sources" (expected columns: account, date, followers, '
        "sources, notes)",
        'data/follower_observations.csv:1:4: unexpected column "source"',
    ]


def test_a_build_checks_the_streamed_rows_as_it_loads_them_and_keeps_the_previous_store(
    data_copy: Path, tmp_path: Path
) -> None:
    """Only the streamed table is wrong: the build finds its rows' problems while loading them
    (one pass over the CSV), lists them all, and the store built before is left as it was."""
    from kg.paths import DATA_DIR

    store = tmp_path / "store"
    builder.build(DATA_DIR, store)
    before = KnowledgeGraph.open(store).query("follower-growth")
    path = data_copy / "follower_observations.csv"
    n = len(path.read_text(encoding="utf-8").splitlines())
    with path.open("a", encoding="utf-8") as fh:
        fh.write("x-ediramaal,2020-01-05,12,eurasia-2012-08-rama-fake-twitter-followers,\n"
                 "x-ediramaal,2020-13,7,ceu-2023-fb,\nx-ediramaal,2020-02-05,12,,\n")
    with pytest.raises(InvalidDataError) as failure:
        builder.build(data_copy, store)
    f = "data/follower_observations.csv"
    assert [str(p) for p in failure.value.problems] == [
        f'{f}:{n + 2}:2: "2020-13" in column "date" is not a real date',
        f'{f}:{n + 2}:4: unknown source "ceu-2023-fb" in column "sources": not an id in sources.csv',
        f'{f}:{n + 3}:4: column "sources" is required but empty',
    ]
    pd.testing.assert_frame_equal(KnowledgeGraph.open(store).query("follower-growth"), before)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "store", "store.lock"]


def test_a_build_lists_the_streamed_rows_problems_beside_the_curated_tables(
    broken: tuple[Path, dict[str, int]]
) -> None:
    data, _ = broken
    path = data / "follower_observations.csv"
    n = len(path.read_text(encoding="utf-8").splitlines())
    with path.open("a", encoding="utf-8") as fh:
        fh.write("nobody,2020-01-05,12,eurasia-2012-08-rama-fake-twitter-followers,\n")
    with pytest.raises(InvalidDataError) as failure:
        builder.validate(data)
    assert len(failure.value.problems) == 8
    assert str(failure.value.problems[0]) == (
        f'data/follower_observations.csv:{n + 1}:1: unknown account "nobody" in column "account": '
        "not an id in accounts.csv")


def test_frictionless_still_finds_the_shipped_package_valid() -> None:
    """dipkg checks the rows itself, but a scholar may run `frictionless validate` on data/."""
    from frictionless import Package

    from kg.paths import DATA_DIR

    report = Package(str(DATA_DIR / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert [task.name for task in report.tasks] == [r["name"] for r in Package(
        str(DATA_DIR / "datapackage.json")).to_descriptor()["resources"]]


def test_a_descriptor_frictionless_rejects_and_a_type_dipkg_does_not_check_are_named(data_copy: Path) -> None:
    import json

    path = data_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["resources"][1]["schema"]["fieldsMatch"] = "weird"
    descriptor["resources"][2]["schema"]["fields"][1]["type"] = "geopoint"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(InvalidDataError) as failure:
        DataPackage(data_copy)
    name = descriptor["resources"][2]["name"]
    field = descriptor["resources"][2]["schema"]["fields"][1]["name"]
    assert [str(p) for p in failure.value.problems] == [
        f'{path}: resource 3 ({name}): field "{field}" has type "geopoint", which dipkg does not check; use one of '
        'any, boolean, date, integer, number, string, year (a string with a "pattern" for anything else)']
    descriptor["resources"][2]["schema"]["fields"][1]["type"] = "string"
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert [str(p) for p in DataPackage(data_copy).check()] == [
        f"{path}: not a valid Data Package descriptor: 'weird' is not one of ['exact', 'equal', 'subset', "
        "'superset', 'partial'] at property 'fieldsMatch'"]
