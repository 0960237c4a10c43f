"""The benchmark's synthetic data stays a valid data package as the schema grows (its source
columns are read from the schema, so a new one cannot be missed); how often it times a question."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import run
from bench.generate import generate
from kg import KnowledgeGraph


def test_generated_data_is_valid(tmp_path: Path) -> None:
    rows = generate(tmp_path / "data", 60_000)
    assert rows["sources"] == 1 and rows["recognition_claims"] == 8
    counts = KnowledgeGraph.validate(tmp_path / "data")
    assert sum(c.triples for c in counts) > 60_000


def test_a_question_is_timed_at_least_the_times_asked_and_more_while_under_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "BUDGET", 0.0)
    assert list(run.repeats(5)) == [0, 1, 2, 3, 4]
    assert list(run.repeats(1)) == [0]
    monkeypatch.setattr(run, "BUDGET", 3600.0)
    assert len(list(run.repeats(5))) == run.MOST == 21
    assert len(list(run.repeats(30))) == 30
