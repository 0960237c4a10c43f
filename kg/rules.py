"""OWL 2 RL by SPARQL rules, evaluated by the store itself (``dipkg reason --engine owlrl``).

The rules (``queries/rules/``) are the OWL 2 RL rules the ontology's axioms call for: sub- and
inverse properties, domains and ranges, subclasses and equivalent classes, intersections,
unions, someValuesFrom and hasValue restrictions; and, read afterwards, the two rules that find
an inconsistency (a resource in two disjoint classes, a resource linked to itself by an
irreflexive property). They run on the whole graph, follower counts included, semi-naively:
each round of the type rules reads only what the round before found. The engine is Oxigraph's,
so a graph of millions of counts needs no second copy in memory (``reasonable`` held 8 GiB for
121k triples).
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode, Store

from kg import iris
from kg.iris import short
from kg.load import Progress
from kg.namespaces import PREFIXES
from kg.paths import QUERIES_DIR

RULES_DIR = QUERIES_DIR / "rules"
INFERRED_GRAPH = iris.graph("inferred")
#: Rounds of the type rules before giving up (the ontology's definitions nest three deep).
MAX_ROUNDS = 20


@dataclass(frozen=True)
class Closure:
    rounds: int
    inconsistencies: list[str]
    individuals: list[str]


def _run(store: Store, name: str) -> None:
    store.update((RULES_DIR / name).read_text(encoding="utf-8"), prefixes=PREFIXES)


def _size(store: Store, graph: NamedNode) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, graph))


def _empty(store: Store, graph: NamedNode) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, graph)), None) is None


def materialise(store: Store, progress: Progress | None = None) -> Closure:
    """Write the OWL 2 RL closure of ``store`` (kept to dk terms) into the ``inferred`` graph and
    check it for the inconsistencies OWL 2 RL can find. The ``inferred`` graph is replaced."""
    store.remove_graph(INFERRED_GRAPH)
    before = -1
    while (now := _size(store, INFERRED_GRAPH)) != before:  # sub- and inverse properties
        before = now
        _run(store, "1-properties.ru")
    _run(store, "2-types-from-properties.ru")
    _run(store, "next-round.ru")
    _run(store, "seed.ru")
    rounds = 0
    delta = iris.graph("rl-delta")
    while not _empty(store, delta) and rounds < MAX_ROUNDS:
        rounds += 1
        if progress:
            progress("reasoning (OWL RL rules)", rounds, rounds + 1)
        _run(store, "3-types.ru")
        store.remove_graph(delta)
        _run(store, "next-round.ru")
    explanation, individuals = _inconsistencies(store)
    _run(store, "cleanup.ru")
    if progress:
        progress("reasoning (OWL RL rules)", rounds + 1, rounds + 1)
    return Closure(rounds, explanation, individuals)


def _inconsistencies(store: Store) -> tuple[list[str], list[str]]:
    lines: list[str] = []
    named: list[str] = []

    def found(query: str) -> list[dict[str, str]]:
        text = (RULES_DIR / query).read_text(encoding="utf-8")
        solutions = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        return [{n: s[n].value for n in names} for s in solutions]  # type: ignore[union-attr]

    for row in found("disjoint-violation.rq"):
        lines.append(f"{short(row['focus'])} is a {short(row['first'])} and a {short(row['second'])}, "
                     "which are disjoint")
        named.append(row["focus"])
    for row in found("irreflexive-violation.rq"):
        lines.append(f"{short(row['focus'])} {short(row['property'])} {short(row['focus'])}, "
                     f"but {short(row['property'])} is irreflexive")
        named.append(row["focus"])
    return lines, list(dict.fromkeys(named))

