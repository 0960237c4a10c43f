"""``dipkg docs``: the ontology reference and a page per named question."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import handled, progress_bar
from kg.paths import DEFAULT_DOCS

app = typer.Typer()


@app.command(epilog="Examples:\n\n  dipkg docs\n\n  dipkg docs --out /tmp/dipkg-docs")
@handled
def docs(out: Annotated[Path, typer.Option("--out", help="Where to write the docs.")] = DEFAULT_DOCS) -> None:
    """Write the ontology reference (HTML, pyLODE) and a Markdown page per named query.

    The query pages come from the headers and text of queries/*.rq, each with an example result
    from the shipped data, so the docs cannot drift from the code (a test checks the committed copy).
    Needs `pip install 'dipkg[docs]'`.
    """
    from kg import docs as documents

    with progress_bar() as progress:
        written = documents.write(out, progress=progress)
    typer.echo(f"wrote {len(written)} files under {out}")
