"""``dipkg export`` and ``dipkg push``: the graph for other tools and other servers."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import (
    DEFAULT_STORE,
    PasswordOpt,
    StoreOpt,
    UserOpt,
    err,
    folded,
    graph_column,
    handled,
    progress_bar,
    write_text,
)
from kg.cli.wikidata import CacheOpt, EndpointOpt, OfflineOpt
from kg.errors import DipkgError
from kg.export import FORMATS as EXPORT_FORMATS
from kg.graph import KnowledgeGraph
from kg.paths import WIKIDATA_CACHE, WIKIDATA_ENDPOINT

app = typer.Typer()


@app.command(epilog="Examples:\n\n  dipkg export --format ttl -o dipkg.ttl\n\n"
             "  dipkg export quickstatements -o for-wikidata.tsv")
@handled
def export(
    what: Annotated[str, typer.Argument(help="graph (the whole graph, default) or quickstatements (facts "
                                        "Wikidata lacks, for a person to review and submit).")] = "graph",
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help=f"For graph, one of: {', '.join(EXPORT_FORMATS)}.")] = "ttl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout); "
                                                "missing folders are created.")] = None,
    endpoint: EndpointOpt = WIKIDATA_ENDPOINT,
    offline: OfflineOpt = False,
    cache: CacheOpt = WIKIDATA_CACHE,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Serialise the graph, or write QuickStatements for facts Wikidata lacks.

    graph: nq and trig keep the named graphs; ttl, nt and jsonld merge them.
    quickstatements: memberships (P463 with P580/P582), diplomatic relations (P530 with P580),
    account handles and follower counts (P8687 with P585) that we hold with a source and that
    Wikidata does not have, each with its reference URL (S854) and retrieval date (S813).
    Nothing is sent to Wikidata: a person reviews the lines and submits them.
    """
    if what not in ("graph", "quickstatements"):
        raise DipkgError(f"unknown export {what!r}; choose graph or quickstatements")
    if what == "graph" and fmt not in EXPORT_FORMATS:
        raise DipkgError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    with KnowledgeGraph.open(store) as graph:
        if what == "quickstatements":
            from kg.wikidata import Client

            lines = graph.quickstatements(Client(endpoint=endpoint, cache=cache, offline=offline))
            write_text("".join(f"{line}\n" for line in lines), output, f"{len(lines)} QuickStatements")
        elif output is None:
            graph.export(sys.stdout.buffer, fmt)
            sys.stdout.buffer.flush()
        else:
            try:
                graph.export(output, fmt)
            except OSError as exc:
                raise DipkgError(f"cannot write {output}: {exc.strerror or exc}") from None
            err.print(f"wrote {output}")


@app.command(epilog="Examples:\n\n  dipkg push --endpoint http://localhost:7878/query\n\n"
             "  DIPKG_REMOTE_PASSWORD=... dipkg push --endpoint http://localhost:8890/sparql --user dba")
@handled
def push(
    endpoint: Annotated[str, typer.Option("--endpoint", help="The remote SPARQL query endpoint (used to check "
                                          "the triple counts).")],
    graph_store: Annotated[str | None, typer.Option("--graph-store", help="Its Graph Store Protocol endpoint "
                                                    "(default: /store beside Oxigraph's /query, "
                                                    "/sparql-graph-crud[-auth] beside Virtuoso's /sparql).")] = None,
    user: UserOpt = None,
    password: PasswordOpt = None,
    add: Annotated[bool, typer.Option("--add", help="Add to the remote graphs instead of replacing them.")] = False,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Upload every named graph of the store to a SPARQL 1.1 server and check the remote counts.

    Each graph replaces the remote graph of the same IRI (or is added to it with --add), in
    chunks, over the SPARQL 1.1 Graph Store HTTP Protocol; afterwards each remote graph's
    triples are counted and must equal the local count.
    """
    with progress_bar() as progress, KnowledgeGraph.open(store) as graph:
        pushed = graph.push(endpoint, graph_store, user, password, add=add, progress=progress)
    from kg import remote

    target = remote.Endpoint.of(endpoint, graph_store, user).store_url
    typer.echo(f"pushed {len(pushed)} graphs to {remote.shown(target)}")
    lines = folded(pushed, lambda p: p.graph)
    width = graph_column(shown for shown, _ in lines)
    for shown, group in lines:
        local, there = sum(p.local for p in group), sum(p.remote for p in group)
        typer.echo(f"  {shown:<{width}} {local:>7} triples, {there:>7} there")
