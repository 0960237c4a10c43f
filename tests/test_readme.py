"""The README's commands run (docs that cannot rot)."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.paths import ROOT

COMMANDS = re.findall(r"^\$ dipkg (.+)$", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.M)


def test_the_readme_shows_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text
    assert len(COMMANDS) >= 8


def test_readme_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    fixtures = ROOT / "tests" / "fixtures" / "imports"
    shutil.copy(fixtures / "followers-good.csv", tmp_path / "my-counts.csv")
    shutil.copy(fixtures / "API_SL.UEM.1524.ZS_DS2_en_csv_v2_test.csv", tmp_path / "API_SL.UEM.1524.ZS_DS2_en_csv_v2.csv")
    shutil.copytree(fixtures / "wdi", tmp_path / "wdi")   # synthetic values in the long layout
    runner = CliRunner()
    for command in COMMANDS:
        args = shlex.split(command)
        if args[0] in {"build", "query", "export", "stats", "plot", "import"}:
            args += ["--store", str(tmp_path / "store")]
        if args[0] == "build":
            args += ["--data", str(ROOT / "data")]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, f"dipkg {command}: {result.output}{result.stderr}"
        assert result.output.strip() or args[0] == "export", f"dipkg {command} printed nothing"
    assert (tmp_path / "dipkg.trig").stat().st_size > 100_000
    assert all((tmp_path / name).stat().st_size > 10_000 for name in ("timeline.png", "reach.svg", "growth.png"))
