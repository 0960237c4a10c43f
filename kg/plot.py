"""Figures for the named questions (matplotlib): titled, labelled, captioned with sources and dates.

Each figure is drawn from the DataFrame of its named query, never from numbers computed
elsewhere, and :func:`figure` returns that frame with the figure so a caller (or a test) can
check that what is drawn is what the query says. States, viewpoints and accounts are named by
their labels in the graph, not by their ids.

The figures are built with matplotlib's object-oriented API (:class:`~matplotlib.figure.Figure`
on an Agg canvas, no ``pyplot``), and the style of :mod:`kg.plotstyle` is applied only while a
figure is drawn or saved: importing this module changes neither the backend nor the settings of
a notebook that uses it.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.axis import Axis
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.legend import Legend
from matplotlib.ticker import FuncFormatter, MaxNLocator

from kg import __version__, plotstyle, queries
from kg.errors import DipkgError
from kg.plotstyle import BLUE, CYCLE, DPI, HEIGHT, INK, MUTED, SMALL, VERMILLION, WIDTH

__all__ = ["DPI", "FIGURES", "FORMATS", "HEIGHT", "WIDTH", "Plotted", "figure", "save"]

FORMATS = (".png", ".svg", ".pdf")
#: The white space around the title and the caption, and between them and the axes, in inches.
MARGIN, GAP = 0.08, 0.08


@dataclass
class Plotted:
    """A drawn figure, the query's answer it shows, and its caption."""

    name: str
    figure: Figure
    frame: pd.DataFrame
    caption: str


def figure(graph: Any, name: str, params: Mapping[str, Any] | None = None) -> Plotted:
    """Draw the figure of the named question ``name`` with ``params`` from ``graph``."""
    if name not in FIGURES:
        raise DipkgError(f"no figure for {name!r}; figures exist for {', '.join(sorted(FIGURES))}")
    with plotstyle.style():
        drawn = FIGURES[name](graph, dict(params or {}))
        # lay the figure out (and make its ticks) while the style is in force, then keep that layout:
        # every file saved from it is the same (constrained layout run again moves things by a hair)
        drawn.figure.draw_without_rendering()
        drawn.figure.set_layout_engine("none")
    return drawn


def save(plotted: Plotted, output: Path) -> Path:
    """Write the figure as PNG (300 dpi), SVG (text as text) or PDF (TrueType fonts), chosen by the suffix."""
    fmt = output.suffix.lower()[1:]
    if f".{fmt}" not in FORMATS:
        raise DipkgError(f"cannot write {output}: give a file ending in .png, .svg or .pdf")
    output.parent.mkdir(parents=True, exist_ok=True)
    with plotstyle.style():
        plotted.figure.savefig(output, format=fmt, dpi=DPI,
                               metadata=plotstyle.metadata(fmt, f"dipkg {__version__}"))
    return output


def _canvas(title: str, caption: str) -> Figure:
    """A figure with its title at the top and its caption at the bottom, both wrapped to the width;
    constrained layout places the axes (and their legends) in the space between (see :func:`_legend_row`
    for a legend under the title)."""
    engine = ConstrainedLayoutEngine()
    fig = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI, layout=engine)
    renderer = FigureCanvasAgg(fig).get_renderer()
    left, width = MARGIN / WIDTH, (WIDTH - 2 * MARGIN) * DPI
    heading = FontProperties(size=plotstyle.TITLE, weight="bold")
    top = fig.suptitle(_wrap(title, heading, width, renderer), x=left, y=1 - MARGIN / HEIGHT, ha="left", va="top",
                       fontproperties=heading, parse_math=False)
    font = FontProperties(size=plotstyle.CAPTION)
    text = "\n".join(_wrap(part, font, width, renderer) for part in caption.split("\n"))
    note = fig.text(left, MARGIN / HEIGHT, text, ha="left", va="bottom", fontproperties=font, color=MUTED,
                    linespacing=1.35, parse_math=False)
    bottom = MARGIN / HEIGHT + _height(note, renderer) + GAP / HEIGHT
    height = 1 - bottom - (MARGIN + GAP) / HEIGHT - _height(top, renderer)
    engine.set(rect=(0, bottom, 1, height))
    return fig


def _legend_row(fig: Figure, handles: list[Any], title: str | None = None) -> Legend:
    """A legend under the figure's title, in as many columns as fit the width; the axes move down."""
    engine = fig.get_layout_engine()
    assert isinstance(engine, ConstrainedLayoutEngine)
    x, bottom, width, height = engine.get()["rect"]
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    renderer = canvas.get_renderer()
    for ncols in range(len(handles), 0, -1):
        legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(MARGIN / WIDTH, bottom + height),
                            ncols=ncols, title=title, alignment="left", borderaxespad=0, borderpad=0)
        if ncols == 1 or legend.get_window_extent(renderer).width <= (WIDTH - 2 * MARGIN) * DPI:
            break
        legend.remove()
    engine.set(rect=(x, bottom, width, height - _height(legend, renderer) - GAP / HEIGHT))
    return legend


def _height(artist: Any, renderer: RendererBase) -> float:
    """The artist's height as a fraction of its figure's."""
    return float(artist.get_window_extent(renderer).height / (HEIGHT * DPI))


#: A backticked command, and what follows it up to a space, is not broken across lines.
_WORD = re.compile(r"`[^`]*`\S*|\S+")


def _wrap(text: str, font: FontProperties, width: float, renderer: RendererBase) -> str:
    """``text`` broken between words into lines no wider than ``width`` pixels (a command too wide
    for a line of its own is broken between its words)."""
    lines: list[str] = []
    line = ""

    def wider(words: str) -> bool:
        return bool(renderer.get_text_width_height_descent(words, font, ismath=False)[0] > width)

    words = [part for word in _WORD.findall(text) for part in (word.split() if wider(word) else [word])]
    for word in words:
        longer = f"{line} {word}" if line else word
        if line and wider(longer):
            lines.append(line)
            line = word
        else:
            line = longer
    return "\n".join([*lines, line])


def _stamp_value(value: Any) -> Any:
    return dt.date.today().isoformat() if value == "today" else value


def _value(query: queries.NamedQuery, params: Mapping[str, Any], name: str) -> Any:
    """A parameter as the query runs with it: given, or the declared default (``today`` as a date)."""
    param = query.param(name)
    return _stamp_value(params.get(name, param.default if param else None))


def _command(name: str, params: Mapping[str, Any], query: queries.NamedQuery) -> str:
    """The `dipkg query` command that prints the answer drawn (every parameter written out)."""
    shown = {p.name: _value(query, params, p.name) for p in query.params}
    args = "".join(f" --param {shlex.quote(f'{k}={v}')}" for k, v in shown.items() if v not in (None, ""))
    return f"dipkg query {name}{args}"


def _day(value: Any) -> str:
    day = pd.Timestamp(_stamp_value(value))
    return f"{day.day} {day:%B %Y}"


def _ask(graph: Any, name: str, params: Mapping[str, Any], nothing: str) -> tuple[queries.NamedQuery, pd.DataFrame]:
    """The named query and its answer; an empty answer is an error saying ``nothing``."""
    frame = graph.query(name, **params)
    if frame.empty:
        raise DipkgError(nothing)
    return queries.resolve(name), frame


def _state_name(graph: Any, state: str) -> str:
    """The state's name (rdfs:label), from `traditional-reach`; its id if the graph has no such state."""
    found = graph.query("traditional-reach", states=state)
    return str(found.name.iloc[0]) if not found.empty else state


def _viewpoint_label(graph: Any, state: str, viewpoint: str, as_of: Any) -> str:
    """The viewpoint's label (its SKOS concept's), from `recognition-counts`; its notation if none."""
    counts = graph.query("recognition-counts", state=state, as_of=as_of)
    found = counts[counts.viewpoint == viewpoint].label
    return str(found.iloc[0]) if not found.empty else viewpoint


def _account_labels(graph: Any) -> pd.DataFrame:
    """Every account's holder, platform name and handle, by account id (``queries/system/account-labels.rq``)."""
    return graph.query(str(queries.system("account-labels").path)).set_index("account")


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _count_axis(axis: Axis, largest: float, what: str) -> None:
    """Tick labels in thousands or millions when the counts are that large, said in the axis label."""
    scale, unit = next(((s, u) for s, u in ((1e6, "millions"), (1e3, "thousands")) if largest >= 2 * s), (1.0, ""))
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value / scale:,.10g}"))
    axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=True))
    axis.set_label_text(f"{what} ({unit})" if unit else what)


def _recognition_timeline(graph: Any, params: dict[str, Any]) -> Plotted:
    name = "recognition-timeline"
    query, frame = _ask(graph, name, params, "no recognitions to plot for these parameters")
    state, viewpoint, as_of = (_value(query, params, p) for p in ("state", "viewpoint", "as_of"))
    cited = graph.query("fact-sources", state=state)
    sources = cited[(cited.role == "recognised") & (cited.date <= pd.Timestamp(as_of))].source.nunique()
    withdrawn = int(frame.withdrawals.abs().sum())
    country = _state_name(graph, state)
    years = frame.year.astype(int)
    made = ("recognitions made each year (up) and withdrawals the viewpoint accepts (down)" if withdrawn
            else "recognitions made each year (the viewpoint accepts no withdrawal)")
    caption = (f"Data: dipkg {__version__}, `{_command(name, params, query)}`; sources: "
               f"`dipkg query fact-sources --param state={state}`.\n"
               f"(a) Recognitions of {country} held at the end of each year (on {_day(as_of)} in the last year); "
               f"(b) {made}. {int(frame.recognitions.sum())} recognitions citing {sources} sources; "
               f"{withdrawn} withdrawal{'' if withdrawn == 1 else 's'}. "
               "A date known only to its month or year counts from the last day of that period.")
    fig = _canvas(f"Recognitions of {country}, {years.min()}–{years.max()} "
                  f"(viewpoint: {_viewpoint_label(graph, state, viewpoint, as_of)})", caption)
    held, yearly = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    held.plot(years, frame.cumulative, color=INK, marker="o", markersize=3, label="held at the end of the year")
    last = frame.iloc[-1]
    held.annotate(f"{int(last.cumulative)}", (int(last.year), last.cumulative), xytext=(0, 5),
                  textcoords="offset points", ha="center", va="bottom", fontsize=SMALL)
    held.set_ylim(0, max(1, frame.cumulative.max()) * 1.15)
    held.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    held.set_ylabel("recognitions held")
    held.set_title("a  Recognitions held at the end of each year")
    yearly.bar(years, frame.recognitions, width=0.7, color=BLUE, label="recognitions made")
    if withdrawn:
        yearly.bar(years, -frame.withdrawals.abs(), width=0.7, color=VERMILLION, label="withdrawals accepted")
        yearly.set_title("b  Recognitions made (up) and withdrawn (down) each year")
        yearly.legend(loc="lower right", bbox_to_anchor=(1, 1), ncols=2, borderaxespad=0.2)
    else:
        yearly.set_title("b  Recognitions made each year (no withdrawal accepted)")
    yearly.axhline(0, color=INK, linewidth=0.6)
    yearly.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10], integer=True))
    yearly.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{abs(value):g}"))
    yearly.set_ylabel("per year")
    yearly.set_xlabel("year")
    yearly.xaxis.set_major_locator(MaxNLocator(integer=True))
    yearly.set_xlim(years.min() - 0.7, years.max() + 0.7)
    return Plotted(name, fig, frame, caption)


MEASURES = (("missions_abroad", "missions abroad"), ("memberships", "full memberships"),
            ("recognitions", "recognitions received"), ("accounts", "official accounts"))


def _digital_vs_traditional(graph: Any, params: dict[str, Any]) -> Plotted:
    name = "digital-vs-traditional"
    query, frame = _ask(graph, name, params, "no states to plot for these parameters")
    as_of = _value(query, params, "as_of")
    presence = graph.query("digital-presence", states=_value(query, params, "states"), as_of=as_of)
    dated = presence.dropna(subset=["counted_on"])
    span = "no published follower counts"
    if not dated.empty:
        first, last = (f"{day:%Y-%m-%d}" for day in (dated.counted_on.min(), dated.counted_on.max()))
        span = (f"follower counts dated {first if first == last else f'{first} to {last}'}, "
                f"citing {', '.join(sorted(set(';'.join(dated.sources).split(';'))))}")
    caption = (f"Data: dipkg {__version__}, `{_command(name, params, query)}`.\n"
               f"(a) Missions abroad, full memberships of organisations, recognitions received (counted only for "
               f"states with limited recognition; n/a otherwise) and official accounts, as recorded in dipkg's "
               f"cited tables; (b) followers: the sum of the latest published count of each counted account "
               f"({span}); accounts without a published count add nothing.")
    names = dict(zip(frame.state, frame.name, strict=True))
    fig = _canvas(f"Digital against traditional reach: {_listed(list(names.values()))} on {_day(as_of)}", caption)
    reach, followers = fig.subplots(1, 2, width_ratios=[3, 2])
    colours = {state: CYCLE[i % len(CYCLE)] for i, state in enumerate(frame.state)}
    height = 0.8 / len(frame)
    for i, row in enumerate(frame.itertuples()):
        counts = [getattr(row, m) for m, _ in MEASURES]
        offset = (i - (len(frame) - 1) / 2) * height
        bars = reach.barh([m + offset for m in range(len(MEASURES))], [0 if pd.isna(c) else int(c) for c in counts],
                          height, color=colours[row.state], label=names[row.state])
        reach.bar_label(bars, labels=["n/a" if pd.isna(c) else f"{int(c):,}" for c in counts], padding=2,
                        fontsize=SMALL)
    reach.set_yticks(range(len(MEASURES)), [label for _, label in MEASURES])
    reach.invert_yaxis()
    reach.tick_params(axis="y", length=0)
    reach.grid(False)
    reach.grid(True, axis="x")
    largest = max(frame[m].fillna(0).max() for m, _ in MEASURES)
    reach.set_xlim(0, max(1, largest) * 1.12)
    reach.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    reach.set_xlabel("count")
    reach.set_title("a  Traditional reach and official accounts")
    totals = [0 if pd.isna(v) else int(v) for v in frame.total_followers]
    bars = followers.barh(range(len(frame)), totals, 0.6, color=[colours[s] for s in frame.state])
    most = max(1, *totals)
    for bar, row in zip(bars, frame.itertuples(), strict=True):
        inside = bar.get_width() > 0.55 * most
        followers.annotate(f"{row.counted_accounts} of {row.accounts} accounts counted",
                           (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(-4 if inside else 4, 0),
                           textcoords="offset points", ha="right" if inside else "left", va="center",
                           fontsize=SMALL, color="white" if inside else INK)
    followers.set_yticks(range(len(frame)), [names[s] for s in frame.state])
    followers.invert_yaxis()
    followers.tick_params(axis="y", length=0)
    followers.grid(False)
    followers.grid(True, axis="x")
    followers.set_xlim(0, most * 1.08)
    _count_axis(followers.xaxis, most, "latest published followers")
    followers.set_title("b  Followers")
    _legend_row(fig, reach.get_legend_handles_labels()[0])
    return Plotted(name, fig, frame, caption)


def _follower_growth(graph: Any, params: dict[str, Any]) -> Plotted:
    name = "follower-growth"
    query, frame = _ask(graph, name, params,
                        "no follower counts to plot for these parameters; see `dipkg query digital-presence`")
    sources = sorted(set(";".join(frame.sources.fillna("")).split(";")) - {""})
    caption = (f"Data: dipkg {__version__}, `{_command(name, params, query)}`.\n"
               f"{len(frame)} published counts dated {frame.date.min():%Y-%m-%d} to {frame.date.max():%Y-%m-%d}; "
               f"sources: {', '.join(sources)}. Counts known only to the month or year are drawn on its first day.")
    labels = _account_labels(graph)
    holders = sorted({h for a in frame.account_id if isinstance(h := labels.holder.get(a), str) and h})
    account, state = _value(query, params, "account"), _value(query, params, "state")
    if account:
        title = f"Published follower counts of {_account(labels, account, holder=False)}"
    elif state:
        title = f"Published follower counts of the official accounts of {_state_name(graph, state)}"
    else:
        title = "Published follower counts of official accounts"
    fig = _canvas(title, caption)
    ax = fig.subplots()
    for (account_id, dataset), series in frame.groupby(["account_id", "dataset"], sort=True):
        label = _account(labels, str(account_id), holder=len(holders) != 1)
        ax.plot(series.date, series.followers, marker="o",
                label=label if dataset == "followers" else f"{label} ({dataset})")
    ax.set_xlabel("date of the count")
    ax.set_ylim(0, frame.followers.max() * 1.1)
    _count_axis(ax.yaxis, frame.followers.max(), "followers")
    locator = AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator, show_offset=False))
    _legend_row(fig, ax.get_legend_handles_labels()[0], title=holders[0] if len(holders) == 1 else None)
    return Plotted(name, fig, frame, caption)


def _account(labels: pd.DataFrame, account: str, holder: bool = True) -> str:
    """An account as its platform and handle (``X @ediramaal``), after its holder's name if ``holder``."""
    if account not in labels.index:
        return account
    row = labels.loc[account]
    named = f"{row.platform} @{row.handle}"
    return f"{row.holder}: {named}" if holder and isinstance(row.holder, str) and row.holder else named


FIGURES: dict[str, Callable[[Any, dict[str, Any]], Plotted]] = {
    "recognition-timeline": _recognition_timeline,
    "digital-vs-traditional": _digital_vs_traditional,
    "follower-growth": _follower_growth,
}
