"""docs/guide.md runs: its commands, its Python and its SPARQL, against the shipped data
(docs that cannot rot)."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.paths import ROOT

GUIDE = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"^\$ dipkg (.+)$", GUIDE, flags=re.M)
PYTHON = re.findall(r"```python\n(.*?)```", GUIDE, flags=re.S)
SPARQL = re.findall(r"```sparql\n(.*?)```", GUIDE, flags=re.S)


@pytest.fixture
def in_project(store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory whose .dipkg/store is a copy of the shipped data's store."""
    shutil.copytree(store_path, tmp_path / ".dipkg" / "store")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_guide_asks_six_questions_three_ways() -> None:
    assert len(re.findall(r"^## \d\. ", GUIDE, flags=re.M)) == 6
    assert len(COMMANDS) >= 10 and len(PYTHON) >= 6 and len(SPARQL) >= 2


def test_the_guide_commands_run(in_project: Path) -> None:
    runner = CliRunner()
    for command in COMMANDS:
        result = runner.invoke(app, shlex.split(command))
        assert result.exit_code == 0, f"dipkg {command}\n{result.output}"
    assert (in_project / "timeline.png").stat().st_size > 10_000


def test_the_guide_python_runs(in_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scope: dict[str, object] = {}
    for block in PYTHON:  # the blocks build on each other, as in a notebook
        exec(compile(block, "docs/guide.md", "exec"), scope)  # noqa: S102
    printed = capsys.readouterr().out
    # recognisers by 2010-07-22 under Serbia's viewpoint (Vanuatu, known only to 2010, counts from 2010-12-31)
    assert printed.startswith("70 2008-02-17\n")


def test_the_guide_sparql_runs(in_project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["reason"]).exit_code == 0  # the second query reads the inferred classes
    answers = []
    for n, block in enumerate(SPARQL):
        path = in_project / f"guide-{n}.rq"
        path.write_text(block, encoding="utf-8")
        result = runner.invoke(app, ["query", str(path), "--format", "csv"])
        assert result.exit_code == 0, result.output
        answers.append(result.output.splitlines())
    recognised_by, eu_after_reasoning = answers
    assert recognised_by[0] == "recogniser,date" and recognised_by[1] == "CRI,2008-02-17"
    assert len(recognised_by) - 1 == 71  # the recognitions recognitions.csv dates on or before 2010-07-22
    assert eu_after_reasoning[0] == "member" and len(eu_after_reasoning) - 1 == 22
    assert {"ESP", "GRC", "CYP", "ROU", "SVK"}.isdisjoint(eu_after_reasoning)
