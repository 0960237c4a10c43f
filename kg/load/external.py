"""external_actors.csv -> dk:ExternalActor; instruments.csv -> dk:Instrument (where, whom, since when)."""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode

from kg import iris
from kg.iris import mint
from kg.load import Triple, register
from kg.load._rdf import partial_date, provenance, string, term
from kg.namespaces import DCTERMS, DK, FOAF, PROV, RDF, RDFS, XSD
from kg.values import Row
from kg.vocab import concept


def _actor(row: Row) -> NamedNode:
    return mint("external-actor", row.get("id") or "")


@register("external_actors", subject=_actor, columns={
    DCTERMS.identifier: "id", RDFS.label: "name", PROV.actedOnBehalfOf: "state", PROV.wasDerivedFrom: "sources"})
def map_external_actor(row: Row) -> Iterator[Triple]:
    s = _actor(row)
    yield s, term(RDF.type), term(DK.ExternalActor)
    yield s, term(DCTERMS.identifier), string(row.get("id") or "")
    yield s, term(RDFS.label), string(row.get("name") or "")
    if state := row.get("state"):
        yield s, term(PROV.actedOnBehalfOf), mint("state", state)
    if organisation := row.get("organisation"):
        yield s, term(PROV.actedOnBehalfOf), mint("organisation", organisation)
    yield from provenance(s, row.list("sources"), row.get("notes"))


def _instrument(row: Row) -> NamedNode:
    return mint("instrument", row.get("id") or "")


@register("instruments", subject=_instrument, columns={
    DCTERMS.identifier: "id", RDFS.label: "name", DK.instrumentOf: "actor", DK.instrumentKind: "kind",
    DK.basedIn: "host_state", DK.city: "city", DK.serves: "serves", DCTERMS.language: "language",
    DK.startDate: "started", DK.datePrecision: "started", DK.endDate: "ended", DK.endDatePrecision: "ended",
    FOAF.homepage: "url", DK.wikidata: "wikidata", PROV.wasDerivedFrom: "sources"})
def map_instrument(row: Row) -> Iterator[Triple]:
    s = _instrument(row)
    yield s, term(RDF.type), term(DK.Instrument)
    yield s, term(DCTERMS.identifier), string(row.get("id") or "")
    yield s, term(RDFS.label), string(row.get("name") or "")
    yield s, term(DK.instrumentOf), mint("external-actor", row.get("actor") or "")
    yield s, term(DK.instrumentKind), concept(DK.InstrumentKindScheme, row.get("kind") or "")
    if host := row.get("host_state"):
        yield s, term(DK.basedIn), mint("state", host)
    if city := row.get("city"):
        yield s, term(DK.city), string(city)
    for state in row.list("serves"):
        yield s, term(DK.serves), mint("state", state)
    for language in row.list("language"):
        yield s, term(DCTERMS.language), Literal(language, datatype=term(XSD.language))
    yield from partial_date(s, row.date("started"), DK.startDate, DK.datePrecision, counts_from=True)
    yield from partial_date(s, row.date("ended"), DK.endDate, DK.endDatePrecision)
    if url := row.get("url"):
        yield s, term(FOAF.homepage), NamedNode(url)
    if qid := row.get("wikidata"):
        yield s, term(DK.wikidata), iris.wikidata(qid)
    yield from provenance(s, row.list("sources"), row.get("notes"))
