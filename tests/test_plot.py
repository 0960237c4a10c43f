"""`dipkg plot`: the figures draw exactly the query's values, name what they show, lay out without
overlaps, and are written at print resolution (PNG), with text kept as text (SVG, PDF)."""

from __future__ import annotations

import itertools
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from typer.testing import CliRunner

from kg import plot
from kg.cli import app
from kg.errors import DipkgError
from kg.paths import ROOT

SIZE = (int(plot.WIDTH * plot.DPI), int(plot.HEIGHT * plot.DPI))

#: Every figure, and the recognition timeline both with and without withdrawals.
DRAWN = {
    "timeline-serbia": ("recognition-timeline", {"viewpoint": "serbia", "as_of": "2024-12-31"}),
    "timeline-kosovo": ("recognition-timeline", {"as_of": "2024-12-31"}),
    "reach": ("digital-vs-traditional", {"as_of": "2025-01-01"}),
    "growth-state": ("follower-growth", {"state": "ALB"}),
    "growth-all": ("follower-growth", {}),
}


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_recognition_timeline_draws_the_query(graph, tmp_path: Path) -> None:  # noqa: ANN001
    drawn = plot.figure(graph, "recognition-timeline", {"viewpoint": "serbia", "as_of": "2024-12-31"})
    expected = graph.query("recognition-timeline", viewpoint="serbia", as_of="2024-12-31")
    # two panels on one year axis: the count held above, the year's acts below around a zero line
    held, yearly = drawn.figure.axes
    assert held.get_shared_x_axes().joined(held, yearly)
    assert list(held.lines[0].get_ydata()) == expected.cumulative.tolist()
    assert held.get_ylim()[0] == 0
    bars, lost = yearly.containers
    assert [b.get_height() for b in bars] == expected.recognitions.tolist()
    assert [-b.get_height() for b in lost] == expected.withdrawals.abs().tolist()
    assert yearly.get_ylim()[0] < 0 < yearly.get_ylim()[1]
    assert [t.get_text() for t in yearly.get_legend().get_texts()] == ["recognitions made", "withdrawals accepted"]
    # the state and the viewpoint by name
    assert drawn.figure.get_suptitle() == "Recognitions of Kosovo, 2008–2024 (viewpoint: Serbia's foreign ministry)"
    # the acts Serbia's viewpoint accepts by then; the sources of every recognition act dated by then
    assert "115 recognitions citing 108 sources; 26 withdrawals" in drawn.caption
    assert ("`dipkg query recognition-timeline --param state=XKX --param viewpoint=serbia --param as_of=2024-12-31`"
            in drawn.caption)
    out = plot.save(drawn, tmp_path / "timeline.png")
    assert _png_size(out) == SIZE


def test_a_timeline_without_withdrawals_has_no_legend(graph) -> None:  # noqa: ANN001
    drawn = plot.figure(graph, "recognition-timeline", {"as_of": "2024-12-31"})
    held, yearly = drawn.figure.axes
    (bars,) = yearly.containers
    assert sum(b.get_height() for b in bars) == 121 and yearly.get_legend() is None
    assert drawn.figure.get_suptitle() == "Recognitions of Kosovo, 2008–2024 (viewpoint: Kosovo's foreign ministry)"
    assert "(the viewpoint accepts no withdrawal)" in drawn.caption


def test_digital_vs_traditional_draws_the_query(graph, tmp_path: Path) -> None:  # noqa: ANN001
    drawn = plot.figure(graph, "digital-vs-traditional", {"as_of": "2025-01-01"})
    expected = graph.query("digital-vs-traditional", as_of="2025-01-01")
    left, right = drawn.figure.axes
    albania, kosovo = left.containers
    measures = ["missions_abroad", "memberships", "recognitions", "accounts"]
    rows = expected.set_index("state")
    assert [b.get_width() for b in albania] == [int(rows.loc["ALB", m]) if m != "recognitions" else 0 for m in measures]
    assert [b.get_width() for b in kosovo] == [int(rows.loc["XKX", m]) for m in measures]
    # regional bodies Kosovo joins through UNMIK or as 'Kosovo*' are not full memberships (22, not 28)
    assert [b.get_width() for b in kosovo] == [44, 22, 121, 10]
    # each bar's value written at its end; Albania's recognitions are not counted (not 0)
    assert [t.get_text() for t in left.texts] == ["55", "27", "n/a", "8", "44", "22", "121", "10"]
    assert [b.get_width() for b in right.containers[0]] == [2093000, 0]
    assert [t.get_text() for t in right.texts] == ["3 of 8 accounts counted", "0 of 10 accounts counted"]
    # states by name: in the legend and on the followers' axis
    assert [t.get_text() for t in drawn.figure.legends[0].get_texts()] == ["Albania", "Kosovo"]
    assert [t.get_text() for t in right.get_yticklabels()] == ["Albania", "Kosovo"]
    assert drawn.figure.get_suptitle() == "Digital against traditional reach: Albania and Kosovo on 1 January 2025"
    assert "follower counts dated 2019-01-18 to 2022-01-20" in drawn.caption
    assert "fjala-2022-01-politicians-follow" in drawn.caption
    assert "`dipkg query digital-vs-traditional --param 'states=XKX;ALB' --param as_of=2025-01-01" in drawn.caption
    out = plot.save(drawn, tmp_path / "reach.svg")
    assert out.read_text(encoding="utf-8").startswith("<?xml")


def test_follower_growth_draws_the_query(graph, tmp_path: Path) -> None:  # noqa: ANN001
    drawn = plot.figure(graph, "follower-growth", {"state": "ALB"})
    expected = graph.query("follower-growth", state="ALB")
    plotted = {line.get_label(): list(line.get_ydata()) for line in drawn.figure.axes[0].lines}
    # one line per account, in the order of their ids, named by platform and handle
    assert list(plotted.values()) == [rows.followers.tolist() for _, rows in expected.groupby("account_id")]
    assert list(plotted) == ["Facebook @ediramaal", "Instagram @ediramaal", "X (formerly Twitter) @ediramaal"]
    assert plotted["X (formerly Twitter) @ediramaal"] == [32874, 329000]
    # the one holder of them all titles the legend; the state is named in the title
    legend = drawn.figure.legends[0]
    assert legend.get_title().get_text() == "Edi Rama (Prime Minister of Albania)"
    assert drawn.figure.get_suptitle() == "Published follower counts of the official accounts of Albania"
    assert "4 published counts dated 2012-08-01 to 2022-01-20" in drawn.caption
    assert _png_size(plot.save(drawn, tmp_path / "growth.png")) == SIZE
    one = plot.figure(graph, "follower-growth", {"account": "x-ediramaal"})
    assert one.figure.get_suptitle() == "Published follower counts of X (formerly Twitter) @ediramaal"
    assert one.figure.legends[0].get_title().get_text() == "Edi Rama (Prime Minister of Albania)"


def test_unknown_figures_and_formats_are_refused(graph, tmp_path: Path) -> None:  # noqa: ANN001
    with pytest.raises(DipkgError, match="no figure for 'campaigns'; figures exist for digital-vs-traditional, "
                                         "follower-growth, recognition-timeline"):
        plot.figure(graph, "campaigns")
    with pytest.raises(DipkgError, match=r"give a file ending in \.png, \.svg or \.pdf"):
        plot.save(plot.figure(graph, "follower-growth"), tmp_path / "growth.jpg")
    with pytest.raises(DipkgError, match="no follower counts to plot"):
        plot.figure(graph, "follower-growth", {"state": "XKX"})


def _texts(fig: Figure) -> list[Text]:
    """The texts drawn: every visible, non-empty text, and of the tick labels those inside the view."""
    ticks: set[Text] = set()
    shown: list[Text] = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in [*axis.majorTicks, *axis.minorTicks]:
                ticks.update((tick.label1, tick.label2))
            for tick in axis.get_major_ticks():
                if low - 1e-9 <= tick.get_loc() <= high + 1e-9:
                    shown += [t for t in (tick.label1, tick.label2) if t.get_visible() and t.get_text().strip()]
    return shown + [t for t in fig.findobj(Text)
                    if t not in ticks and t.get_visible() and t.get_text().strip()]


def _overlap(a: Bbox, b: Bbox, tolerance: float = 1.0) -> bool:
    return (a.x0 + tolerance < b.x1 and b.x0 + tolerance < a.x1
            and a.y0 + tolerance < b.y1 and b.y0 + tolerance < a.y1)


@pytest.mark.parametrize("key", DRAWN)
def test_nothing_overlaps(graph, key: str) -> None:  # noqa: ANN001
    name, params = DRAWN[key]
    fig = plot.figure(graph, name, params).figure
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    texts = _texts(fig)
    assert fig.get_suptitle() in [t.get_text() for t in texts]
    boxes = {t: t.get_window_extent(renderer) for t in texts}
    page = fig.bbox
    for text, box in boxes.items():
        assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1 and page.y0 - 1 <= box.y0 and box.y1 <= page.y1 + 1, \
            f"{text.get_text()!r} leaves the figure"
        assert text.get_fontname() == "DejaVu Sans", text.get_text()
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        assert not _overlap(box_a, box_b), f"{a.get_text()!r} overlaps {b.get_text()!r}"
    # the title and the caption stay clear of every panel
    for text in fig.texts:
        for ax in fig.axes:
            assert not _overlap(boxes[text], ax.get_tightbbox(renderer)), f"{text.get_text()[:40]!r} over a panel"
    # legends sit outside every panel's data area, so cover no bar, line or marker
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
    assert legends or key == "timeline-kosovo"
    for legend in legends:
        box = legend.get_window_extent(renderer)
        for ax in fig.axes:
            assert not _overlap(box, ax.bbox), "a legend over a panel"
            for artist in [*ax.patches, *ax.lines, *ax.collections]:
                assert not _overlap(box, artist.get_window_extent(renderer)), f"a legend over {artist}"


def test_print_formats(graph, tmp_path: Path) -> None:  # noqa: ANN001
    drawn = plot.figure(graph, "recognition-timeline", {"viewpoint": "serbia", "as_of": "2024-12-31"})
    title = drawn.figure.get_suptitle()
    # 300 dpi
    assert plot.DPI == 300 and _png_size(plot.save(drawn, tmp_path / "timeline.png")) == SIZE == (2160, 1500)
    # SVG: text stays text (the title is a <text> element, not glyph outlines)
    svg = ET.parse(plot.save(drawn, tmp_path / "timeline.svg"))
    texts = ["".join(e.itertext()) for e in svg.iter() if e.tag.endswith("}text")]
    assert title in texts and "recognitions held" in texts
    # PDF: TrueType fonts (Type 42: CIDFontType2), not Type 3
    pdf = plot.save(drawn, tmp_path / "timeline.PDF").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/CIDFontType2" in pdf and b"/Type3" not in pdf
    # the same figure gives the same file (no timestamp)
    assert plot.save(drawn, tmp_path / "again.PDF").read_bytes() == pdf


def test_drawing_leaves_matplotlib_settings_alone(graph, tmp_path: Path) -> None:  # noqa: ANN001
    before = dict(matplotlib.rcParams)
    backend = matplotlib.get_backend()
    plot.save(plot.figure(graph, "follower-growth", {"state": "ALB"}), tmp_path / "growth.svg")
    assert dict(matplotlib.rcParams) == before and matplotlib.get_backend() == backend


def test_importing_keeps_the_backend() -> None:
    code = ("import sys, matplotlib; matplotlib.use('svg'); import kg.plot; "
            "assert matplotlib.get_backend() == 'svg', matplotlib.get_backend(); "
            "assert 'matplotlib.pyplot' not in sys.modules")
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_cli_writes_the_file(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "fig" / "timeline.png"
    result = CliRunner().invoke(app, ["plot", "recognition-timeline", "-o", str(out), "--store", str(store_path),
                                      "--as-of", "2020-01-01"])
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}\n" and _png_size(out) == SIZE
    pdf = tmp_path / "fig" / "timeline.pdf"
    result = CliRunner().invoke(app, ["plot", "recognition-timeline", "-o", str(pdf), "--store", str(store_path)])
    assert result.exit_code == 0 and pdf.read_bytes().startswith(b"%PDF")
