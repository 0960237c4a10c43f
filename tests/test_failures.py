"""Failures are messages with the documented exit code, never a traceback (issue 20): an
unexpected error is an internal error (exit 3) with its traceback only under --debug, an
operating-system error (a full disk) exit 2."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()


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
