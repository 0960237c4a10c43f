"""The README's commands run (docs that cannot rot)."""

from __future__ import annotations

import re
import shlex
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
    runner = CliRunner()
    for command in COMMANDS:
        args = shlex.split(command)
        if args[0] in {"build", "query", "export", "stats"}:
            args += ["--store", str(tmp_path / "store")]
        if args[0] == "build":
            args += ["--data", str(ROOT / "data")]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, f"dipkg {command}: {result.output}{result.stderr}"
        assert result.output.strip() or args[0] == "export", f"dipkg {command} printed nothing"
    assert (tmp_path / "dipkg.trig").stat().st_size > 100_000
