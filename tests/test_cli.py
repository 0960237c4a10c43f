"""Every command: --help with an example, a success and a failure, in-process; plus one real
call through the installed entry point."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
import typer.main
from typer.testing import CliRunner

from kg import iris
from kg.cli import app
from kg.graph import KnowledgeGraph
from kg.paths import DATA_DIR

runner = CliRunner()
COMMANDS = ["build", "validate", "queries", "query", "prefixes", "export", "stats",
            "plot",  # tested in test_plot.py
            "serve",  # tested in test_serve.py
            "site",  # tested in test_web_site.py
            "push",  # tested in test_remote.py, test_virtuoso.py
            "reason",  # tested in test_reason.py
            "docs"]  # tested in test_docs.py
GROUPS = {"import": ["followers", "indicators", "list", "drop"],  # tested in test_imports.py
          "link": ["wikidata"], "compare": ["wikidata"]}  # tested in test_wikidata_link.py, test_wikidata_compare.py


def run(*args: str | Path):  # noqa: ANN201
    return runner.invoke(app, [str(a) for a in args])


def test_every_command_is_tested_here() -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert sorted(n for n, c in commands.items() if not hasattr(c, "commands")) == sorted(COMMANDS)
    groups = {n: sorted(c.commands) for n, c in commands.items() if hasattr(c, "commands")}
    assert groups == {name: sorted(commands) for name, commands in GROUPS.items()}


def test_import_and_plot_help_teach_the_layouts() -> None:
    wide = {"COLUMNS": "220"}
    followers = runner.invoke(app, ["import", "followers", "--help"], env=wide)
    assert followers.exit_code == 0
    assert "account (or platform, handle), date, followers" in followers.output
    assert "dipkg import followers counts.csv --source" in followers.output
    plot = runner.invoke(app, ["plot", "--help"], env=wide)
    assert plot.exit_code == 0 and "recognition-timeline, digital-vs-traditional or follower-growth" in plot.output


@pytest.mark.parametrize("command", COMMANDS)
def test_help_teaches_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    assert "Usage: dipkg " in result.output or "Usage: root " in result.output


def test_top_level_help_and_version() -> None:
    assert "dipkg build" in run("--help").output
    result = run("--version")
    assert result.exit_code == 0 and result.output.strip() == "dipkg 0.4.0 (ontology 0.4.0, data 0.2.0)"


# -- build -----------------------------------------------------------------------------------

def test_build_succeeds(tmp_path: Path) -> None:
    result = run("build", "--data", DATA_DIR, "--store", tmp_path / "s")
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/dipkg/graph/recognitions" in result.output
    assert "https://w3id.org/dipkg/graph/ontology" in result.output
    assert (tmp_path / "s").is_dir()
    with KnowledgeGraph.open(tmp_path / "s") as graph:   # the counts printed are the store's own
        counts = graph.graph_counts()
    printed = [line.split() for line in result.output.splitlines()[1:]]
    reaches = [c for c in counts if iris.of_kind(c.graph, "reach")]
    assert len(reaches) == 198   # on one line, where the first would be
    shown = [[c.graph, str(c.triples), "triples"] for c in counts if c not in reaches[1:]]
    shown[shown.index([reaches[0].graph, str(reaches[0].triples), "triples"])] = [
        "https://w3id.org/dipkg/id/reach/…", "(198", "graphs)", str(sum(c.triples for c in reaches)), "triples"]
    assert printed == shown + [["total", str(sum(c.triples for c in counts)), "triples"]]


def test_build_fails_on_bad_data_and_names_the_place(data_copy: Path, tmp_path: Path) -> None:
    text = (data_copy / "recognitions.csv").read_text(encoding="utf-8")
    (data_copy / "recognitions.csv").write_text(text.replace("USA-XKX,USA,XKX,2008-02-18", "USA-XKX,USA,XKX,2008-02-31"), encoding="utf-8")
    result = run("build", "--data", data_copy, "--store", tmp_path / "s")
    assert result.exit_code == 1
    assert 'data/recognitions.csv:3:4: "2008-02-31" in column "date" is not a real date' in result.stderr
    assert "previous store is unchanged" in result.stderr
    assert not (tmp_path / "s").exists()


def test_build_without_a_data_package_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", "--data", tmp_path, "--store", tmp_path / "s")
    assert result.exit_code == 2
    assert f"no datapackage.json in {tmp_path}" in result.stderr


# -- validate --------------------------------------------------------------------------------

def test_validate_succeeds_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("validate", "--data", DATA_DIR)
    assert result.exit_code == 0
    assert result.output.startswith(f"{DATA_DIR} is valid: ")
    assert "triples in 224 graphs" in result.output
    assert list(tmp_path.iterdir()) == []


def test_validate_fails_on_a_missing_source(data_copy: Path) -> None:
    text = (data_copy / "sources.csv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("klix-2017-10-suriname,")]
    (data_copy / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", "--data", data_copy)
    assert result.exit_code == 1
    assert 'unknown source "klix-2017-10-suriname" in column "claim_sources"' in result.stderr
    assert 'unknown source "klix-2017-10-suriname" in column "dispute_sources"' in result.stderr


# -- queries ---------------------------------------------------------------------------------

def test_queries_lists_names_titles_and_parameters() -> None:
    result = run("queries")
    assert result.exit_code == 0
    assert "recognition-timeline\n  Recognition timeline\n" in result.output
    assert "--param viewpoint=<viewpoint> one of kosovo|serbia|undisputed (default: kosovo)" in result.output
    assert "--param as_of=<date> (default: today)" in result.output


def test_queries_takes_no_argument() -> None:
    result = run("queries", "extra")
    assert result.exit_code == 2


# -- query -----------------------------------------------------------------------------------

def test_query_csv(store_path: Path, csv_recognitions) -> None:  # noqa: ANN001
    result = run("query", "recognition-timeline", "--format", "csv", "--store", store_path,
                 "--as-of", "2008-12-31")
    assert result.exit_code == 0, result.output
    made_2008 = (csv_recognitions.date.str[:4] == "2008").sum()
    assert result.output == f"year,recognitions,withdrawals,cumulative\n2008,{made_2008},0,{made_2008}\n"


@pytest.mark.parametrize("fmt, start", [("json", '[\n  {\n    "recognizer": "CRI"'),
                                        ("md", "| recognizer | name | date |"),
                                        ("table", "recognizer")])
def test_query_formats(store_path: Path, fmt: str, start: str) -> None:
    result = run("query", "recognisers-as-of", "-p", "as_of=2008-02-17", "-f", fmt, "--store", store_path)
    assert result.exit_code == 0
    assert result.output.lstrip().startswith(start)
    assert "2008-02-17" in result.output


def test_query_file(store_path: Path, tmp_path: Path) -> None:
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?r a dk:Recognition }\n", encoding="utf-8")
    result = run("query", rq, "-f", "csv", "--store", store_path)
    assert result.exit_code == 0
    assert result.output == "n\n127\n"   # every act, contested ones included


@pytest.mark.parametrize("args, message", [
    (["query", "no-such-query"], "no query named 'no-such-query'"),
    (["query", "recognition-timeline", "-p", "viewpoint"], "--param 'viewpoint' is not KEY=VALUE"),
    (["query", "recognition-timeline", "--as-of", "yesterday"], 'parameter as_of: "yesterday" is not a date'),
    (["query", "recognition-timeline", "-f", "xlsx"], "unknown format 'xlsx'"),
])
def test_query_usage_errors(store_path: Path, args: list[str], message: str) -> None:
    result = run(*args, "--store", store_path)
    assert result.exit_code == 2
    assert message in result.stderr


def test_query_without_a_store(tmp_path: Path) -> None:
    result = run("query", "recognition-timeline", "--store", tmp_path / "missing")
    assert result.exit_code == 2
    assert "no dipkg store at" in result.stderr and "Run `dipkg build` first" in result.stderr


# -- export ----------------------------------------------------------------------------------

def test_export_turtle_and_nquads(store_path: Path, tmp_path: Path, graph) -> None:  # noqa: ANN001
    total = sum(c.triples for c in graph.graph_counts())
    result = run("export", "--format", "nq", "-o", tmp_path / "g.nq", "--store", store_path)
    assert result.exit_code == 0
    assert len(list(pyoxigraph.parse(path=str(tmp_path / "g.nq"), format=pyoxigraph.RdfFormat.N_QUADS))) == total
    result = run("export", "--format", "ttl", "-o", tmp_path / "g.ttl", "--store", store_path)
    assert result.exit_code == 0
    ttl = rdflib.Graph().parse(tmp_path / "g.ttl", format="turtle")
    assert (rdflib.URIRef("https://w3id.org/dipkg/id/recognition/USA-XKX"),
            rdflib.URIRef("https://w3id.org/dipkg/ontology#startDate"),
            rdflib.Literal("2008-02-18", datatype=rdflib.XSD.date)) in ttl


def test_export_unknown_format(store_path: Path) -> None:
    result = run("export", "--format", "xml", "--store", store_path)
    assert result.exit_code == 2
    assert "unknown export format 'xml'; choose one of ttl, nt, jsonld, nq, trig" in result.stderr


# -- stats -----------------------------------------------------------------------------------

def test_stats(store_path: Path) -> None:
    result = run("stats", "--store", store_path)
    assert result.exit_code == 0
    lines = [ln.split() for ln in result.output.splitlines()]
    assert ["https://w3id.org/dipkg/ontology#Recognition", "127"] in lines
    assert ["https://w3id.org/dipkg/ontology#WithdrawalClaim", "27"] in lines
    graphs = result.output.split("entities per class")[0].splitlines()[1:]
    assert graphs[-1].split() == ["https://w3id.org/dipkg/id/recognition-tally/XKX.undisputed", "718"]
    # the 198 states' reaches on one line
    assert ["https://w3id.org/dipkg/id/reach/…", "(198", "graphs)", "1839"] in [line.split() for line in graphs]
    # the counts in one column, the tallies' longer graph names included
    assert len(graphs) == 27 and {len(line) for line in graphs} == {len(graphs[-1])}


def test_a_listing_shows_the_reaches_on_one_line_and_a_lone_reach_by_its_name() -> None:
    from kg.cli.common import folded

    table, xkx, alb = ("https://w3id.org/dipkg/graph/missions", iris.mint("reach", "XKX").value,
                       iris.mint("reach", "ALB").value)
    tally = iris.mint("recognition-tally", "XKX.serbia").value
    assert folded([table, xkx, alb, tally], str) == [
        (table, [table]), ("https://w3id.org/dipkg/id/reach/… (2 graphs)", [xkx, alb]), (tally, [tally])]
    assert folded([xkx, table], str) == [(xkx, [xkx]), (table, [table])]


def test_stats_without_a_store(tmp_path: Path) -> None:
    result = run("stats", "--store", tmp_path / "missing")
    assert result.exit_code == 2


# -- the installed entry point ---------------------------------------------------------------

def test_installed_entry_point(store_path: Path) -> None:
    exe = shutil.which("dipkg", path=str(Path(sys.executable).parent))
    assert exe is not None, "dipkg is not installed in this environment"
    done = subprocess.run([exe, "query", "withdrawal-claims", "-f", "csv", "--store", str(store_path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("claim,recognizer,recognizer_name,recognised_on")
    assert len(done.stdout.splitlines()) == 28
    missing = subprocess.run([exe, "stats", "--store", str(store_path) + "-missing"],
                             capture_output=True, text=True, timeout=120, check=False)
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr


def test_a_problem_on_line_100_is_printed_as_written(data_copy: Path) -> None:
    """The error console prints messages as they are: rich would turn ":100:" into an emoji."""
    path = data_copy / "memberships.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[99] = "not an id" + lines[99][lines[99].index(","):]
    path.write_text("".join(lines), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "--data", str(data_copy)])
    assert result.exit_code == 1
    assert f'{data_copy.name}/memberships.csv:100:1: "not an id" in column "id" is not an id such as ALB-NATO' \
        in result.output
