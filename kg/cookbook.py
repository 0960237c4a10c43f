"""The cookbook page (``docs/cookbook.md``): the patterns of ``queries/examples/``, each with what it
teaches, the command that runs it, its SPARQL and its first rows on the shipped data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg import queries
from kg.paths import QUERIES_DIR
from kg.render import render

if TYPE_CHECKING:
    from kg.graph import KnowledgeGraph

EXAMPLES_DIR = QUERIES_DIR / "examples"
#: The order of the page: from the simplest pattern to the joins.
ORDER = ("as-of", "viewpoint", "latest-count", "with-citation", "bloc-members-on-date", "join-wikidata")
ROWS = 5


def examples() -> list[queries.NamedQuery]:
    """The cookbook's queries in the page's order (every ``.rq`` of the folder; any not in
    :data:`ORDER` after the others, by name)."""
    found = queries.registry(EXAMPLES_DIR)
    return [found[n] for n in ORDER if n in found] + [q for n, q in sorted(found.items()) if n not in ORDER]


def cookbook_page(graph: KnowledgeGraph) -> str:
    """The Markdown page; dates that default to today run on :data:`kg.docs.EXAMPLE_DAY`."""
    from kg.docs import asks_the_network, example_params

    lines = ["# Cookbook", "",
             "Patterns for writing your own SPARQL over dipkg, each a query in `queries/examples/` that "
             "`dipkg query` runs as it is and the test suite checks. Copy one, change it, and run "
             "`dipkg query --check my-question.rq` before you trust its answer. "
             "[The data dictionary](dictionary.md) says how every fact is shaped.", ""]
    lines += [f"- [{q.title}](#{q.name})" for q in examples()]
    for query in examples():
        params = example_params(query)
        body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#+")).strip("\n")
        lines += ["", f'<a id="{query.name}"></a>', f"## {query.title}", "", query.description, "",
                  "```sh", f"dipkg query queries/examples/{query.name}.rq", "```", "", "```sparql", body, "```", ""]
        if asks_the_network(query):
            lines.append("It asks a Wikidata endpoint, so no example is run offline.")
            continue
        frame = queries.run(graph.store, query, params)
        when = ", ".join(f"{name}={value}" for name, value in params.items())
        rows = f"{len(frame)} row{'s' if len(frame) != 1 else ''}"
        rows += f", the first {ROWS}" if len(frame) > ROWS else ""
        lines.append(f"On the shipped data{f' ({when})' if when else ''}: {rows}:")
        lines += ["", render(frame.head(ROWS), "md").rstrip("\n")]
    return "\n".join(lines) + "\n"
