"""``dipkg queries`` and ``dipkg query``: the named questions and your own."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kg import queries
from kg.cli.common import (
    DEFAULT_STORE,
    AsOfOpt,
    ParamOpt,
    PasswordOpt,
    StoreOpt,
    UserOpt,
    err,
    handled,
    params_of,
    terminal_width,
)
from kg.errors import DipkgError
from kg.render import FORMATS, SUFFIXES

app = typer.Typer()

QUERY_HELP = f"""Run a named question (or a .rq file of your own) on the store or an endpoint; print the answer.

A .rq file of your own takes parameters as the named ones do: declare them in `#+` header lines
before the query, then pass them with --param (or --as-of):

    #+ title: Recognitions by a date
    #+ params:
    #+   as_of: {{type: date, default: today, description: The date to look at.}}
    SELECT ?recognizer WHERE {{ ?r dk:recogniser/dcterms:identifier ?recognizer ; dk:countsFrom ?d .
                                FILTER(?d <= ?as_of) }}

Types: {", ".join(queries.PARAM_TYPES)}; keys: {", ".join(sorted(queries.PARAM_KEYS))}
(queries/README.md explains each). The value is written into the query as a checked RDF term,
never as text. dipkg's prefixes (dk:, dkid:, dcterms:, skos:, org:, ...) are declared for you.
With -o FILE the answer is written in the format of the file's suffix ({", ".join(SUFFIXES)}).
"""


def _checked(named: queries.NamedQuery, fatal: bool) -> bool:
    """Report what :mod:`kg.sparqlcheck` finds in a query: with ``fatal`` (``--check``) every finding
    fails the command, else only what would stop the engine, the rest being warnings."""
    from kg.sparqlcheck import lint, problems, readable

    where = str(named.path)
    stopping = [readable("", named.text, where)] if problems(named.text) else []
    warnings = [f.at(where) for f in lint(named.text)]
    if fatal:
        found = stopping + warnings
        if found:
            raise DipkgError(f"{len(found)} finding{'s' if len(found) != 1 else ''}:\n" + "\n".join(found))
        err.print(f"{where}: no problems found")
        return True
    for warning in warnings:
        err.print(f"warning: {warning}")
    if stopping:
        raise DipkgError("SPARQL syntax error:\n" + stopping[0])
    return False


@app.command(name="prefixes", epilog="Example: dipkg prefixes")
@handled
def list_prefixes() -> None:
    """List the prefixes every query may use without declaring them: the vocabularies (dk:, org:,
    skos:, ...) and one per kind of instance (state:XKX, organisation:NATO, account:x-ediramaal, ...)."""
    from kg.prefixes import PREFIXES

    for prefix, iri in PREFIXES.items():
        typer.echo(f"{prefix + ':':<24} <{iri}>")


@app.command(name="queries", epilog="Example: dipkg queries")
@handled
def list_queries() -> None:
    """List the named queries with their titles and parameters."""
    for query in queries.registry().values():
        typer.echo(f"{query.name}\n  {query.title}")
        for p in query.params:
            choices = f" one of {'|'.join(p.enum)}" if p.enum else ""
            default = f" (default: {p.default})" if p.default is not None else ""
            typer.echo(f"    --param {p.name}=<{p.type}>{choices}{default}  {p.description}")
        if query.tags:
            typer.echo(f"  tags: {', '.join(query.tags)}")


@app.command(help=QUERY_HELP, epilog="Examples:\n\n"
             "  dipkg query recognition-timeline --param viewpoint=serbia --format csv\n\n"
             "  dipkg query recognisers-as-of --as-of 2012-12-31 -o recognisers-2012.xlsx\n\n"
             "  dipkg query my-question.rq --as-of 2020-01-01")
@handled
def query(
    name: Annotated[str, typer.Argument(help="A named query (see `dipkg queries`) or a path to a .rq file.")],
    param: ParamOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the answer to this file, in the "
                                                "format of its suffix (.csv, .json, .md, .txt, .xlsx, "
                                                ".parquet).")] = None,
    wide: Annotated[bool, typer.Option("--wide", help="Show every cell whole in a table (by default long cells "
                                       "are shortened to fit the terminal).")] = False,
    check: Annotated[bool, typer.Option("--check", help="Check the query without running it: syntax, prefixes, "
                                        "dk: terms, properties on the wrong class, dates compared with "
                                        "NOW(). Exits 2 if anything is found.")] = False,
    endpoint: Annotated[str | None, typer.Option("--endpoint", help="Run on this SPARQL endpoint instead of the "
                                                 "local store (e.g. after `dipkg push`).")] = None,
    user: UserOpt = None,
    password: PasswordOpt = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    if fmt not in FORMATS:
        raise DipkgError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    params = params_of(param, as_of)
    if name in queries.RENAMED:
        err.print(f"warning: the question {name!r} is now called {queries.RENAMED[name]!r}; the old name will go")
        name = queries.RENAMED[name]
    named = queries.resolve(name)
    if (check or name.endswith(".rq")) and _checked(named, fatal=check):
        return
    undeclared = sorted(set(params) - {p.name for p in named.params})
    if undeclared and name.endswith(".rq"):
        raise DipkgError(f"{name} declares no parameter {', '.join(map(repr, undeclared))}; declare it in a "
                         f"#+ header before the query, e.g.\n  #+ params:\n  #+   {undeclared[0]}: "
                         "{type: date, default: today, description: The date to look at.}\n"
                         "and use ?" + undeclared[0] + " in the query (see `dipkg query --help`)")
    from kg.render import render, write

    target = str(named.path) if name.endswith(".rq") else named.name
    if endpoint:
        from kg import remote
        from kg.engines import caveats

        asked = remote.Endpoint.of(endpoint, user=user, password=password)
        answer: Any = remote.select(asked, named, params)
        for caveat in caveats(asked.seen.get("server", ""), named.text):
            err.print(f"warning: {caveat}")
    else:
        from kg.graph import KnowledgeGraph

        with KnowledgeGraph.open(store) as graph:
            # a file needs the typed DataFrame; the terminal is served without pandas (faster)
            answer = graph.query(target, **params) if output is not None else graph.answer(target, **params)
    if output is not None:
        err.print(f"wrote {len(answer)} rows to {write(answer, output)}")
        return
    sys.stdout.write(render(answer, fmt, None if wide else terminal_width()))
