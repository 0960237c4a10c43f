"""The benchmark's synthetic data stays a valid data package as the schema grows (its source
columns are read from the schema, so a new one cannot be missed)."""

from __future__ import annotations

from pathlib import Path

from bench.generate import generate
from kg import KnowledgeGraph


def test_generated_data_is_valid(tmp_path: Path) -> None:
    rows = generate(tmp_path / "data", 60_000)
    assert rows["sources"] == 1 and rows["recognition_claims"] == 8
    counts = KnowledgeGraph.validate(tmp_path / "data")
    assert sum(c.triples for c in counts) > 60_000
