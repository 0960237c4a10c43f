"""`dipkg plot`: the figures exist, have the expected size, and draw exactly the query's values."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import plot
from kg.cli import app
from kg.errors import DipkgError

SIZE = (int(plot.WIDTH * plot.DPI), int(plot.HEIGHT * plot.DPI))


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_recognition_timeline_draws_the_query(graph, tmp_path: Path) -> None:  # noqa: ANN001
    drawn = plot.figure(graph, "recognition-timeline", {"viewpoint": "serbia", "as_of": "2024-12-31"})
    expected = graph.query("recognition-timeline", viewpoint="serbia", as_of="2024-12-31")
    bars, lost = drawn.figure.axes[0].containers
    assert [b.get_height() for b in bars] == expected.recognitions.tolist()
    assert [-b.get_height() for b in lost] == expected.withdrawals.abs().tolist()
    line = drawn.figure.axes[1].lines[0]
    assert list(line.get_ydata()) == expected.cumulative.tolist()
    assert drawn.figure.texts[0].get_text().startswith("Recognitions of XKX per year (serbia viewpoint)")
    # the acts Serbia's viewpoint accepts by then; the sources of every recognition act dated by then
    assert "115 recognitions citing 108 sources" in drawn.caption
    assert "as_of=2024-12-31" in drawn.caption
    out = plot.save(drawn, tmp_path / "timeline.png")
    assert _png_size(out) == SIZE


def test_digital_vs_traditional_draws_the_query(graph, tmp_path: Path) -> None:  # noqa: ANN001
    drawn = plot.figure(graph, "digital-vs-traditional", {"as_of": "2025-01-01"})
    expected = graph.query("digital-vs-traditional", as_of="2025-01-01")
    left, right = drawn.figure.axes
    albania, kosovo = left.containers
    measures = ["missions_abroad", "memberships", "recognitions", "accounts"]
    rows = expected.set_index("state")
    assert [b.get_height() for b in albania] == [int(rows.loc["ALB", m]) if m != "recognitions" else 0 for m in measures]
    assert [b.get_height() for b in kosovo] == [int(rows.loc["XKX", m]) for m in measures]
    # regional bodies Kosovo joins through UNMIK or as 'Kosovo*' are not full memberships (22, not 28)
    assert [b.get_height() for b in kosovo] == [44, 22, 121, 10]
    assert [b.get_height() for b in right.containers[0]] == [2093000, 0]
    assert [t.get_text() for t in right.texts] == ["3 of 8 accounts counted", "0 of 10 accounts counted"]
    assert "follower counts dated 2019-01-18 to 2022-01-20" in drawn.caption
    assert "fjala-2022-01-politicians-follow" in drawn.caption
    out = plot.save(drawn, tmp_path / "reach.svg")
    assert out.read_text(encoding="utf-8").startswith("<?xml") and "Digital against traditional reach" in \
        drawn.figure.texts[0].get_text()


def test_follower_growth_draws_the_query(graph, tmp_path: Path) -> None:  # noqa: ANN001
    drawn = plot.figure(graph, "follower-growth", {"state": "ALB"})
    expected = graph.query("follower-growth", state="ALB")
    plotted = {line.get_label(): list(line.get_ydata()) for line in drawn.figure.axes[0].lines}
    assert plotted == {account: rows.followers.tolist() for account, rows in expected.groupby("account_id")}
    assert plotted["x-ediramaal"] == [32874, 329000]
    assert "4 published counts dated 2012-08-01 to 2022-01-20" in drawn.caption
    assert _png_size(plot.save(drawn, tmp_path / "growth.png")) == SIZE


def test_unknown_figures_and_formats_are_refused(graph, tmp_path: Path) -> None:  # noqa: ANN001
    with pytest.raises(DipkgError, match="no figure for 'campaigns'; figures exist for digital-vs-traditional, "
                                         "follower-growth, recognition-timeline"):
        plot.figure(graph, "campaigns")
    with pytest.raises(DipkgError, match="give a file ending in .png or .svg"):
        plot.save(plot.figure(graph, "follower-growth"), tmp_path / "growth.jpg")
    with pytest.raises(DipkgError, match="no follower counts to plot"):
        plot.figure(graph, "follower-growth", {"state": "XKX"})


def test_the_cli_writes_the_file(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "fig" / "timeline.png"
    result = CliRunner().invoke(app, ["plot", "recognition-timeline", "-o", str(out), "--store", str(store_path),
                                      "--as-of", "2020-01-01"])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}\n" and _png_size(out) == SIZE
