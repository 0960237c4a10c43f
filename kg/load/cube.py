"""Follower counts as RDF Data Cube observations, written fast, and the edges that chain a series.

The streamed table ``follower_observations.csv`` writes its counts through :class:`FollowerCounts`,
as its declaration in ``datapackage.json`` says (a test holds the two to agree); ``dipkg import
followers`` maps its rows by that declaration, so an imported series has exactly the shape of ours
and the same queries read both. Both chain each series with :func:`series_edges`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import groupby
from typing import TypeVar

from pyoxigraph import Literal, NamedNode

from kg import iris
from kg.load._rdf import PRECISION, term
from kg.namespaces import DK, PROV, QB, RDF, RDFS, SKOS, XSD
from kg.values import PartialDate


class FollowerCounts:
    """Follower observations of one dataset as N-Triples text.

    This is the one definition of a count's shape. The build streams the text of millions of
    counts into Oxigraph's bulk loader (a Python object per term would cost more than the
    loading).
    """

    def __init__(self, name: str, accounts: Mapping[str, str] | None = None):
        """``accounts``: what a count's label calls each account (``@handle on Platform``); a count of
        an account not in it gets no label (the imports, which label nothing)."""
        self.name = name
        self.accounts = accounts or {}
        self.observation_iri = iris.observations("follower-observation", name)
        self.dataset = iris.mint("dataset", name).value
        self.account_iri: Callable[[str], str] = lru_cache(maxsize=65536)(lambda a: iris.mint("account", a).value)
        self.source_iri: Callable[[str], str] = lru_cache(maxsize=65536)(lambda s: iris.mint("source", s).value)
        # The parts of a count's text that repeat from row to row, made once: "<" and the IRI up to
        # the date for an account; for a date, its part of the IRI, its ISO day and its precision.
        self._subject = lru_cache(maxsize=65536)(lambda a: "<" + self.observation_iri(a, ""))
        self._when = lru_cache(maxsize=65536)(lambda when: (
            self.observation_iri("", when.text)[len(self.observation_iri("", "")):],
            when.first_day.isoformat(), PRECISION[when.precision]))
        self._head = (f"> <{RDF.type}> <{DK.FollowerObservation}> .\n", f"> <{QB.dataSet}> <{self.dataset}> .\n",
                      f"> <{DK.account}> <", "> .\n", f"> <{DK.refDate}> \"", f"\"^^<{XSD.date}> .\n",
                      f"> <{DK.datePrecision}> <", f"> <{DK.followers}> \"", f"\"^^<{XSD.integer}> .\n",
                      f"> <{PROV.wasDerivedFrom}> <", f"> <{SKOS.note}> ")
        # "> <rdfs:label> "Followers of @handle on Platform, " for an account, its date's text after it
        # (the label's literal as pyoxigraph writes it, without its closing quote: the date follows)
        self._labelled = lru_cache(maxsize=65536)(lambda a: (
            f"> <{RDFS.label}> " + str(Literal(f"Followers of {self.accounts[a]}, "))[:-1]
            if a in self.accounts else ""))

    def observation(self, account: str, when: PartialDate, followers: int, sources: Iterable[str] = (),
                    note: str | None = None) -> str:
        """The N-Triples of one count of ``account`` on ``when``."""
        key, iso, precise = self._when(when)
        obs = self._subject(account) + key
        typed, in_set, acc, end, day, date_end, precision, count, count_end, cites, noted = self._head
        text = (f"{obs}{typed}{obs}{in_set}{obs}{acc}{self.account_iri(account)}{end}"
                f"{obs}{day}{iso}{date_end}{obs}{precision}{precise}{end}"
                f"{obs}{count}{followers}{count_end}")
        for source in sources:
            text += f"{obs}{cites}{self.source_iri(source)}{end}"
        if note:
            text += f"{obs}{noted}{Literal(note)} .\n"
        if labelled := self._labelled(account):
            text += f"{obs}{labelled}{when.text}\"@en .\n"
        return text

    def subject(self, account: str, when: PartialDate) -> str:
        """The IRI of the count of ``account`` on ``when`` (text, as in :meth:`observation`)."""
        return self._subject(account)[1:] + self._when(when)[0]


def ntriples(triples: Iterable[tuple[NamedNode, NamedNode, object]]) -> str:
    """Triples as N-Triples text."""
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)


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
