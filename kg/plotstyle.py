"""The one style of dipkg's figures: size, resolution, fonts, colours and grid.

The style is applied inside :func:`style` (``matplotlib.rc_context``) by the functions that draw
and save a figure, never at import: importing dipkg leaves a notebook's matplotlib settings (and
its backend) as they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib
from matplotlib.rcsetup import cycler

#: Size in inches (a two-column journal page is about 7.2 inches wide) and resolution: PNGs are
#: WIDTH*DPI x HEIGHT*DPI pixels.
WIDTH, HEIGHT, DPI = 7.2, 5.0, 300

#: Okabe and Ito's colours, told apart by readers with any common colour-vision deficiency.
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, BLACK = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
CYCLE = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, BLACK, YELLOW)
INK, MUTED, GRID = "#222222", "#444444", "#D9D9D9"

#: Font sizes in points at print size.
TITLE, LABEL, TICK, SMALL, CAPTION = 9.5, 8.0, 7.0, 7.0, 6.5

#: matplotlib's settings (keys checked by matplotlib when the context is entered).
RC: dict[Any, Any] = {
    "figure.figsize": (WIDTH, HEIGHT),
    "figure.dpi": DPI,
    "figure.facecolor": "white",
    "figure.titlesize": TITLE,
    "figure.titleweight": "bold",
    "figure.constrained_layout.h_pad": 0.06,
    "figure.constrained_layout.w_pad": 0.06,
    "figure.constrained_layout.hspace": 0.04,
    "figure.constrained_layout.wspace": 0.06,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": LABEL,
    "text.color": INK,
    "axes.edgecolor": INK,
    "axes.labelcolor": INK,
    "axes.linewidth": 0.6,
    "axes.titlesize": LABEL,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlepad": 4.0,
    "axes.labelsize": LABEL,
    "axes.labelpad": 3.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "axes.prop_cycle": cycler(color=CYCLE),
    "grid.color": GRID,
    "grid.linewidth": 0.5,
    "grid.linestyle": "-",
    "xtick.labelsize": TICK,
    "ytick.labelsize": TICK,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 3.0,
    "ytick.major.size": 3.0,
    "lines.linewidth": 1.4,
    "lines.markersize": 4.0,
    "patch.linewidth": 0.0,
    "legend.fontsize": SMALL,
    "legend.title_fontsize": SMALL,
    "legend.frameon": False,
    "legend.handlelength": 1.6,
    "legend.borderaxespad": 0.3,
    "legend.columnspacing": 1.4,
    "savefig.dpi": DPI,
    "savefig.facecolor": "white",
    # text stays text: editable in an SVG, embedded as TrueType (not Type 3) in a PDF or PostScript
    "svg.fonttype": "none",
    "svg.hashsalt": "dipkg",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
}


@contextmanager
def style() -> Iterator[None]:
    """Draw or save inside this context to use the style; matplotlib's settings are restored after."""
    with matplotlib.rc_context(RC):
        yield


def metadata(fmt: str, creator: str) -> dict[str, Any]:
    """File metadata naming ``creator``, without a timestamp (the same figure gives the same file)."""
    if fmt == "png":
        return {"Software": creator}
    if fmt == "pdf":
        return {"Creator": creator, "CreationDate": None}
    return {"Creator": creator, "Date": None}
