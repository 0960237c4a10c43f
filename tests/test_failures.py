"""Failures are messages with the documented exit code, never a traceback (issue 20): an
unexpected error is an internal error (exit 3) with its traceback only under --debug, an
operating-system error (a full disk) exit 2."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


@pytest.mark.internal_error
def test_an_unexpected_error_is_reported_in_one_line_with_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import queries

    def broken() -> None:
        raise RuntimeError("the registry fell over")

    monkeypatch.setattr(queries, "registry", broken)
    done = runner.invoke(app, ["queries"])
    assert done.exit_code == 3
    assert "internal error: RuntimeError: the registry fell over" in done.output
    assert "please report it with the command you ran" in done.output and "Traceback" not in done.output
    debugged = runner.invoke(app, ["--debug", "queries"])
    assert debugged.exit_code == 1 and isinstance(debugged.exception, RuntimeError)   # the traceback, for a bug report


def test_a_full_disk_is_a_runtime_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from kg import build

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "store.new-1"))

    monkeypatch.setattr(build, "build", full)
    done = runner.invoke(app, ["build", "--store", str(tmp_path / "store")])
    assert done.exit_code == 2
    assert f"error: No space left on device ({tmp_path / 'store.new-1'})" in done.output
    assert "Traceback" not in done.output


@pytest.mark.parametrize(("descriptor", "messages"), [
    ("{}", ['the data package describes no tables: "resources" must be a non-empty list']),
    ("[]", ['a data package is a JSON object with a "resources" list, not a list']),
    ('{"resources": []}', ['the data package describes no tables: "resources" must be a non-empty list']),
    ('{"resources": [{"path": "x.csv"}, 3, {"name": "a", "path": "a.csv", "schema": {"fields": [{}]}}]}',
     ['resource 1 has no "name"', "resource 2 is not a JSON object", 'resource 3: every field needs a "name"']),
])
def test_a_package_that_describes_no_graph_is_invalid(data_copy: Path,
                                                       descriptor: str, messages: list[str]) -> None:
    (data_copy / "datapackage.json").write_text(descriptor, encoding="utf-8")
    done = runner.invoke(app, ["validate", "--data", str(data_copy)])
    assert done.exit_code == 1 and "Traceback" not in done.output
    for message in messages:
        assert f"{data_copy / 'datapackage.json'}: {message}" in done.output


def test_a_package_without_a_loaded_table_is_invalid_and_the_store_kept(data_copy: Path, tmp_path: Path) -> None:
    import json

    from kg import KnowledgeGraph
    from kg import build as builder
    from kg.paths import DATA_DIR

    store = tmp_path / "store"
    builder.build(DATA_DIR, store)
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"] = [r for r in package["resources"] if r["name"] not in ("recognitions", "withdrawal_claims")]
    (data_copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    done = runner.invoke(app, ["build", "--data", str(data_copy), "--store", str(store)])
    assert done.exit_code == 1
    assert "invalid: 2 problems found; nothing was written:" in done.output
    for name in ("recognitions", "withdrawal_claims"):
        assert (f'{data_copy / "datapackage.json"}: no resource "{name}": dipkg loads this table into the graph, '
                "and a package without it would build an incomplete graph") in done.output
    assert len(KnowledgeGraph.open(store).query("recognisers-as-of", as_of="2020-01-01")) > 90


def _rewrite(path: Path, change) -> None:  # noqa: ANN001
    import csv

    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    change(rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def test_a_byte_that_is_not_utf8_is_located(data_copy: Path) -> None:
    path = data_copy / "recognitions.csv"
    raw = path.read_bytes().split(b"\n")
    raw[5] += b"\xe9"   # a Latin-1 e-acute at the end of line 6
    path.write_bytes(b"\n".join(raw))
    offset = sum(len(line) + 1 for line in raw[:5]) + len(raw[5]) - 1
    done = runner.invoke(app, ["validate", "--data", str(data_copy)])
    assert done.exit_code == 1
    assert (f"data/recognitions.csv:6: not UTF-8: byte 0xe9 at offset {offset} of the file; save it as UTF-8 "
            '(most spreadsheets offer "CSV UTF-8")') in done.output
    assert done.output.count("not UTF-8") == 1 and "Traceback" not in done.output


@pytest.mark.parametrize(("table", "expected"), [
    ("missions.csv", "has text after its closing quote (or a later one); close the quote where the field ends"),
    ("follower_observations.csv", "is never closed: the file ends inside it; close the quote")])
def test_an_unclosed_quote_is_located_where_it_opens_not_read_as_one_long_cell(data_copy: Path, table: str,
                                                                             expected: str) -> None:
    """Read leniently, the quote would swallow later rows into the last cell of line 6 (up to the
    next quote in missions.csv, to the end in follower_observations.csv) and the build would load
    fewer rows without a word; a streamed table is read as strictly."""
    path = data_copy / table
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[5] += ',"'
    path.write_text("\n".join(lines), encoding="utf-8")
    done = runner.invoke(app, ["validate", "--data", str(data_copy)])
    assert done.exit_code == 1
    assert done.output.splitlines()[1] == (
        f"  data/{table}:6: a quoted field that begins on this line {expected} "
        '(a quote inside a quoted field is written twice, "")')


def test_a_long_cell_is_read_whole(data_copy: Path) -> None:
    def long_note(rows: list[list[str]]) -> None:
        rows[3][rows[0].index("notes")] = "x" * 200_000

    _rewrite(data_copy / "recognitions.csv", long_note)
    done = runner.invoke(app, ["validate", "--data", str(data_copy)])
    assert done.exit_code == 0, done.output


def test_an_unknown_field_type_is_named(data_copy: Path) -> None:
    import json

    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"][0]["schema"]["fields"][0]["type"] = "strang"
    (data_copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    done = runner.invoke(app, ["validate", "--data", str(data_copy)])
    assert done.exit_code == 1
    name, field = package["resources"][0]["name"], package["resources"][0]["schema"]["fields"][0]["name"]
    assert (f'resource 1 ({name}): field "{field}" has type "strang"; expected one of any, array, boolean, date, '
            "datetime, duration, geojson, geopoint, integer, number, object, string, time, year, yearmonth") in done.output


def test_ask_and_construct_files_answer_as_tables(tmp_path: Path, store_path: Path) -> None:
    (tmp_path / "a.rq").write_text("ASK { state:XKX rdfs:label ?l }", encoding="utf-8")
    asked = runner.invoke(app, ["query", str(tmp_path / "a.rq"), "--store", str(store_path), "--format", "csv"])
    assert asked.exit_code == 0 and asked.output == "ask\nTrue\n"
    (tmp_path / "c.rq").write_text("CONSTRUCT { state:XKX rdfs:label ?l } WHERE { state:XKX rdfs:label ?l }",
                                   encoding="utf-8")
    built = runner.invoke(app, ["query", str(tmp_path / "c.rq"), "--store", str(store_path), "--format", "csv"])
    assert built.exit_code == 0
    assert built.output == ("subject,predicate,object\nhttps://w3id.org/dipkg/id/state/XKX,"
                            "http://www.w3.org/2000/01/rdf-schema#label,Kosovo\n")
    (tmp_path / "l.rq").write_bytes(b"SELECT * WHERE {\n ?s ?p \"\xe9\" }")
    latin = runner.invoke(app, ["query", str(tmp_path / "l.rq"), "--store", str(store_path)])
    assert latin.exit_code == 2 and f"error: {tmp_path / 'l.rq'}:2: not UTF-8 (byte 0xe9); save the query as UTF-8" \
        in latin.output


def test_the_current_folder_is_no_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    done = runner.invoke(app, ["build", "--store", "."])
    assert done.exit_code == 2
    assert "error: --store . names the current folder, not a folder for the store: give one, e.g. --store " \
           ".dipkg/store" in done.output
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_store_says_how_to_rebuild_it_and_force_keeps_what_it_can(tmp_path: Path) -> None:
    from kg import build as builder
    from kg.paths import DATA_DIR

    store = tmp_path / "store"
    builder.build(DATA_DIR, store)
    for table in store.glob("*.sst"):
        table.write_bytes(b"\0" * 100)
    asked = runner.invoke(app, ["query", "recognition-timeline", "--store", str(store)])
    assert asked.exit_code == 2 and f"error: the store at {store} is damaged (" in asked.output
    assert f"Rebuild it with `dipkg build --store {store} --force`, which keeps the imports it can still read" \
        in asked.output
    refused = runner.invoke(app, ["build", "--store", str(store)])
    assert refused.exit_code == 2 and "is damaged" in refused.output
    forced = runner.invoke(app, ["build", "--store", str(store), "--force"])
    assert forced.exit_code == 0, forced.output
    assert f"note: the previous store at {store} could not be read (" in forced.output
    answer = runner.invoke(app, ["query", "recognition-timeline", "--store", str(store), "--as-of", "2008-12-31",
                                 "--format", "csv"])
    assert answer.output == "year,recognitions,withdrawals,cumulative\n2008,54,0,54\n"


def test_implausible_values_are_rejected_where_they_stand(data_copy: Path) -> None:
    def percentages(rows: list[list[str]]) -> None:
        unit, value = rows[0].index("unit"), rows[0].index("value")
        shares = [r for r in rows[1:] if r[unit] == "percent"]
        shares[0][value], shares[1][value] = "150", "-5"

    def accessed(rows: list[list[str]]) -> None:
        rows[2][rows[0].index("accessed")] = "2099-01-01"

    def admitted(rows: list[list[str]]) -> None:   # line 2 is Afghanistan, line 3 Albania
        column = rows[0].index("un_admission_date")
        rows[1][column], rows[2][column] = "1900-11-19", "2099-12-14"

    _rewrite(data_copy / "indicators.csv", percentages)
    _rewrite(data_copy / "sources.csv", accessed)
    _rewrite(data_copy / "states.csv", admitted)
    done = runner.invoke(app, ["validate", "--data", str(data_copy)])
    assert done.exit_code == 1
    lines = [line.strip() for line in done.output.splitlines() if "plausible-values" in line]
    assert len(lines) == 3
    assert lines[0].endswith(":4: a percentage of 150 is outside 0 to 100 [plausible-values-violation]")
    assert lines[1].endswith(":4: a percentage of -5 is outside 0 to 100 [plausible-values-violation]")
    assert lines[2].startswith("data/sources.csv:3:5: a source accessed on 2099-01-01, after today (")
    assert [line.strip() for line in done.output.splitlines() if "UN admission dated" in line] == [
        "data/states.csv:2:7: a UN admission dated 1900-11-19, before the United Nations came into existence "
        "(1945-10-24) [un-admission-violation]",
        f"data/states.csv:3:7: a UN admission dated 2099-12-14, after today ({dt.date.today()}) "
        "[un-admission-violation]"]


def test_control_characters_nan_and_impossible_counts_are_rejected_and_never_printed_raw(data_copy: Path) -> None:
    def escape_in_title(rows: list[list[str]]) -> None:
        rows[3][rows[0].index("title")] = "bad \x1b[31m red \x00"

    def nan(rows: list[list[str]]) -> None:
        rows[5][rows[0].index("value")] = "NaN"

    def huge(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("followers")] = "1" + "0" * 30
        rows[2][rows[0].index("account")] += "\x07"

    _rewrite(data_copy / "sources.csv", escape_in_title)
    _rewrite(data_copy / "indicators.csv", nan)
    _rewrite(data_copy / "follower_observations.csv", huge)
    done = runner.invoke(app, ["validate", "--data", str(data_copy)])
    assert done.exit_code == 1
    assert "\x1b" not in done.output and "\x07" not in done.output and "\x00" not in done.output
    assert 'data/sources.csv:4:2: control character U+001B in column "title"; remove it' in done.output
    assert 'data/indicators.csv:6:4: "NaN" in column "value" is not a finite number' in done.output
    assert (f'data/follower_observations.csv:2:3: "1{"0" * 30}" in column "followers" is not a whole number from 0 '
            "to 10000000000 (more than the people on Earth)") in done.output
    assert 'data/follower_observations.csv:3:1: control character U+0007 in column "account"; remove it' in done.output
    assert '\\x07" in column "account"' in done.output   # the echoed cell shows the byte, not rings the bell


def test_a_value_for_a_year_to_come_and_a_count_dated_after_today_are_rejected(data_copy: Path) -> None:
    def year(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("year")] = "2031"   # line 2: Albania's corruption score for 2008

    def day(rows: list[list[str]]) -> None:
        rows[1][rows[0].index("date")] = "2099-01-20"

    _rewrite(data_copy / "indicators.csv", year)
    _rewrite(data_copy / "follower_observations.csv", day)
    done = runner.invoke(app, ["validate", "--data", str(data_copy)])
    assert done.exit_code == 1
    assert [line.strip() for line in done.output.splitlines()[1:-1]] == [
        f"data/follower_observations.csv:2:2: a count dated 2099-01-20, after today ({dt.date.today()}) "
        "[plausible-values-violation]",
        "data/indicators.csv:2:3: a value for 2031, a year still to come [plausible-values-violation]"]
