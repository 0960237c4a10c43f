"""``dipkg serve``: the graph over SPARQL, for the browser and other tools."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.common import DEFAULT_STORE, StoreOpt, err, handled
from kg.errors import DipkgError
from kg.graph import KnowledgeGraph

app = typer.Typer()


@app.command(epilog="Examples:\n\n  dipkg serve\n\n  dipkg serve --bind 127.0.0.1:8000 --timeout 60")
@handled
def serve(
    bind: Annotated[str, typer.Option("--bind", help="HOST:PORT to listen on; another host than 127.0.0.1 "
                                      "exposes the graph to the network.")] = "127.0.0.1:7878",
    timeout: Annotated[int, typer.Option("--timeout", help="Seconds a query may run.")] = 30,
    writable: Annotated[bool, typer.Option("--writable", help="Also accept SPARQL updates and graph store "
                                           "writes (read-only by default).")] = False,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Serve the built store over SPARQL with the Oxigraph server, and its query page for the browser.

    Read-only by default, on 127.0.0.1, with the union of the named graphs as default graph (as
    `dipkg query` sees it) and a query timeout. Stop it with Ctrl-C.
    """
    server = KnowledgeGraph.server(store, bind, timeout, writable)
    if server.public:
        err.print(f"[bold yellow]warning:[/] listening on {server.host}, not 127.0.0.1: anyone who can reach "
                  "this machine can query the graph" + (" and change it" if writable else ""), markup=True)
    typer.echo(f"serving {store} ({'read-write' if writable else 'read-only'}); Ctrl-C stops")
    for what, url in server.urls.items():
        typer.echo(f"  {what:<24} {url}")
    code = KnowledgeGraph.serve(server)
    if code:
        raise DipkgError(f"the oxigraph server stopped with exit code {code} (is port {server.port} in use?)")
    typer.echo("stopped")
