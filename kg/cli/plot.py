"""``dipkg plot``: a named question as a figure."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import DEFAULT_STORE, AsOfOpt, StoreOpt, handled, params_of
from kg.graph import KnowledgeGraph

app = typer.Typer()


@app.command(epilog="Examples:\n\n  dipkg plot recognition-timeline -o timeline.png --param viewpoint=serbia\n\n"
             "  dipkg plot digital-vs-traditional -o reach.svg --as-of 2020-01-01\n\n"
             "  dipkg plot follower-growth -o growth.pdf --param account=x-ediramaal")
@handled
def plot(
    name: Annotated[str, typer.Argument(help="recognition-timeline, digital-vs-traditional or follower-growth.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write: .png (300 dpi), .pdf or .svg "
                                         "(text stays editable).")],
    param: Annotated[list[str] | None,
                     typer.Option("--param", "-p", help="KEY=VALUE for the query, repeatable.")] = None,
    as_of: AsOfOpt = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Draw a named question as a figure, titled, labelled and captioned with its sources and dates.

    The figure takes the same parameters as `dipkg query NAME` and draws exactly its answer.
    Needs `pip install 'dipkg[plot]'`.
    """
    with KnowledgeGraph.open(store) as graph:
        graph.plot(name, output, params_of(param, as_of))
    typer.echo(f"wrote {output}")
