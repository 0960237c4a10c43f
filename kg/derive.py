"""What the build derives from the curated facts after loading them, each step a named query
in ``queries/derive/``.

- The recognition standings: the viewpoints' rules live in ``standings.rq``; this module turns
  its answer into one ``dk:RecognitionStanding`` per recognition and viewpoint, so that every
  question counting recognitions applies a viewpoint the same way by reading them; each standing
  names the polity that holds it (``dk:heldBy``), and one ``dk:RecognitionTally`` per recognised
  state and viewpoint gathers its standings. Each tally and its standings are in a graph of
  their own, named by the tally's IRI: a question reads one state's standings under one
  viewpoint, their holders or their dates, in one scan of that graph (``GRAPH ?tally``) rather
  than a lookup per standing.
- The reach of each state (``reach.rq``): one ``dk:Reach`` per state that sends or hosts a
  mission or holds a membership, in a graph of its own named by its IRI, holding for each mission
  it sends the state it is sent to (``dk:sentTo``), for each membership the organisation
  (``dk:inOrganisation``), and for each of these and each mission it hosts the day it counts from
  (``dk:reachFrom``): a question about a state's missions and memberships on a date reads them in
  a few scans of that graph rather than a lookup for each (at 1.46M triples, ``traditional-reach``
  made about 500 lookups, each about 4 microseconds on disk).
- Labels (``labels.rq``): an English ``rdfs:label`` made from its parts for every resource that
  has none ("Recognition of Kosovo by France, 2008-02-18"), in the graph ``derived``, so that any
  SPARQL client shows names.
- The beginning of undated facts (``undated-facts.rq``): a mission or membership of a state whose
  independence date is known, with no start of its own, counts from that day (``dk:countsFrom``
  in the graph ``derived``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby

from pyoxigraph import Literal, NamedNode, Quad, QuerySolution, Store

from kg import iris, queries
from kg.load._rdf import date, term
from kg.namespaces import DK, PREFIXES, RDF, RDFS

DERIVED_GRAPH = iris.graph("derived")
#: The kinds of derived resource that are each in a graph named by their IRI: a recognition
#: tally with its standings, a state's reach.
GRAPH_KINDS: tuple[iris.Kind, ...] = ("recognition-tally", "reach")


@dataclass
class Standing:
    """A recognition's period of counting under one viewpoint."""

    recognition: NamedNode
    key: str
    recognizer: str
    recognized: str
    viewpoint: str
    concept: NamedNode
    start: dt.date
    until: dt.date | None


def _solutions(store: Store, name: str) -> Iterator[QuerySolution]:
    yield from store.query(queries.derivation(name).text, prefixes=PREFIXES, use_default_graph_as_union=True)  # type: ignore[misc]


def _rows(store: Store) -> Iterator[Standing]:
    for row in _solutions(store, "standings"):
        recognition, concept, until = row["recognition"], row["concept"], row["until"]
        assert isinstance(recognition, NamedNode) and isinstance(concept, NamedNode)
        yield Standing(recognition, f"{row['id'].value}.{row['viewpoint'].value}", row["recognizer"].value,
                       row["recognized"].value, row["viewpoint"].value, concept,
                       dt.date.fromisoformat(row["from"].value),
                       dt.date.fromisoformat(until.value) if isinstance(until, Literal) else None)


def merged(standings: Iterable[Standing]) -> Iterator[Standing]:
    """One recognizer counts once: an act made while an earlier act by the same polity of the
    same state still counts under the viewpoint extends that period instead of adding one."""
    def pair(s: Standing) -> tuple[str, str, str]:
        return s.recognizer, s.recognized, s.viewpoint

    for _, group in groupby(sorted(standings, key=lambda s: (*pair(s), s.start)), key=pair):
        held: Standing | None = None
        for standing in group:
            if held is not None and (held.until is None or standing.start < held.until):
                if held.until is not None:
                    held.until = None if standing.until is None else max(held.until, standing.until)
                continue
            if held is not None:
                yield held
            held = standing
        if held is not None:
            yield held


def _quads(standings: Iterable[Standing]) -> Iterator[Quad]:
    tallies: set[NamedNode] = set()
    for standing in standings:
        # The state's standings under this viewpoint, gathered: one lookup for a question that
        # counts them, instead of the recognition and the viewpoint of every standing; and the
        # graph of the tally and its standings.
        tally = iris.mint("recognition-tally", f"{iris.key_of(standing.recognized, 'state')}.{standing.viewpoint}")
        # No dcterms:identifier: thousands of derived keys made the engine start the questions'
        # final lookups of polities by identifier from every identified resource (7x slower at 1M).
        s = iris.mint("recognition-standing", standing.key)
        yield Quad(s, term(RDF.type), term(DK.RecognitionStanding), tally)
        yield Quad(s, term(DK.standingOf), standing.recognition, tally)
        yield Quad(s, term(DK.viewpoint), standing.concept, tally)
        yield Quad(s, term(DK.heldBy), NamedNode(standing.recognizer), tally)
        yield Quad(s, term(DK.heldFrom), date(standing.start), tally)
        if standing.until is not None:
            yield Quad(s, term(DK.heldUntil), date(standing.until), tally)
        if tally not in tallies:
            tallies.add(tally)
            yield Quad(tally, term(RDF.type), term(DK.RecognitionTally), tally)
            yield Quad(tally, term(DK.tallyOf), NamedNode(standing.recognized), tally)
            yield Quad(tally, term(DK.viewpoint), standing.concept, tally)
        yield Quad(tally, term(DK.tallies), s, tally)


def _undated(store: Store) -> Iterator[Quad]:
    for row in _solutions(store, "undated-facts"):
        fact, born = row["fact"], row["born"]
        assert isinstance(fact, NamedNode) and isinstance(born, Literal)
        yield Quad(fact, term(DK.countsFrom), born, DERIVED_GRAPH)


def _reach(store: Store) -> Iterator[Quad]:
    reaches: set[NamedNode] = set()
    for row in _solutions(store, "reach"):
        state, fact = row["state"], row["fact"]
        assert isinstance(state, NamedNode) and isinstance(fact, NamedNode)
        if not iris.of_kind(state, "state"):
            continue
        reach = iris.mint("reach", iris.key_of(state, "state"))
        if reach not in reaches:
            reaches.add(reach)
            yield Quad(reach, term(RDF.type), term(DK.Reach), reach)
            yield Quad(reach, term(DK.reachOf), state, reach)
        for value, predicate in ((row["sent_to"], DK.sentTo), (row["organisation"], DK.inOrganisation),
                                 (row["from"], DK.reachFrom)):
            if value is not None:
                yield Quad(fact, term(predicate), value, reach)


def _labels(store: Store) -> Iterator[Quad]:
    for row in _solutions(store, "labels"):
        resource, label = row["resource"], row["label"]
        assert isinstance(resource, NamedNode) and isinstance(label, Literal)
        yield Quad(resource, term(RDFS.label), label, DERIVED_GRAPH)


def derive(store: Store) -> None:
    """Write the standings, the beginning of undated facts and the reach of each state into
    ``store`` (which holds the ontology and the curated tables)."""
    # The bulk loader (no transaction: a failed build's store is thrown away): 0.11 s against
    # 0.25 s for the 24k quads of the standings at 1M triples.
    store.bulk_extend(list(_quads(merged(_rows(store)))) + list(_undated(store)))
    # after the starts of undated facts, which the reach holds too
    store.bulk_extend(list(_reach(store)))


def label(store: Store) -> None:
    """Write the labels, once every table (the streamed ones too) and the standings are in ``store``."""
    store.bulk_extend(_labels(store))   # 140,350 labels at 1M triples (bench): about 8 s
