"""``dipkg serve``: the workbench in the browser, and the graph over SPARQL for other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import DEFAULT_STORE, StoreOpt, err, handled, progress_bar
from kg.graph import KnowledgeGraph
from kg.serve import Server
from kg.web.guard import DEFAULT_SERVICES

app = typer.Typer()


@app.command(epilog="Examples:\n\n  dipkg serve\n\n  dipkg serve --bind 127.0.0.1:8000 --timeout 60\n\n"
                    "  dipkg serve --in-memory   # faster answers, the whole graph in memory\n\n"
                    "  dipkg serve --allow-service https://query.wikidata.org/sparql "
                    "--allow-service http://localhost:7879/query")
@handled
def serve(
    bind: Annotated[str, typer.Option("--bind", help="HOST:PORT to listen on; another host than 127.0.0.1 "
                                      "exposes the graph to the network.")] = "127.0.0.1:7878",
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a query may run; a longer one is stopped "
                                           "and answered with HTTP 504.")] = 30,
    allow_service: Annotated[list[str] | None, typer.Option(
        "--allow-service", help="An endpoint SPARQL SERVICE calls may reach (repeat for several; "
        f"default: {', '.join(DEFAULT_SERVICES)}).")] = None,
    workers: Annotated[int, typer.Option("--workers", help="Queries answered at once.")] = 2,
    in_memory: Annotated[bool, typer.Option(
        "--in-memory", help="Answer from a copy of the store in memory, made by each worker when it starts and "
        "after each build or import: the named questions answer 3-7x faster (1.45M triples), for about "
        "0.5 GiB of memory per million triples per worker and some seconds per million triples to copy.")] = False,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Serve the workbench: the named questions as forms with their answers and sources, a page for
    every entity, a SPARQL editor and the SPARQL 1.1 endpoint at /sparql.

    Read-only, on 127.0.0.1 by default, with the union of the named graphs as default graph (as
    `dipkg query` sees it). After `dipkg build`, `reason` or `import` it answers from the new
    data without a restart. Stop it with Ctrl-C.
    """
    services = tuple(allow_service) if allow_service else DEFAULT_SERVICES
    server = KnowledgeGraph.server(store, bind, timeout, services, workers, in_memory)
    if server.public:
        err.print(f"[bold yellow]warning:[/] listening on {server.host}, not 127.0.0.1: anyone who can reach "
                  "this machine can query the graph", markup=True)

    def started(server: Server) -> None:
        copy = ", from a copy in memory" if server.in_memory else ""
        typer.echo(f"serving {store} (read-only{copy}, queries stopped after {server.timeout:g} s); Ctrl-C stops")
        for what, url in server.urls.items():
            typer.echo(f"  {what:<22} {url}")

    KnowledgeGraph.serve(server, started)
    typer.echo("stopped")


@app.command(epilog="Examples:\n\n  dipkg site -o site\n\n  python -m http.server -d site   # then open http://127.0.0.1:8000/")
@handled
def site(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write the site into (new, empty, or "
                                         "a site dipkg wrote before, which is replaced).")],
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Write the workbench as static files: every named question with its default answer and its
    downloads, every entity page with its Turtle and JSON-LD, to publish beside a paper.

    A static site cannot run SPARQL or other parameters; `dipkg serve` can. The site is written
    beside OUTPUT and swapped in at the end, so an interrupted run leaves the previous one whole.
    """
    from kg.web import site as sites

    with progress_bar() as progress:
        written = sites.write(store, output, progress)
    typer.echo(f"wrote {written.pages} pages and {written.files} files to {output}")
    for name in written.failed:
        typer.echo(f"  {name}: no default answer without the network (its page says so)")
    typer.echo(f"open {output / 'index.html'}, or serve it: python -m http.server -d {output}")
