"""`dipkg import followers|indicators`: a scholar's own series, checked against the graph,
reported with file:line:column, loaded idempotently into its own named graph, read by the
named questions beside dipkg's own data, and kept by a rebuild."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from kg import KnowledgeGraph
from kg import build as builder
from kg.cli import app
from kg.errors import DipkgError, InvalidDataError
from kg.paths import DATA_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
WB_FILE = FIXTURES / "API_SL.UEM.1524.ZS_DS2_en_csv_v2_test.csv"
CREATED = b"<http://purl.org/dc/terms/created>"


@pytest.fixture(scope="module")
def fresh() -> KnowledgeGraph:
    """The shipped data in memory, for tests that import into it (each uses its own name)."""
    return KnowledgeGraph.build(DATA_DIR)


def _graph_dump(graph: KnowledgeGraph, name: str) -> list[bytes]:
    out = io.BytesIO()
    graph.export(out, "nq")
    return sorted(line for line in out.getvalue().splitlines()
                  if f"/graph/import-{name}>".encode() in line and CREATED not in line)


def test_a_good_file_is_loaded_into_its_own_graph_idempotently(fresh: KnowledgeGraph) -> None:
    result = fresh.import_followers(FIXTURES / "followers-good.csv", name="good")
    assert (result.name, result.graph, result.observations) == (
        "good", "https://w3id.org/dipkg/graph/import-good", 3)
    first = _graph_dump(fresh, "good")
    again = fresh.import_followers(FIXTURES / "followers-good.csv", name="good")
    assert again.observations == 3 and _graph_dump(fresh, "good") == first
    growth = fresh.query("follower-growth", account="x-ediramaal")
    assert list(zip(growth.dataset, growth.date.dt.strftime("%Y-%m-%d"), growth.followers, strict=True)) == [
        ("followers", "2012-08-01", 32874), ("followers", "2019-01-18", 329000),
        ("import-good", "2020-01-01", 400000), ("import-good", "2021-06-30", 450000)]
    assert growth.change.tolist()[3] == 50000
    assert growth.precision.tolist()[2] == "month"
    listed = fresh.imports().set_index("name")
    assert listed.loc["import-good", ["kind", "file", "observations"]].tolist() == [
        "followers", str((FIXTURES / "followers-good.csv").resolve()), 3]
    kurti = fresh.query("digital-presence", states="XKX").set_index("account").loc["x-albinkurti"]
    assert (kurti.followers, kurti.counted_precision, kurti.dataset, kurti.sources) == (
        100000, "year", "import-good", "import-good-2")


def test_a_bad_file_is_refused_with_every_problem(fresh: KnowledgeGraph) -> None:
    before = _graph_dump(fresh, "bad")
    with pytest.raises(InvalidDataError) as failure:
        fresh.import_followers(FIXTURES / "followers-bad.csv", name="bad")
    bad = str(FIXTURES / "followers-bad.csv")
    assert [str(p) for p in failure.value.problems] == [
        # the rules and messages of the curated follower_observations.csv (kg.rowcheck.cell_check)
        f'{bad}:2:3: "2020-13-01" in column "date" is not a real date',
        f'{bad}:3:4: "-5" in column "followers" is not a whole number from 0 to 10000000000 (more than the people '
        "on Earth)",
        f'{bad}:4:1: unknown platform "myspace" in column "platform"; expected one of facebook, instagram, '
        "linkedin, telegram, threads, tiktok, vk, wikipedia, x, youtube",
        f'{bad}:5:2: no account with handle "nobody" on x in the graph; add it to accounts.csv and rebuild',
        f"{bad}:6:5: no source: fill the source column or pass --source URL-or-citation",
        f"{bad}:8:3: a second count for x-ediramaal on 2020-01-06 (the first is on line 7)",
    ]
    assert _graph_dump(fresh, "bad") == before == []


def test_an_analytics_export_needs_its_account(fresh: KnowledgeGraph) -> None:
    export = FIXTURES / "followers-export.csv"
    with pytest.raises(InvalidDataError, match="looks like a platform-analytics export"):
        fresh.import_followers(export, name="export")
    result = fresh.import_followers(export, name="export", platform="x", handle="@EdiRamaAL",
                                    source="X analytics export (test fixture)")
    assert result.observations == 2 and result.skipped == ["skipped 1 day without a count"]
    got = fresh.query("follower-growth", account="x-ediramaal", start="2024-01-01")
    assert got.followers.tolist() == [1000, 1030] and got.change.tolist()[1] == 30
    with pytest.raises(InvalidDataError, match='unknown account "x-nobody" \\(--account\\)'):
        fresh.import_followers(export, name="export", account="x-nobody", source="s")


def test_a_world_bank_file_is_loaded_and_aggregates_skipped(fresh: KnowledgeGraph) -> None:
    result = fresh.import_indicators(WB_FILE, name="wb")
    assert result.observations == 3
    assert result.skipped == ["skipped 2 areas that are not states of the graph: EMU, WLD"]
    got = fresh.query("image-vs-conditions", states="ALB", theme="tourism", indicator="youth_unemployment",
                      years_if_no_end=20)
    mine = got[(got.dataset == "import-wb") & (got.campaign == "albania-tourism-branding")]
    assert list(zip(mine.year, mine.value, mine.unit, mine.code, strict=True)) == [
        (2018, 11.5, "percent", "SL.UEM.1524.ZS"), (2019, 12.25, "percent", "SL.UEM.1524.ZS")]


def test_a_world_bank_file_with_a_bad_number_is_refused(fresh: KnowledgeGraph, tmp_path: Path) -> None:
    broken = tmp_path / "API_broken.csv"
    broken.write_text(WB_FILE.read_text(encoding="utf-8").replace('"12.25"', '"12,25"'), encoding="utf-8")
    with pytest.raises(InvalidDataError) as failure:
        fresh.import_indicators(broken)
    assert [str(p) for p in failure.value.problems] == [
        f'{broken}:6:6: "12,25" in column "2019" is not a number such as 49.4']
    other = tmp_path / "other.csv"
    other.write_text("state,year,value\nALB,2019,1\n", encoding="utf-8")
    with pytest.raises(InvalidDataError, match="not a World Bank file"):
        fresh.import_indicators(other)
    with pytest.raises(DipkgError, match="is not a usable import name"):
        fresh.import_indicators(WB_FILE, name="My Series")


def test_the_cli_imports_lists_keeps_on_rebuild_and_drops(tmp_path: Path) -> None:
    store = tmp_path / "store"
    builder.build(DATA_DIR, store)
    runner = CliRunner()
    good = tmp_path / "my-counts.csv"
    shutil.copy(FIXTURES / "followers-good.csv", good)
    result = runner.invoke(app, ["import", "followers", str(good), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert result.output == ("imported 3 follower counts as 'my-counts' into "
                             "https://w3id.org/dipkg/graph/import-my-counts\n")
    bad = runner.invoke(app, ["import", "followers", str(FIXTURES / "followers-bad.csv"), "--store", str(store)])
    assert bad.exit_code == 1 and "6 problems found; nothing was written" in bad.output
    builder.build(DATA_DIR, store)  # a rebuild keeps the import
    listed = runner.invoke(app, ["import", "list", "--store", str(store)])
    assert listed.exit_code == 0 and f"import-my-counts followers {good.resolve()}" in listed.output
    assert len(KnowledgeGraph.open(store).query("follower-growth", account="x-ediramaal")) == 4
    dropped = runner.invoke(app, ["import", "drop", "my-counts", "--store", str(store)])
    assert dropped.exit_code == 0, dropped.output
    assert dropped.output == "dropped import 'my-counts'\n"
    again = runner.invoke(app, ["import", "drop", "my-counts", "--store", str(store)])
    assert again.exit_code == 2 and "no import named 'my-counts' in the store (imports: none)" in again.output
    assert pd.DataFrame(KnowledgeGraph.open(store).imports()).empty


def test_imports_pass_the_checks_of_the_curated_tables(fresh: KnowledgeGraph, tmp_path: Path) -> None:
    early = FIXTURES / "followers-before-opening.csv"
    with pytest.raises(InvalidDataError) as failure:
        fresh.import_followers(early, name="checked")
    # 2011-03 is the month x-ediramaal was opened (2011-03-28): allowed; 2011-02 is not
    assert [str(p) for p in failure.value.problems] == [
        f"{early}:2:2: follower count dated 2011-02-01 is before account x-ediramaal was opened (2011-03-28) "
        "[count-before-opening-violation]"]
    assert "import-checked" not in set(fresh.imports().name)
    # a refused re-import puts the earlier import back
    fixed = tmp_path / "checked.csv"
    fixed.write_text("account,date,followers,source\nx-ediramaal,2011-03,11,fixture\n", encoding="utf-8")
    assert fresh.import_followers(fixed).observations == 1
    with pytest.raises(InvalidDataError):
        fresh.import_followers(early, name="checked", replace_file=True)
    assert fresh.query("follower-growth", account="x-ediramaal", end="2011-12-31").followers.tolist() == [11]


def test_as_of_a_day_inside_daily_series_takes_the_count_known_then(tmp_path: Path) -> None:
    """``digital-presence`` and ``digital-vs-traditional`` find the latest count on or before a day
    inside two imported daily series of one account (with gaps across month ends and a day both
    count) through the month-end edges the import writes; the expected counts come from the files."""
    graph = KnowledgeGraph.build(DATA_DIR)
    start = dt.date(2023, 12, 20)
    days = [start + dt.timedelta(days=i) for i in range(75) if i % 9 not in (4, 5)]  # to 2024-03-03
    series = {"daily-a": {d: 400000 + 10 * i for i, d in enumerate(days)},
              "daily-b": {d: 500000 + i for i, d in enumerate(days[20:30])}}  # 2024-01-12 to 2024-01-24
    for name, counts in series.items():
        path = tmp_path / f"{name}.csv"
        path.write_text("account,date,followers,source\n" + "".join(
            f"x-ediramaal,{d.isoformat()},{n},dipkg test fixture (synthetic counts)\n" for d, n in counts.items()),
            encoding="utf-8")
        assert graph.import_followers(path).observations == len(counts)
    others = 1500000 + 264000  # Rama's Facebook (2022-01-20) and Instagram (2019-01-18) counts
    probes = [dt.date(2023, 12, 19), dt.date(2023, 12, 24), dt.date(2023, 12, 31), dt.date(2024, 1, 1),
              dt.date(2024, 1, 12), dt.date(2024, 1, 20), dt.date(2024, 1, 31), dt.date(2024, 2, 1),
              dt.date(2024, 2, 29), dt.date(2024, 3, 1), dt.date(2024, 3, 3), dt.date(2024, 6, 1)]
    for probe in probes:
        known = {name: max((d for d in counts if d <= probe), default=None) for name, counts in series.items()}
        day = max((d for d in known.values() if d), default=dt.date(2019, 1, 18))
        expected = {f"import-{name}": counts[day] for name, counts in series.items() if day in counts} or {
            "followers": 329000}
        rama = graph.query("digital-presence", states="ALB", platform="x", as_of=probe.isoformat())
        rama = rama[rama.account == "x-ediramaal"]
        assert dict(zip(rama.dataset, rama.followers, strict=True)) == expected, probe
        assert set(rama.counted_on) == {pd.Timestamp(day)}, probe
        reach = graph.query("digital-vs-traditional", states="ALB", as_of=probe.isoformat()).set_index("state")
        assert reach.loc["ALB", "total_followers"] == others + max(expected.values()), probe


def test_a_state_and_series_given_twice_is_refused(fresh: KnowledgeGraph, tmp_path: Path) -> None:
    lines = WB_FILE.read_text(encoding="utf-8").splitlines()
    kosovo = next(i for i, line in enumerate(lines) if line.startswith('"Kosovo","XKX"'))
    twice = tmp_path / "API_twice.csv"
    twice.write_text("\n".join([*lines, lines[kosovo].replace('"13.75"', '"99.5"')]) + "\n", encoding="utf-8")
    with pytest.raises(InvalidDataError) as failure:
        fresh.import_indicators(twice)
    assert [str(p) for p in failure.value.problems] == [
        f"{twice}:{len(lines) + 1}:2: a second row for XKX and SL.UEM.1524.ZS (the first is on line {kosovo + 1}): "
        "one value per state, series and year"]


def test_a_name_taken_by_another_file_needs_replace(tmp_path: Path) -> None:
    """``a/counts.csv`` and ``b/counts.csv`` both default to the name ``counts``: the second is refused
    (exit 2, the first import untouched) unless ``--replace``; the same file is always replaced."""
    store = tmp_path / "store"
    builder.build(DATA_DIR, store)
    runner = CliRunner()
    for folder, followers in (("a", 11), ("b", 22)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "counts.csv").write_text(
            f"account,date,followers,source\nx-ediramaal,2012-05,{followers},fixture\n", encoding="utf-8")
    first, second = (str((tmp_path / f / "counts.csv").resolve()) for f in ("a", "b"))

    def counts() -> list[int]:
        growth = KnowledgeGraph.open(store).query("follower-growth", account="x-ediramaal", end="2012-12-31")
        return growth[growth.dataset == "import-counts"].followers.tolist()

    assert runner.invoke(app, ["import", "followers", first, "--store", str(store)]).exit_code == 0
    assert runner.invoke(app, ["import", "followers", first, "--store", str(store)]).exit_code == 0
    refused = runner.invoke(app, ["import", "followers", second, "--store", str(store)])
    assert refused.exit_code == 2
    assert refused.output.startswith(f"error: the import name 'counts' is taken by {first} (imported ")
    assert refused.output.endswith(f"give this file another --name, or add --replace to replace that import "
                                   f"with {second}\n")
    assert counts() == [11]
    replaced = runner.invoke(app, ["import", "followers", second, "--replace", "--store", str(store)])
    assert replaced.exit_code == 0, replaced.output
    assert counts() == [22]
    assert KnowledgeGraph.open(store).imports().file.tolist() == [second]


@pytest.mark.parametrize(("text", "expected"), [
    ("account,date,followers,source\nx-ediramaal,2012-05,11,\"fixture\nx-ediramaal,2012-06,12,fixture\n",
     "{f}:2: a quoted field that begins on this line is never closed: the file ends inside it; close the quote "
     '(a quote inside a quoted field is written twice, "")'),
    ("account,date,followers,source\nx-ediramaal,2012-05,11,fixture\nx-ediramaal,2012-06,12,\"a \"b\" c\"\n",
     "{f}:3: a quoted field that begins on this line has text after its closing quote (or a later one); close the "
     'quote where the field ends (a quote inside a quoted field is written twice, "")'),
    ("account,date,followers,source\nx-ediramaal,2012-05,11,fix\x1b[31mture\nx-ediramaal,2012-06,1\x00,fixture\n",
     '{f}:2:4: control character U+001B in column "source"; remove it\n'
     '{f}:3:3: control character U+0000 in column "followers"; remove it\n'
     '{f}:3:3: "1\\x00" in column "followers" is not a whole number from 0 to 10000000000 (more than the people '
     "on Earth)"),
    ("account,date,followers,source\nx-ediramaal,2099-05-01,11,fixture\n",
     "{f}:2:2: a count dated 2099-05-01, after today ({today}) [plausible-values-violation]"),
], ids=["unclosed-quote", "stray-quote", "control-characters", "future-date"])
def test_an_import_applies_the_rules_of_the_curated_tables(fresh: KnowledgeGraph, tmp_path: Path, text: str,
                                                         expected: str) -> None:
    path = tmp_path / "rules.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidDataError) as failure:
        fresh.import_followers(path, name="rules")
    assert "\n".join(map(str, failure.value.problems)) == expected.format(f=path, today=dt.date.today())
    assert "import-rules" not in set(fresh.imports().name)
