"""follower_observations.csv -> dk:FollowerObservation in the curated followers dataset.

The table is streamed: years of daily counts of thousands of
accounts are millions of rows. Its rows, already checked by :mod:`kg.rowcheck`, are read
again from the CSV, written as N-Triples text and parsed by Oxigraph's bulk loader; then come
the ``dk:previousCount`` and ``dk:latestCount`` edges, from the primary keys the check kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import unquote

from pyoxigraph import RdfFormat, Store

from kg import iris
from kg.load import Origin, Progress, Resolver, register_streamed
from kg.load._rdf import TextReader
from kg.load.cube import FOLLOWERS, FollowerCounts, dataset, ntriples, series_edges
from kg.namespaces import DK, PROV
from kg.rowcheck import records
from kg.schema import LIST_SEPARATOR, PartialDate, Table

#: Report progress every this many rows.
STEP = 20_000


@register_streamed("follower_observations", columns={
    DK.account: "account", DK.refDate: "date", DK.datePrecision: "date", DK.followers: "followers",
    PROV.wasDerivedFrom: "sources"})
def load_follower_observations(table: Table, store: Store, progress: Progress | None) -> Resolver:
    counts = FollowerCounts(FOLLOWERS)
    store.bulk_load(TextReader(_text(table, counts, progress)), format=RdfFormat.N_TRIPLES,  # type: ignore[arg-type]
                    to_graph=iris.graph(table.name))
    return _resolver(table, counts)


def _text(table: Table, counts: FollowerCounts, progress: Progress | None) -> Iterator[str]:
    date = lru_cache(maxsize=65536)(PartialDate.parse)
    at = {name: table.header.index(name) for name in ("account", "date", "followers", "sources", "notes")}
    account, day, followers, sources, notes = at.values()
    total = len(table.keys)
    yield ntriples(dataset(FOLLOWERS, DK.FollowerStructure, "Follower counts curated by dipkg"))
    done = 0
    for done, (_, record) in enumerate(records(table), start=1):
        note = record[notes].strip() if notes < len(record) else ""
        yield counts.observation(record[account].strip(), date(record[day].strip()), int(record[followers]),
                                 [s.strip() for s in record[sources].split(LIST_SEPARATOR) if s.strip()], note)
        if progress and done % STEP == 0:
            progress("loading follower_observations", done, total)
    if progress:
        progress("loading follower_observations", done, total)
    yield from _series(table, counts)


def _series(table: Table, counts: FollowerCounts) -> Iterator[str]:
    """``dk:previousCount`` and ``dk:latestCount`` of every account's counts."""
    date = lru_cache(maxsize=65536)(PartialDate.parse)
    edges = series_edges((counts.observation_iri(a, d), FOLLOWERS, counts.account_iri(a),
                          date(d).first_day.isoformat()) for a, d in table.keys)
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
