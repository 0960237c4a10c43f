"""``dipkg link wikidata`` and ``dipkg compare wikidata``: the graph beside Wikidata."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import DEFAULT_STORE, StoreOpt, handled, write_text
from kg.errors import DipkgError
from kg.graph import KnowledgeGraph
from kg.paths import WIKIDATA_CACHE, WIKIDATA_ENDPOINT
from kg.render import FORMATS

link_app = typer.Typer(name="link", help="Link the graph's entities to reference knowledge bases.",
                       no_args_is_help=True, rich_markup_mode="rich")
compare_app = typer.Typer(name="compare", help="Compare the graph's curated facts with reference knowledge bases.",
                          no_args_is_help=True, rich_markup_mode="rich")

EndpointOpt = Annotated[str, typer.Option("--endpoint", help="SPARQL endpoint of Wikidata (or a mirror); "
                                          "env DIPKG_WIKIDATA_ENDPOINT.")]
OfflineOpt = Annotated[bool, typer.Option("--offline", help="Answer from the cache only; never touch the network.")]
RefreshOpt = Annotated[bool, typer.Option("--refresh", help="Ask the endpoint again even if the cache has the answer.")]
CacheOpt = Annotated[Path, typer.Option("--cache", help="Where Wikidata answers are cached with their retrieval "
                                        "time; env DIPKG_WIKIDATA_CACHE.")]


@link_app.command("wikidata", epilog=(
    "Examples:\n\n  dipkg link wikidata\n\n  dipkg link wikidata --offline\n\n"
    "  dipkg link wikidata --only XKX,ALB,EU --review candidates.csv"))
@handled
def link_wikidata(
    endpoint: EndpointOpt = WIKIDATA_ENDPOINT,
    offline: OfflineOpt = False,
    refresh: RefreshOpt = False,
    cache: CacheOpt = WIKIDATA_CACHE,
    only: Annotated[str | None, typer.Option("--only", help="Check only these keys (comma-separated, e.g. "
                                             "XKX,ALB,EU,x).")] = None,
    review: Annotated[Path, typer.Option("--review", help="CSV of proposed QIDs for entities without one, "
                                         "for a person to check (never written into data/).")] = Path(
                                             "wikidata-candidates.csv"),
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Check every Wikidata id we hold (label, ISO codes, redirects, deleted items) and propose ids we lack.

    States, organisations and platforms with a QID are compared with their Wikidata items;
    entities without one get candidates by ISO code, exact label or alias, or handle (accounts),
    written to the review file. The checked items go into the store's `wikidata` graph.
    Requests follow the Wikidata Query Service's rules (descriptive User-Agent, one at a time,
    Retry-After honoured) and answers are cached, so `--offline` can repeat the check.
    """
    from kg import linking
    from kg.render import render
    from kg.wikidata import Client

    linking.writable_review(review)   # before the requests, not after
    client = Client(endpoint=endpoint, cache=cache, offline=offline, refresh=refresh)
    with KnowledgeGraph.open(store, writable=True) as graph:
        report = graph.link_wikidata(client, only.split(",") if only else None)
    results = report.results
    typer.echo(f"checked {len(results)} Wikidata ids against {endpoint}"
               + (" (from the cache)" if offline else ""))
    counts = results.groupby(["kind", "status"]).size()
    for kind, status, n in zip(counts.index.get_level_values(0), counts.index.get_level_values(1), counts,
                               strict=True):
        typer.echo(f"  {kind:<13} {status:<14} {n:>4}")
    mismatches = report.mismatches
    typer.echo(f"{len(mismatches)} mismatches" + (":" if len(mismatches) else ""))
    if len(mismatches):
        sys.stdout.write(render(mismatches[["kind", "key", "qid", "status", "wikidata_label", "detail"]], "table"))
    linking.write_review(report.candidates, review)
    typer.echo(f"{len(report.candidates)} candidate ids for entities without one written to {review}")


@compare_app.command("wikidata", epilog=(
    "Examples:\n\n  dipkg compare wikidata --format md -o differences.md\n\n  dipkg compare wikidata --offline"))
@handled
def compare_wikidata(
    endpoint: EndpointOpt = WIKIDATA_ENDPOINT,
    offline: OfflineOpt = False,
    refresh: RefreshOpt = False,
    cache: CacheOpt = WIKIDATA_CACHE,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """List where our facts and Wikidata's statements disagree: our value, Wikidata's, the statement's
    rank and reference, and which side's evidence is newer.

    Memberships (P463 with P580/P582), diplomatic relations (P530 with P580; recognition is not
    P530 and is never compared with it), account handles (P2002, P2013, P2003, P2397, P7085) and
    follower counts (P8687 with P585), in full statement form with ranks.
    """
    from kg.render import render

    if fmt not in FORMATS:
        raise DipkgError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    from kg.wikidata import Client

    client = Client(endpoint=endpoint, cache=cache, offline=offline, refresh=refresh)
    with KnowledgeGraph.open(store) as graph:
        frame = graph.compare_wikidata(client)
    write_text(render(frame, fmt), output, f"{len(frame)} differences")
