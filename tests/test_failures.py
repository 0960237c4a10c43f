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
