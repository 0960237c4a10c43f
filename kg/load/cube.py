"""What follower counts derive beyond their declared description: labels and the edges of a series.

``follower_observations.csv`` is streamed (``"dipkg:streamed": true``) and mapped by its declaration
like any table; ``dipkg import followers`` maps its rows by the same declaration, so an imported series
has exactly the shape of ours and the same queries read both. Both chain each series with
:func:`series_edges`; the streamed counts are also labelled here (:class:`FollowerSeries`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import groupby
from typing import TypeVar

from pyoxigraph import Literal, NamedNode, Store

from kg import iris
from kg.load import LABELLED_AS_STREAMED, STREAM_EXTRAS
from kg.load._rdf import term
from kg.load.declared import Declared
from kg.namespaces import DK, RDFS
from kg.schema import Table
from kg.values import PartialDate


class FollowerSeries:
    """What streamed follower counts derive (registered for ``dk:FollowerObservation`` in
    :data:`kg.load.STREAM_EXTRAS`): each count's label, ``Followers of @handle on Platform, <date>``,
    written in the stream (at 1M triples, ``queries/derive/labels.rq`` took 12 s for them, against
    well under 1 here); and once the table is read, the edges that chain each account's series
    (:func:`series_edges`), from the keys the row check kept."""

    def __init__(self, store: Store):
        from kg import queries

        _, rows = queries.solutions(store, queries.system("account-labels"))
        accounts = {str(a.value): f"@{handle.value} on {platform.value}" for a, _, platform, handle in rows}
        # the label's literal as pyoxigraph writes it, without its closing quote: the date follows
        self._labelled = lru_cache(maxsize=65536)(lambda account: (
            f" <{RDFS.label}> " + str(Literal(f"Followers of {accounts[account]}, "))[:-1]
            if account in accounts else ""))

    def row(self, subject: str, values: Mapping[str, str]) -> str:
        labelled = self._labelled(values["account"].strip())
        return f"{subject}{labelled}{values['date'].strip()}\"@en .\n" if labelled else ""

    def end(self, table: Table, mapping: Declared) -> Iterator[str]:
        subject = mapping.key_text(table.primary_key)
        at_account, at_date = table.primary_key.index("account"), table.primary_key.index("date")
        account = lru_cache(maxsize=65536)(lambda a: f"<{iris.mint('account', a).value}>")
        iso = lru_cache(maxsize=65536)(lambda d: PartialDate.parse(d).first_day.isoformat())
        counts = ((subject(key), "", account(key[at_account]), iso(key[at_date])) for key in table.keys)
        for s, p, o in series_edges(counts):
            yield f"{s} <{p.value}> {o} .\n"


Node = TypeVar("Node")


def series_edges(counts: Iterable[tuple[Node, str, Node, str]]) -> Iterator[tuple[Node, NamedNode, Node]]:
    """The edges that chain a dataset's counts of one account, for (observation, dataset, account,
    ISO date) tuples: ``dk:previousCount`` from each observation to the one of the same account and
    dataset with the latest earlier date; ``dk:monthEnd`` from each observation to the last one of
    its calendar month (itself when it is the last); ``dk:monthEndCount`` from the account to the
    last one of each month; and ``dk:latestCount`` from the account to the last one of all.
    Observations and accounts may be terms or IRI text (the build streams text)."""
    series: dict[tuple[str, Node], list[tuple[str, Node]]] = {}
    previous, month_end, month_end_count, latest = (term(DK.previousCount), term(DK.monthEnd),
                                                    term(DK.monthEndCount), term(DK.latestCount))
    for obs, dataset_name, account, day in counts:
        series.setdefault((dataset_name, account), []).append((day, obs))
    for (_, account), points in series.items():
        points.sort(key=lambda p: p[0])
        for (_, earlier), (_, later) in zip(points, points[1:], strict=False):
            yield later, previous, earlier
        for _, days in groupby(points, key=lambda p: p[0][:7]):  # an ISO date starts with its month
            in_month = [obs for _, obs in days]
            for obs in in_month:
                yield obs, month_end, in_month[-1]
            yield account, month_end_count, in_month[-1]
        yield account, latest, points[-1][1]


STREAM_EXTRAS.setdefault(str(DK.FollowerObservation), []).append(FollowerSeries)
LABELLED_AS_STREAMED.add(str(DK.FollowerObservation))
