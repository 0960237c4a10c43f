"""``dipkg``: the command-line client of :class:`kg.KnowledgeGraph`.

Each command parses its arguments, calls one library function, formats the result and maps
typed errors to exit codes: 0 ok, 1 invalid data (every problem listed), 2 usage or runtime
error.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from kg import __version__, imports, queries, wikidata
from kg import build as builder
from kg.errors import DipkgError, InvalidDataError
from kg.export import FORMATS as EXPORT_FORMATS
from kg.graph import KnowledgeGraph
from kg.imports import ImportResult
from kg.paths import DATA_DIR, DEFAULT_STORE
from kg.render import FORMATS, render

app = typer.Typer(
    name="dipkg",
    help="A knowledge graph of international recognition and diplomatic presence.\n\n"
    "Start with `dipkg build`, then `dipkg queries` and `dipkg query recognition-timeline`.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
err = Console(stderr=True)
F = TypeVar("F", bound=Callable[..., Any])

StoreOpt = Annotated[Path, typer.Option("--store", help="Store directory.", show_default=True)]
UserOpt = Annotated[str | None, typer.Option("--user", help="User for the remote endpoint (or env DIPKG_REMOTE_USER).")]
PasswordOpt = Annotated[str | None, typer.Option("--password", help="Password (or env DIPKG_REMOTE_PASSWORD); "
                                                 "never printed.")]
DataOpt = Annotated[Path, typer.Option("--data", help="Directory with datapackage.json and the CSV files.")]


def handled(func: F) -> F:
    """Turn dipkg's typed errors into a message on stderr and the documented exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidDataError as exc:
            err.print(f"[bold red]invalid:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
            err.print("Fix the rows above and run the command again; the previous store is unchanged.")
            exc.__traceback__ = None  # its frames hold the store open (and locked) until collected
            raise typer.Exit(exc.exit_code) from None
        except DipkgError as exc:
            err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
            exc.__traceback__ = None
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar on stderr, fed by the library's ``progress(step, done, total)``."""
    with Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        tasks: dict[str, Any] = {}

        def update(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        yield update


@app.command(epilog="Example: dipkg build --data data --store .dipkg/store")
@handled
def build(data: DataOpt = DATA_DIR, store: StoreOpt = DEFAULT_STORE) -> None:
    """Check the CSV files, load them and the ontology, validate, and swap the new store in.

    A failed build exits 1, lists every problem with file:line:column, and leaves the
    previous store untouched.
    """
    with progress_bar() as progress:
        counts = builder.build(data, store, progress)
    typer.echo(f"built {store} from {data}")
    for count in counts:
        typer.echo(f"  {count.graph:<50} {count.triples:>7} triples")
    typer.echo(f"  {'total':<50} {sum(c.triples for c in counts):>7} triples")


@app.command(epilog="Example: dipkg validate --data data")
@handled
def validate(data: DataOpt = DATA_DIR) -> None:
    """Run every check of `dipkg build` (schema, SHACL, violation queries) without writing."""
    with progress_bar() as progress:
        counts = builder.validate(data, progress)
    total = sum(c.triples for c in counts)
    typer.echo(f"{data} is valid: {total} triples in {len(counts)} graphs")


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


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        if "=" not in pair:
            raise DipkgError(f"--param {pair!r} is not KEY=VALUE (e.g. --param viewpoint=serbia)")
        key, value = pair.split("=", 1)
        params[key.strip()] = value.strip()
    return params


@app.command(epilog="Examples:\n\n  dipkg query recognition-timeline --param viewpoint=serbia --format csv\n\n"
             "  dipkg query recognizers-as-of --as-of 2012-12-31\n\n  dipkg query my-question.rq")
@handled
def query(
    name: Annotated[str, typer.Argument(help="A named query (see `dipkg queries`) or a path to a .rq file.")],
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="KEY=VALUE, repeatable.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Shorthand for --param as_of=YYYY-MM-DD.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")] = "table",
    endpoint: Annotated[str | None, typer.Option("--endpoint", help="Run on this SPARQL endpoint instead of the "
                                                 "local store (e.g. after `dipkg push`).")] = None,
    user: UserOpt = None,
    password: PasswordOpt = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Run a named question (or a .rq file) against the store, or a remote endpoint, and print the answer."""
    if fmt not in FORMATS:
        raise DipkgError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    params = _parse_params(param or [])
    if as_of is not None:
        params["as_of"] = as_of
    named = queries.resolve(name)
    if endpoint:
        from kg import remote

        frame = remote.select(remote.Endpoint.of(endpoint, user=user, password=password), named, params)
    else:
        frame = queries.run(KnowledgeGraph.open(store).store, named, params)
    sys.stdout.write(render(frame, fmt))


@app.command(epilog="Examples:\n\n  dipkg export --format ttl -o dipkg.ttl\n\n"
             "  dipkg export quickstatements -o for-wikidata.tsv")
@handled
def export(
    what: Annotated[str, typer.Argument(help="graph (the whole graph, default) or quickstatements (facts "
                                        "Wikidata lacks, for a person to review and submit).")] = "graph",
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help=f"For graph, one of: {', '.join(EXPORT_FORMATS)}.")] = "ttl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    endpoint: EndpointOpt = wikidata.DEFAULT_ENDPOINT,
    offline: OfflineOpt = False,
    cache: CacheOpt = wikidata.DEFAULT_CACHE,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Serialise the graph, or write QuickStatements for facts Wikidata lacks.

    graph: nq and trig keep the named graphs; ttl, nt and jsonld merge them.
    quickstatements: memberships (P463 with P580/P582), diplomatic relations (P530 with P580),
    account handles and follower counts (P8687 with P585) that we hold with a source and that
    Wikidata does not have, each with its reference URL (S854) and retrieval date (S813).
    Nothing is sent to Wikidata: a person reviews the lines and submits them.
    """
    graph = KnowledgeGraph.open(store)
    if what == "quickstatements":
        from kg import comparing

        client = wikidata.Client(endpoint=endpoint, cache=cache, offline=offline)
        lines = comparing.quickstatements(graph.store, client)
        text = "".join(f"{line}\n" for line in lines)
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
            err.print(f"wrote {len(lines)} QuickStatements to {output}")
        return
    if what != "graph":
        raise DipkgError(f"unknown export {what!r}; choose graph or quickstatements")
    if fmt not in EXPORT_FORMATS:
        raise DipkgError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if output is None:
        graph.export(sys.stdout.buffer, fmt)
        sys.stdout.buffer.flush()
    else:
        with output.open("wb") as fh:
            graph.export(fh, fmt)
        err.print(f"wrote {output}")


@app.command(epilog="Example: dipkg stats --store .dipkg/store")
@handled
def stats(store: StoreOpt = DEFAULT_STORE) -> None:
    """Triples per named graph and entities per class."""
    graph = KnowledgeGraph.open(store)
    counts = graph.graph_counts()
    typer.echo("triples per graph")
    for count in counts:
        typer.echo(f"  {count.graph:<50} {count.triples:>7}")
    typer.echo("entities per class")
    for row in graph.class_counts().itertuples(index=False):
        typer.echo(f"  {row[0]:<60} {row[1]:>7}")


@app.command(epilog="Examples:\n\n  dipkg reason\n\n  dipkg reason --engine owlrl --store .dipkg/store")
@handled
def reason(
    engine: Annotated[str, typer.Option("--engine", help="hermit: OWL 2 DL (HermiT, Java) on the curated tables: "
                                        "consistency, explained when it fails, and classification. owlrl: "
                                        "OWL 2 RL rules run by the store on the whole graph, follower counts "
                                        "included (for large graphs). reasonable: OWL 2 RL (Rust) on the "
                                        "curated tables, no consistency check.")] = "hermit",
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Check the ontology with the data for consistency and classify individuals into its defined classes.

    The defined classes (recognising state, EU member state, recognising EU member, contested
    recognition, disputed withdrawal claim) are filled by inference and written into the graph
    https://w3id.org/dipkg/graph/inferred, which queries read with the rest. Non-recognition is not
    inferred: OWL assumes an open world, where a recognition missing from the data is unknown, not
    absent; ask `dipkg query non-recognizers` instead. An inconsistent graph exits 1 with the
    axioms that contradict and the individuals they name.
    """
    from kg import reason as reasoning
    from kg import store as stores

    with progress_bar() as progress:
        found = reasoning.reason(stores.open_writable(store), engine, progress)
    typer.echo(f"consistent ({found.engine}, {found.input_triples} triples in {found.seconds:.1f} s)"
               if found.engine == "hermit" else
               f"materialised ({found.engine}, {found.input_triples} triples in {found.seconds:.1f} s)")
    for cls, members in found.classified.items():
        typer.echo(f"  {found.labels[cls]:<32} {len(members):>6}   {cls}")
    typer.echo(f"wrote {found.written} inferred triples into {reasoning.INFERRED_GRAPH.value}")


@app.command(epilog="Examples:\n\n  dipkg docs\n\n  dipkg docs --out /tmp/dipkg-docs")
@handled
def docs(out: Annotated[Path, typer.Option("--out", help="Where to write the docs.")] = Path("docs")) -> None:
    """Write the ontology reference (HTML, pyLODE) and a Markdown page per named query.

    The query pages come from the headers and text of queries/*.rq, each with an example result
    from the shipped data, so the docs cannot drift from the code (a test checks the committed copy).
    """
    from kg import docs as documents

    with progress_bar() as progress:
        written = documents.write(out, progress=progress)
    typer.echo(f"wrote {len(written)} files under {out}")


@app.command(epilog="Examples:\n\n  dipkg plot recognition-timeline -o timeline.png --param viewpoint=serbia\n\n"
             "  dipkg plot digital-vs-traditional -o reach.svg --as-of 2020-01-01\n\n"
             "  dipkg plot follower-growth -o growth.png --param account=x-ediramaal")
@handled
def plot(
    name: Annotated[str, typer.Argument(help="recognition-timeline, digital-vs-traditional or follower-growth.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write: .png or .svg.")],
    param: Annotated[list[str] | None,
                     typer.Option("--param", "-p", help="KEY=VALUE for the query, repeatable.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Shorthand for --param as_of=YYYY-MM-DD.")] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Draw a named question as a figure, titled, labelled and captioned with its sources and dates.

    The figure takes the same parameters as `dipkg query NAME` and draws exactly its answer.
    """
    from kg import plot as plots

    params = _parse_params(param or [])
    if as_of is not None:
        params["as_of"] = as_of
    drawn = plots.figure(KnowledgeGraph.open(store), name, params)
    typer.echo(f"wrote {plots.save(drawn, output)}")


import_app = typer.Typer(
    name="import",
    help="Bring your own series into the built store, each file in its own named graph.\n\n"
    "Rows are checked against the graph (accounts, platforms, states) and every problem is listed "
    "with file:line:column before anything is written. Importing a file again replaces its graph; "
    "`dipkg build` keeps your imports.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(import_app)

NameOpt = Annotated[str | None, typer.Option("--name", help="Name of the import (default: the file's stem); "
                                             "its graph is <graph base>/import-NAME.")]
SourceOpt = Annotated[str | None, typer.Option("--source", help="URL or citation for rows without a source cell.")]


def _report(result: ImportResult, what: str) -> None:
    typer.echo(f"imported {result.observations} {what} as {result.name!r} into {result.graph}")
    for note in result.skipped:
        typer.echo(f"  {note}")


@import_app.command("followers", epilog=(
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
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Import follower counts (yours, or a platform-analytics export) beside dipkg's own.

    Dates are YYYY-MM-DD, YYYY-MM or YYYY; counts whole numbers of at least 0; accounts must be
    in the graph (accounts.csv). `dipkg query follower-growth` and `digital-presence` then show
    your counts with their dataset.
    """
    graph = KnowledgeGraph.open_for_import(store)
    result = graph.import_followers(file, name=name, account=account, platform=platform, handle=handle,
                                    source=source)
    _report(result, "follower counts")


@import_app.command("indicators", epilog="Example: dipkg import indicators API_SL.UEM.1524.ZS_DS2_en_csv_v2.csv")
@handled
def import_indicators(
    file: Annotated[Path, typer.Argument(help="A World Bank bulk CSV (data.worldbank.org, Download > CSV).")],
    source: SourceOpt = None,
    name: NameOpt = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Import a World Bank indicator file; areas that are not states (aggregates) are skipped.

    `dipkg query image-vs-conditions` then sets your series beside the campaigns.
    """
    graph = KnowledgeGraph.open_for_import(store)
    _report(graph.import_indicators(file, name=name, source=source), "indicator values")


@import_app.command("list", epilog="Example: dipkg import list")
@handled
def import_list(store: StoreOpt = DEFAULT_STORE) -> None:
    """List the imports in the store: name, kind, file, time and observations."""
    frame = KnowledgeGraph.open(store).imports()
    if frame.empty:
        typer.echo("no imports; add one with `dipkg import followers FILE` or `dipkg import indicators FILE`")
        return
    sys.stdout.write(render(frame, "table"))


@import_app.command("drop", epilog="Example: dipkg import drop my-counts")
@handled
def import_drop(name: Annotated[str, typer.Argument(help="The import's name (see `dipkg import list`).")],
                store: StoreOpt = DEFAULT_STORE) -> None:
    """Remove an import's graph from the store."""
    graph = KnowledgeGraph.open_for_import(store)
    imports.drop(graph.store, name.removeprefix(imports.PREFIX))
    typer.echo(f"dropped import {name!r}")


link_app = typer.Typer(name="link", help="Link the graph's entities to reference knowledge bases.",
                       no_args_is_help=True, rich_markup_mode="rich")
app.add_typer(link_app)

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
    endpoint: EndpointOpt = wikidata.DEFAULT_ENDPOINT,
    offline: OfflineOpt = False,
    refresh: RefreshOpt = False,
    cache: CacheOpt = wikidata.DEFAULT_CACHE,
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

    graph = KnowledgeGraph.open_for_import(store)
    client = wikidata.Client(endpoint=endpoint, cache=cache, offline=offline, refresh=refresh)
    report = linking.link(graph.store, client, only.split(",") if only else None)
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


compare_app = typer.Typer(name="compare", help="Compare the graph's curated facts with reference knowledge bases.",
                          no_args_is_help=True, rich_markup_mode="rich")
app.add_typer(compare_app)


@compare_app.command("wikidata", epilog=(
    "Examples:\n\n  dipkg compare wikidata --format md -o differences.md\n\n  dipkg compare wikidata --offline"))
@handled
def compare_wikidata(
    endpoint: EndpointOpt = wikidata.DEFAULT_ENDPOINT,
    offline: OfflineOpt = False,
    refresh: RefreshOpt = False,
    cache: CacheOpt = wikidata.DEFAULT_CACHE,
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
    from kg import comparing

    if fmt not in FORMATS:
        raise DipkgError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    client = wikidata.Client(endpoint=endpoint, cache=cache, offline=offline, refresh=refresh)
    frame = comparing.compare(KnowledgeGraph.open(store).store, client)
    text = render(frame, fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {len(frame)} differences to {output}")


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
    from kg import serve as serving

    server = serving.plan(store, bind, timeout, writable)
    if server.public:
        err.print(f"[bold yellow]warning:[/] listening on {server.host}, not 127.0.0.1: anyone who can reach "
                  "this machine can query the graph" + (" and change it" if writable else ""), markup=True)
    typer.echo(f"serving {store} ({'read-write' if writable else 'read-only'}); Ctrl-C stops")
    for what, url in server.urls.items():
        typer.echo(f"  {what:<24} {url}")
    code = serving.run(server)
    if code:
        raise DipkgError(f"the oxigraph server stopped with exit code {code} (is port {server.port} in use?)")
    typer.echo("stopped")


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
    from kg import remote

    target = remote.Endpoint.of(endpoint, graph_store, user, password)
    with progress_bar() as progress:
        pushed = remote.push(KnowledgeGraph.open(store).store, target, add=add, progress=progress)
    typer.echo(f"pushed {len(pushed)} graphs to {target.store_url}")
    for p in pushed:
        typer.echo(f"  {p.graph:<50} {p.local:>7} triples, {p.remote:>7} there")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dipkg {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """A knowledge graph of international recognition and diplomatic presence."""


def main() -> None:
    app()
