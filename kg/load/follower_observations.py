"""follower_observations.csv -> dk:FollowerObservation in the curated followers dataset.

The table is streamed: years of daily counts of thousands of accounts are millions of rows.
Each row is checked by :class:`kg.rowcheck.RowChecker` as it is read, written as N-Triples
text and parsed by Oxigraph's bulk loader, in one pass over the CSV; then come the
edges that chain each account's series (``dk:previousCount``, ``dk:monthEnd``, ``dk:monthEndCount``,
``dk:latestCount``), from the primary keys the check kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import unquote

from pyoxigraph import RdfFormat, Store

from kg import iris
from kg.load import Origin, Progress, Resolver, register_streamed
from kg.load._rdf import TextReader, dataset_node
from kg.load.cube import FollowerCounts, ntriples, series_edges
from kg.load.declared import DATASET, expand
from kg.rowcheck import RowChecker, line_count
from kg.schema import Table
from kg.values import LIST_SEPARATOR, PartialDate

#: Report progress every this many rows.
STEP = 20_000


@register_streamed("follower_observations")
def load_follower_observations(checker: RowChecker, store: Store, progress: Progress | None) -> Resolver:
    table = checker.table
    counts = FollowerCounts(table.schema[DATASET]["name"], _accounts(store))
    # lenient: the text is ours, every IRI minted from checked keys (IRI validation would cost ~10%)
    store.bulk_load(TextReader(_text(checker, counts, progress)), format=RdfFormat.N_TRIPLES,  # type: ignore[arg-type]
                    to_graph=iris.graph(table.name), lenient=True)
    return _resolver(table, counts)


def _accounts(store: Store) -> dict[str, str]:
    """How a count's label names each account (``@handle on Platform``), from the accounts loaded before
    (``queries/system/account-labels.rq``): the labels of millions of counts are written here, in the
    stream, not by ``queries/derive/labels.rq`` (at 1M triples, 12 s there against well under 1 here)."""
    from kg import queries

    _, rows = queries.solutions(store, queries.system("account-labels"))
    return {str(account.value): f"@{handle.value} on {platform.value}" for account, _, platform, handle in rows}


def _text(checker: RowChecker, counts: FollowerCounts, progress: Progress | None) -> Iterator[str]:
    table = checker.table
    date = lru_cache(maxsize=65536)(PartialDate.parse)
    at = {name: table.header.index(name) for name in ("account", "date", "followers", "sources", "notes")}
    account, day, followers, sources, notes = at.values()
    cited = lru_cache(maxsize=65536)(lambda cell: [s.strip() for s in cell.split(LIST_SEPARATOR) if s.strip()])
    total = line_count(table.path) - 1 if progress else 0
    declared = table.schema[DATASET]
    yield ntriples(dataset_node(counts.name, expand(declared["structure"]).value, declared["title"]))
    done = 0
    for done, (_, record) in enumerate(checker.rows(), start=1):
        note = record[notes].strip() if notes < len(record) else ""
        yield counts.observation(record[account].strip(), date(record[day].strip()), int(record[followers]),
                                 cited(record[sources]), note)
        if progress and done % STEP == 0:
            progress("loading follower_observations", done, max(done, total))
    if progress:
        progress("loading follower_observations", done, done)
    if not checker.problems:  # a table with problems is not loaded: its keys may hold no dates
        yield from _series(table, counts)


def _series(table: Table, counts: FollowerCounts) -> Iterator[str]:
    """The edges that chain every account's counts (:func:`kg.load.cube.series_edges`)."""
    date = lru_cache(maxsize=65536)(PartialDate.parse)
    iso = lru_cache(maxsize=65536)(lambda d: date(d).first_day.isoformat())
    edges = series_edges((counts.subject(a, date(d)), counts.name, counts.account_iri(a), iso(d))
                         for a, d in table.keys)
    for s, p, o in edges:
        yield f"<{s}> <{p.value}> <{o}> .\n"


def _resolver(table: Table, counts: FollowerCounts) -> Resolver:
    """Where an observation of this table was described: its key is in its IRI."""
    prefix = counts.observation_iri()

    def resolve(iri: str) -> Origin | None:
        if not iri.startswith(prefix):
            return None
        account, _, day = iri[len(prefix):].partition(".")
        line = table.keys.get((unquote(account), unquote(day)))
        return Origin(table.name, table.display, line) if line else None

    return resolve
