"""``dipkg import``: your own series beside the curated data, each file in its own graph."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.common import DEFAULT_STORE, StoreOpt, handled
from kg.graph import KnowledgeGraph

if TYPE_CHECKING:
    from kg.imports import ImportResult

app = typer.Typer(
    name="import",
    help="Bring your own series into the built store, each file in its own named graph.\n\n"
    "Rows are checked against the graph (accounts, platforms, states) and every problem is listed "
    "with file:line:column before anything is written. Importing a file again replaces its graph "
    "(another file under a name already taken needs --replace); "
    "`dipkg build` keeps your imports.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

NameOpt = Annotated[str | None, typer.Option("--name", help="Name of the import (default: the file's stem); "
                                             "its graph is <graph base>/import-NAME.")]
ReplaceOpt = Annotated[bool, typer.Option("--replace", help="Replace the import of that name even if it was "
                                          "made from another file (the same file is always replaced).")]
SourceOpt = Annotated[str | None, typer.Option("--source", help="URL or citation for rows without a source cell.")]


def _report(result: ImportResult, what: str) -> None:
    typer.echo(f"imported {result.observations} {what} as {result.name!r} into {result.graph}")
    for note in result.skipped:
        typer.echo(f"  {note}")


@app.command("followers", epilog=(
    "Examples:\n\n  dipkg import followers counts.csv --source https://example.org/report.pdf\n\n"
    "  dipkg import followers page-insights.csv --platform facebook --handle ediramaal --source 'Meta Business "
    "Suite export, 2024-05-01'"))
@handled
def import_followers(
    file: Annotated[Path, typer.Argument(help="CSV: account (or platform, handle), date, followers[, source, "
                                         "notes]; or a one-account analytics export with Date and Followers.")],
    account: Annotated[str | None, typer.Option("--account", help="Whose counts a one-account export holds "
                                                "(an account id).")] = None,
    platform: Annotated[str | None, typer.Option("--platform", help="With --handle, instead of --account.")] = None,
    handle: Annotated[str | None, typer.Option("--handle", help="With --platform, instead of --account.")] = None,
    source: SourceOpt = None,
    name: NameOpt = None,
    replace: ReplaceOpt = False,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Import follower counts (yours, or a platform-analytics export) beside dipkg's own.

    Dates are YYYY-MM-DD, YYYY-MM or YYYY; counts whole numbers of at least 0; accounts must be
    in the graph (accounts.csv). `dipkg query follower-growth` and `digital-presence` then show
    your counts with their dataset.
    """
    with KnowledgeGraph.open(store, writable=True) as graph:
        result = graph.import_followers(file, name=name, account=account, platform=platform, handle=handle,
                                        source=source, replace_file=replace)
    _report(result, "follower counts")


@app.command("indicators", epilog="Examples:\n\n  dipkg import indicators API_SL.UEM.1524.ZS_DS2_en_csv_v2.csv\n\n"
             "  dipkg import indicators wdi/ny.gdp.pcap.cd/data.csv --since 2000")
@handled
def import_indicators(
    file: Annotated[Path, typer.Argument(help="A World Bank file (data.worldbank.org or its data packages): the bulk "
                                              "layout (a column per year) or the long one (Country Name, Country "
                                              "Code, Year, Value).")],
    code: Annotated[str | None, typer.Option("--code", help="The series of a file in the long layout (e.g. "
                                                            "NY.GDP.PCAP.CD), if no datapackage.json beside it or "
                                                            "API_<code> file name says.")] = None,
    since: Annotated[int | None, typer.Option("--since", help="The first year to import (e.g. 2000); default: "
                                                              "every year in the file.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="URL or citation for the values, if they are not "
                                                                "the World Bank's as published.")] = None,
    name: NameOpt = None,
    replace: ReplaceOpt = False,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Import World Bank indicator values; areas that are not states (aggregates) are skipped.

    Each series is cited as the World Bank's (its indicator page), so a question says whose number it shows.

    A file in the long layout is named after its series (ny-gdp-pcap-cd) unless --name says otherwise.

    Then `dipkg query conditions-compared` sets states side by side on a series.
    """
    with KnowledgeGraph.open(store, writable=True) as graph:
        _report(graph.import_indicators(file, name=name, source=source, code=code, since=since,
                                        replace_file=replace), "indicator values")


@app.command("list", epilog="Example: dipkg import list")
@handled
def import_list(store: StoreOpt = DEFAULT_STORE) -> None:
    """List the imports in the store: name, kind, file, time and observations."""
    with KnowledgeGraph.open(store) as graph:
        frame = graph.imports()
    if frame.empty:
        typer.echo("no imports; add one with `dipkg import followers FILE` or `dipkg import indicators FILE`")
        return
    from kg.render import render

    sys.stdout.write(render(frame, "table"))


@app.command("drop", epilog="Example: dipkg import drop my-counts")
@handled
def import_drop(name: Annotated[str, typer.Argument(help="The import's name (see `dipkg import list`).")],
                store: StoreOpt = DEFAULT_STORE) -> None:
    """Remove an import's graph from the store."""
    with KnowledgeGraph.open(store, writable=True) as graph:
        graph.drop_import(name)
    typer.echo(f"dropped import {name!r}")
