"""``dipkg build``, ``validate``, ``stats`` and ``reason``: making and checking the graph."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.common import DATA_DIR, DEFAULT_STORE, DataOpt, StoreOpt, folded, graph_column, handled, progress_bar
from kg.graph import KnowledgeGraph

app = typer.Typer()


@app.command(epilog="Example: dipkg build --data data --store .dipkg/store")
@handled
def build(data: DataOpt = DATA_DIR, store: StoreOpt = DEFAULT_STORE,
          force: Annotated[bool, typer.Option("--force", help="Replace a damaged store, keeping the imports that "
                                              "can still be read from it.")] = False) -> None:
    """Check the CSV files, load them and the ontology, validate, and swap the new store in.

    A failed build exits 1, lists every problem with file:line:column, and leaves the
    previous store untouched. The graphs imported into the previous store are carried over.
    """
    with progress_bar() as progress, KnowledgeGraph.build(data, store, progress, force=force) as graph:
        counts = graph.built or []
    typer.echo(f"built {store} from {data}")
    lines = folded(counts, lambda c: c.graph)
    width = graph_column(shown for shown, _ in lines)
    for shown, group in lines:
        typer.echo(f"  {shown:<{width}} {sum(c.triples for c in group):>7} triples")
    typer.echo(f"  {'total':<{width}} {sum(c.triples for c in counts):>7} triples")


@app.command(epilog="Example: dipkg validate --data data")
@handled
def validate(data: DataOpt = DATA_DIR) -> None:
    """Run every check of `dipkg build` (schema, SHACL, violation queries) without writing."""
    with progress_bar() as progress:
        counts = KnowledgeGraph.validate(data, progress)
    total = sum(c.triples for c in counts)
    typer.echo(f"{data} is valid: {total} triples in {len(counts)} graphs")


@app.command(epilog="Example: dipkg stats --store .dipkg/store")
@handled
def stats(store: StoreOpt = DEFAULT_STORE) -> None:
    """Triples per named graph and entities per class."""
    with KnowledgeGraph.open(store) as graph:
        counts, classes = graph.graph_counts(), graph.class_counts()
    typer.echo("triples per graph")
    lines = folded(counts, lambda c: c.graph)
    width = graph_column(shown for shown, _ in lines)
    for shown, group in lines:
        typer.echo(f"  {shown:<{width}} {sum(c.triples for c in group):>7}")
    typer.echo("entities per class")
    for row in classes.itertuples(index=False):
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
    absent; ask `dipkg query non-recognisers` instead. An inconsistent graph exits 1 with the
    axioms that contradict and the individuals they name. Needs `pip install 'dipkg[reason]'`
    (and Java for hermit).
    """
    from kg.reason import INFERRED_GRAPH

    with progress_bar() as progress, KnowledgeGraph.open(store, writable=True) as graph:
        found = graph.reason(engine, progress)
    typer.echo(f"consistent ({found.engine}, {found.input_triples} triples in {found.seconds:.1f} s)"
               if found.engine == "hermit" else
               f"materialised ({found.engine}, {found.input_triples} triples in {found.seconds:.1f} s)")
    for cls, members in found.classified.items():
        typer.echo(f"  {found.labels[cls]:<32} {len(members):>6}   {cls}")
    typer.echo(f"wrote {found.written} inferred triples into {INFERRED_GRAPH.value}")
