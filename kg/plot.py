"""Figures for the named questions (matplotlib): titled, labelled, captioned with sources and dates.

Each figure is drawn from the DataFrame of its named query, never from numbers computed
elsewhere, and :func:`figure` returns that frame with the figure so a caller (or a test) can
check that what is drawn is what the query says.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from kg import __version__, queries  # noqa: E402
from kg.errors import DipkgError  # noqa: E402

#: Size in inches and resolution: PNGs are WIDTH*DPI x HEIGHT*DPI pixels.
WIDTH, HEIGHT, DPI = 10.0, 6.0, 100
FORMATS = (".png", ".svg")
THOUSANDS = FuncFormatter(lambda value, _: f"{value:,.0f}")


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
    return FIGURES[name](graph, dict(params or {}))


def save(plotted: Plotted, output: Path) -> Path:
    """Write the figure as PNG or SVG (chosen by the file's suffix)."""
    if output.suffix.lower() not in FORMATS:
        raise DipkgError(f"cannot write {output}: give a file ending in .png or .svg")
    output.parent.mkdir(parents=True, exist_ok=True)
    plotted.figure.savefig(output, dpi=DPI, format=output.suffix[1:].lower())
    plt.close(plotted.figure)
    return output


def _canvas(title: str, caption: str, ncols: int = 1) -> tuple[Figure, Any]:
    fig, axes = plt.subplots(1, ncols, figsize=(WIDTH, HEIGHT))
    fig.suptitle(title, fontsize=13, fontweight="bold")
    wrapped = "\n".join(textwrap.wrap(caption, 150))
    fig.text(0.01, 0.01, wrapped, fontsize=7, va="bottom", ha="left", color="#444444")
    fig.subplots_adjust(bottom=0.2, top=0.88, wspace=0.3)
    return fig, axes


def _stamp_value(value: Any) -> Any:
    return dt.date.today().isoformat() if value == "today" else value


def _stamp(name: str, frame_params: Mapping[str, Any], query: queries.NamedQuery) -> str:
    shown = {p.name: frame_params.get(p.name, p.default) for p in query.params}
    shown = {key: _stamp_value(value) for key, value in shown.items()}
    args = ", ".join(f"{k}={v}" for k, v in shown.items() if v not in (None, ""))
    return f"dipkg {__version__}, `dipkg query {name}` ({args})"


def _ask(graph: Any, name: str, params: Mapping[str, Any], nothing: str) -> tuple[queries.NamedQuery, pd.DataFrame]:
    """The named query and its answer; an empty answer is an error saying ``nothing``."""
    frame = graph.query(name, **params)
    if frame.empty:
        raise DipkgError(nothing)
    return queries.resolve(name), frame


def _recognition_timeline(graph: Any, params: dict[str, Any]) -> Plotted:
    name = "recognition-timeline"
    query, frame = _ask(graph, name, params, "no recognitions to plot for these parameters")
    state = params.get("state", "XKX")
    cited = graph.query("fact-sources", state=state)
    as_of = pd.Timestamp(_stamp_value(params.get("as_of", "today")))
    sources = cited[(cited.role == "recognized") & (cited.date <= as_of)].source.nunique()
    caption = (f"Data: {_stamp(name, params, query)}. Recognitions per year and the cumulative count held; "
               f"{int(frame.recognitions.sum())} recognitions citing {sources} sources "
               f"(`dipkg query fact-sources --param state={state}`).")
    fig, ax = _canvas(f"Recognitions of {state} per year ({params.get('viewpoint', 'kosovo')} viewpoint)", caption)
    ax.bar(frame.year, frame.recognitions, color="#4C72B0", label="recognitions that year")
    if frame.withdrawals.abs().sum():
        ax.bar(frame.year, -frame.withdrawals.abs(), color="#C44E52", label="withdrawals claimed that year")
    ax.set_xlabel("year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("recognitions per year")
    right = ax.twinx()
    right.plot(frame.year, frame.cumulative, color="#222222", marker="o", label="held at year end")
    right.set_ylabel("recognitions held (cumulative)")
    right.set_ylim(bottom=0)
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="upper right")
    return Plotted(name, fig, frame, caption)


def _digital_vs_traditional(graph: Any, params: dict[str, Any]) -> Plotted:
    name = "digital-vs-traditional"
    query, frame = _ask(graph, name, params, "no states to plot for these parameters")
    presence = graph.query("digital-presence", states=params.get("states", "XKX;ALB"),
                           **({"as_of": params["as_of"]} if "as_of" in params else {}))
    dated = presence.dropna(subset=["counted_on"])
    span = (f"follower counts dated {dated.counted_on.min():%Y-%m-%d} to {dated.counted_on.max():%Y-%m-%d}, "
            f"citing {', '.join(sorted(set(';'.join(dated.sources).split(';'))))}" if not dated.empty
            else "no published follower counts")
    caption = (f"Data: {_stamp(name, params, query)}. Missions, memberships, recognitions and accounts as "
               f"recorded in dipkg's cited tables; {span}. Followers are the sum of the latest published count "
               "of each counted account; accounts without a published count add nothing.")
    fig, (left, right) = _canvas("Digital against traditional reach", caption, ncols=2)
    measures = ["missions_abroad", "memberships", "recognitions", "accounts"]
    width = 0.8 / len(frame)
    for i, row in enumerate(frame.itertuples()):
        values = [0 if pd.isna(getattr(row, m)) else int(getattr(row, m)) for m in measures]
        left.bar([x + i * width for x in range(len(measures))], values, width, label=row.state)
    left.set_xticks([x + width * (len(frame) - 1) / 2 for x in range(len(measures))],
                    ["missions\nabroad", "memberships", "recognitions\nreceived", "official\naccounts"])
    left.set_ylabel("count")
    left.set_title("traditional reach and accounts")
    left.legend()
    totals = [0 if pd.isna(v) else int(v) for v in frame.total_followers]
    bars = right.bar(frame.state, totals, color="#55A868")
    for bar, row in zip(bars, frame.itertuples(), strict=True):
        right.annotate(f"{row.counted_accounts} of {row.accounts} accounts counted",
                       (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom", fontsize=8)
    right.yaxis.set_major_formatter(THOUSANDS)
    right.set_ylabel("followers (latest published counts)")
    right.set_title("followers")
    return Plotted(name, fig, frame, caption)


def _follower_growth(graph: Any, params: dict[str, Any]) -> Plotted:
    name = "follower-growth"
    query, frame = _ask(graph, name, params,
                        "no follower counts to plot for these parameters; see `dipkg query digital-presence`")
    sources = sorted(set(";".join(frame.sources.fillna("")).split(";")) - {""})
    caption = (f"Data: {_stamp(name, params, query)}. {len(frame)} published counts dated "
               f"{frame.date.min():%Y-%m-%d} to {frame.date.max():%Y-%m-%d}; sources: {', '.join(sources)}. "
               "Counts known only to the month or year are drawn on its first day.")
    fig, ax = _canvas("Follower growth", caption)
    for (account, dataset), series in frame.groupby(["account_id", "dataset"], sort=True):
        label = account if dataset == "followers" else f"{account} ({dataset})"
        ax.plot(series.date, series.followers, marker="o", label=label)
    ax.set_xlabel("date of the count")
    ax.set_ylabel("followers")
    ax.yaxis.set_major_formatter(THOUSANDS)
    ax.legend()
    return Plotted(name, fig, frame, caption)


FIGURES: dict[str, Callable[[Any, dict[str, Any]], Plotted]] = {
    "recognition-timeline": _recognition_timeline,
    "digital-vs-traditional": _digital_vs_traditional,
    "follower-growth": _follower_growth,
}
