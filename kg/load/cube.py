"""RDF Data Cube observations: follower counts and socio-economic indicators.

The curated tables (``follower_observations.csv``, ``indicators.csv``) and the importers for a
scholar's own files (:mod:`kg.imports`) both write observations through these functions, so
an imported series has exactly the shape of ours and the same queries read both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation

from pyoxigraph import Literal, NamedNode, Quad, Store

from kg import iris
from kg.load._rdf import integer, partial_date, provenance, string, term
from kg.namespaces import DCTERMS, DK, QB, RDF, RDFS, XSD
from kg.schema import PartialDate
from kg.vocab import concept, series_concept

Triple = tuple[NamedNode, NamedNode, Literal | NamedNode]

#: The curated datasets; imports get their own (``import-<name>``).
FOLLOWERS = "followers"
INDICATORS = "indicators"


def dataset(name: str, structure: NamedNode | str, title: str) -> Iterator[Triple]:
    """The ``qb:DataSet`` node of a dataset (written once per observation; the store dedupes)."""
    ds = iris.mint("dataset", name)
    yield ds, term(RDF.type), term(QB.DataSet)
    yield ds, term(QB.structure), term(structure)
    yield ds, term(RDFS.label), string(title)
    yield ds, term(DCTERMS.identifier), string(name)


def follower_observation(name: str, account: str, when: PartialDate, followers: int,
                         sources: Iterable[str] = (), note: str | None = None) -> Iterator[Triple]:
    """One follower count of ``account`` on ``when`` in dataset ``name``."""
    obs = iris.observation("follower-observation", name, account, when.text)
    yield obs, term(RDF.type), term(DK.FollowerObservation)
    yield obs, term(QB.dataSet), iris.mint("dataset", name)
    yield obs, term(DK.account), iris.mint("account", account)
    yield from partial_date(obs, when, DK.refDate, DK.datePrecision)
    yield obs, term(DK.followers), integer(followers)
    yield from provenance(obs, sources, note)


def indicator_observation(name: str, state: str, indicator: str | None, year: int, value: str,
                          unit: str | None, code: str, sources: Iterable[str] = (),
                          note: str | None = None, label: str | None = None) -> Iterator[Triple]:
    """One value of a series (``code``) for ``state`` and ``year`` in dataset ``name``.

    ``indicator`` is a notation of the indicator scheme; when it is ``None`` the series code
    decides it, and a code dipkg does not classify keeps only its code (and ``label``).
    """
    obs = indicator_iri(name, state, year, indicator, code)
    yield obs, term(RDF.type), term(DK.IndicatorObservation)
    yield obs, term(QB.dataSet), iris.mint("dataset", name)
    yield obs, term(DK.refArea), iris.mint("state", state)
    yield obs, term(DK.refYear), Literal(f"{year:04d}", datatype=term(XSD.gYear))
    found = concept(DK.IndicatorScheme, indicator) if indicator else series_concept(code)
    if found is not None:
        yield obs, term(DK.indicator), found
    yield obs, term(DK.seriesCode), string(code)
    yield obs, term(DK.value), decimal(value)
    if unit:
        yield obs, term(DK.unit), concept(DK.UnitScheme, unit)
    if label:
        yield obs, term(RDFS.label), string(label)
    yield from provenance(obs, sources, note)


def indicator_iri(name: str, state: str, year: int | str, indicator: str | None, code: str) -> NamedNode:
    """The observation IRI: one national series (e.g. a labour force survey) may carry several
    indicators, so the indicator is part of the key when the row names it."""
    dims = (state, str(year), indicator, code) if indicator else (state, str(year), code)
    return iris.observation("indicator-observation", name, *dims)


def previous_counts(counts: Iterable[tuple[NamedNode, str, str, str]]) -> Iterator[Triple]:
    """``dk:previousCount`` edges: for (observation, dataset, account, ISO date) tuples, each
    observation to the one of the same account and dataset with the latest earlier date."""
    series: dict[tuple[str, str], list[tuple[str, NamedNode]]] = {}
    for obs, dataset_name, account, day in counts:
        series.setdefault((dataset_name, account), []).append((day, obs))
    for points in series.values():
        points.sort(key=lambda p: p[0])
        for (_, earlier), (_, later) in zip(points, points[1:], strict=False):
            yield later, term(DK.previousCount), earlier


def previous_counts_in(store: Store, graph: NamedNode) -> int:
    """Write the ``dk:previousCount`` edges of the follower counts in ``graph``; return how many."""
    account, day, in_set = term(DK.account), term(DK.refDate), term(QB.dataSet)
    def values(predicate: NamedNode) -> dict[NamedNode, str]:
        return {q.subject: str(getattr(q.object, "value", q.object))
                for q in store.quads_for_pattern(None, predicate, None, graph) if isinstance(q.subject, NamedNode)}

    accounts, days, sets = values(account), values(day), values(in_set)
    edges = [Quad(s, p, o, graph) for s, p, o in previous_counts(
        (obs, sets.get(obs, ""), acc, days[obs]) for obs, acc in accounts.items() if obs in days)]
    store.extend(edges)
    return len(edges)


def decimal(text: str) -> Literal:
    """``text`` as an ``xsd:decimal`` in plain notation (``1.5E-5`` becomes ``0.000015``)."""
    try:
        number = Decimal(text.strip())
    except InvalidOperation as exc:
        raise ValueError(f'"{text}" is not a number') from exc
    if not number.is_finite():
        raise ValueError(f'"{text}" is not a finite number')
    plain = format(number, "f")
    return Literal(plain, datatype=term(XSD.decimal))
