"""Fuzzing the build (issue 20): Hypothesis mutates one cell of one row of a table of the shipped
data (its type, encoding, length, quotes, control bytes, or the row's width) and `dipkg build`
must either accept the data or reject it with exit 1 and file:line messages, never a traceback,
never another exit code, and never a changed store. Corrupting mutations (control bytes, bytes
that are not UTF-8) must be rejected at the row that holds them. Mutations that change nothing
(CRLF line ends, a byte-order mark, every cell quoted) build the same graph.

`make test` runs a fixed set of 30 examples (derandomised, so CI is repeatable); `pytest --slow`
runs ten times as many (300), at random.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg import build as builder
from kg.cli import app
from kg.paths import DATA_DIR
from kg.store import open_read_only

runner = CliRunner()
TABLES = sorted(p.name for p in DATA_DIR.glob("*.csv"))
#: Where a problem is located: "  data/<table>:<line>[:<column>]: message"
LOCATED = re.compile(r"^  data/(?P<table>[\w.]+\.csv):(?P<line>\d+)(?::(?P<column>\d+))?: \S")
SENTINEL = "\ue000"   # a private-use character no table holds, swapped for raw bytes after writing


def _records(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh, strict=True))


def _lines(path: Path) -> list[int]:
    """The line each record of ``path`` starts on."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader, starts, start = csv.reader(fh, strict=True), [], 1
        for _ in reader:
            starts.append(start)
            start = reader.line_num + 1
    return starts


def _write(path: Path, records: list[list[str]], raw: bytes = b"") -> None:
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\n").writerows(records)
    path.write_bytes(text.getvalue().encode("utf-8").replace(SENTINEL.encode("utf-8"), raw))


def _dump(store: Path) -> bytes:
    from pyoxigraph import RdfFormat

    return open_read_only(store).dump(format=RdfFormat.N_QUADS) or b""


def _files(store: Path) -> dict[str, bytes]:
    """The store's files, to compare to the byte."""
    return {p.name: p.read_bytes() for p in sorted(store.iterdir())}


class Clean(tuple[Path, bytes]):
    """A store built from the shipped data, and its N-Quads (not printed when an example fails)."""

    def __repr__(self) -> str:
        return f"Clean({self[0]})"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Clean:
    store = tmp_path_factory.mktemp("clean") / "store"
    builder.build(DATA_DIR, store)
    return Clean((store, _dump(store)))


MUTATIONS: dict[str, st.SearchStrategy[Callable[[str], str]]] = {
    "control": st.sampled_from(["\x00", "\x1b[31m", "\x07", "\x7f", "\x0c"]).map(
        lambda c: lambda cell: cell[: len(cell) // 2] + c + cell[len(cell) // 2:]),
    "not-utf8": st.just(lambda cell: cell + SENTINEL),
    "quote": st.sampled_from(['"', 'a"b', '" x "', '""']).map(lambda q: lambda cell: SENTINEL + cell + q),
    "long": st.integers(1_000, 300_000).map(lambda n: lambda cell: cell + "x" * n),
    "junk": st.text(st.characters(blacklist_categories=("Cs",)), max_size=30).map(lambda t: lambda cell: t),
    "number": st.sampled_from(["NaN", "inf", "-1", "1e309", "99999999999999999999", "0x10", "1,5", "3.", "-0"]).map(
        lambda n: lambda cell: n),
    "date": st.sampled_from(["2008-02-30", "1850-01-01", "2099-12-31", "2008-13", "08/02/2008", "2008-2-1",
                             "2008-02-17T00:00"]).map(lambda d: lambda cell: d),
    "empty": st.just(lambda cell: ""),
    "padded": st.just(lambda cell: f"  {cell} "),
}


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, str, float, float, Callable[[str], str] | None, str]:
    table = draw(st.sampled_from(TABLES))
    kind = draw(st.sampled_from([*MUTATIONS, "extra-cell", "missing-cell"]))
    change = draw(MUTATIONS[kind]) if kind in MUTATIONS else None
    # a row and a column as fractions of the table's size (the tables differ in length)
    return table, kind, draw(st.floats(0, 1, exclude_max=True)), draw(st.floats(0, 1, exclude_max=True)), change, \
        draw(st.sampled_from(["\xe9", "\xff\xfe", "\x80"]))


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutation=mutations())
def test_a_mutated_cell_is_accepted_or_located_never_a_traceback_or_a_changed_store(
        mutation: tuple[str, str, float, float, Callable[[str], str] | None, str], clean: Clean,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    table, kind, where, which, change, latin = mutation
    work = tmp_path_factory.mktemp("fuzz")
    data, store = work / "data", work / "store"
    shutil.copytree(DATA_DIR, data)
    shutil.copytree(clean[0], store)
    before = _files(store)
    path = data / table
    records, starts = _records(path), _lines(path)
    row = 1 + int(where * (len(records) - 1)) if len(records) > 1 else 0
    column = int(which * len(records[row]))
    if kind == "extra-cell":
        records[row].append("x")
    elif kind == "missing-cell":
        records[row].pop()
    else:
        assert change is not None
        records[row][column] = change(records[row][column])
    _write(path, records, raw=latin.encode("latin-1") if kind == "not-utf8" else b'"')

    done = runner.invoke(app, ["build", "--data", str(data), "--store", str(store)])

    assert "Traceback" not in done.output and done.exit_code in (0, 1), (kind, done.output)
    if done.exit_code == 0:
        assert kind not in ("control", "not-utf8"), done.output
        shutil.rmtree(work)
        return
    located = [m for m in map(LOCATED.match, done.output.splitlines()) if m]
    assert located, done.output
    assert _files(store) == before   # rejected: the store is the one before, file by file, to the byte
    line = starts[row] if row < len(starts) else None
    if kind == "control":
        assert any(m["table"] == table and int(m["line"]) == line and m["column"] == str(column + 1)
                   and "control character" in m.string for m in located), done.output
    if kind == "not-utf8":
        assert [(m["table"], int(m["line"])) for m in located] == [(table, line)], done.output
    shutil.rmtree(work)


def test_crlf_a_byte_order_mark_and_quoted_cells_build_the_same_graph(clean: Clean,
                                                                       tmp_path: Path) -> None:
    data, store = tmp_path / "data", tmp_path / "store"
    shutil.copytree(DATA_DIR, data)
    for path in data.glob("*.csv"):
        text = io.StringIO(newline="")
        csv.writer(text, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(_records(path))
        path.write_bytes(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))
    done = runner.invoke(app, ["build", "--data", str(data), "--store", str(store)])
    assert done.exit_code == 0, done.output

    def named(dump: bytes) -> list[bytes]:   # blank nodes are labelled anew by each build
        return sorted(line for line in dump.splitlines() if b"_:" not in line)

    assert named(_dump(store)) == named(clean[1])
