"""``dipkg``: the command-line client of :class:`kg.KnowledgeGraph`.

One module per noun (build and checks, questions, figures, export and push, serving, imports,
Wikidata, docs), each a typer app merged into this one. Each command parses its arguments, calls
the library, formats the result; typed errors become exit codes in one place
(:func:`kg.cli.common.handled`): 0 ok, 1 invalid data (every problem listed), 2 usage or runtime
error, 3 an internal error (a bug: a one-line report, the traceback under ``--debug``), 130 interrupted.
"""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli import docs, exchange, graph, imports, plot, query, serve, wikidata

app = typer.Typer(
    name="dipkg",
    help="A knowledge graph of international recognition and diplomatic presence.\n\n"
    "Start with `dipkg build`, then `dipkg queries` and `dipkg query recognition-timeline`.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
for part in (graph.app, query.app, exchange.app, plot.app, docs.app, serve.app):
    app.add_typer(part)
for group in (imports.app, wikidata.link_app, wikidata.compare_app):
    app.add_typer(group)


def _version(value: bool) -> None:
    if value:
        from kg.versions import versions

        found = versions()
        typer.echo(f"dipkg {found['dipkg']} (ontology {found['ontology']}, data {found['data']})")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the package, ontology and data versions and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error (exit code 3) "
                                        "instead of a one-line report.")] = False,
) -> None:
    """A knowledge graph of international recognition and diplomatic presence."""
    from kg.cli.common import DEBUG

    DEBUG["on"] = debug


def main() -> None:
    app()
