"""missions.csv -> dk:DiplomaticMission with sender, host, organisation, city, dates and accreditations."""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode

from kg.iris import mint
from kg.load import Triple, register
from kg.load._rdf import partial_date, provenance, string, term
from kg.namespaces import DCTERMS, DK, PROV, RDF
from kg.values import Row
from kg.vocab import concept


def _subject(row: Row) -> NamedNode:
    return mint("mission", row.get("id") or "")


@register("missions", subject=_subject, columns={
    DCTERMS.identifier: "id", DK.sendingState: "sender", DK.missionType: "kind", DK.hostState: "host",
    DK.hostOrganisation: "organisation", DK.city: "city", DK.startDate: "opened", DK.datePrecision: "opened",
    DK.endDate: "closed", DK.endDatePrecision: "closed", DK.accreditedTo: "accredited_to",
    PROV.wasDerivedFrom: "sources"})
def map_mission(row: Row) -> Iterator[Triple]:
    s = _subject(row)
    yield s, term(RDF.type), term(DK.DiplomaticMission)
    yield s, term(DCTERMS.identifier), string(row.get("id") or "")
    yield s, term(DK.sendingState), mint("state", row.get("sender") or "")
    yield s, term(DK.missionType), concept(DK.MissionTypeScheme, row.get("kind") or "")
    yield s, term(DK.hostState), mint("state", row.get("host") or "")
    if organisation := row.get("organisation"):
        yield s, term(DK.hostOrganisation), mint("organisation", organisation)
    yield s, term(DK.city), string(row.get("city") or "")
    yield from partial_date(s, row.date("opened"), DK.startDate, DK.datePrecision, counts_from=True)
    yield from partial_date(s, row.date("closed"), DK.endDate, DK.endDatePrecision)
    for state in row.list("accredited_to"):
        yield s, term(DK.accreditedTo), mint("state", state)
    yield from provenance(s, row.list("sources"), row.get("notes"))
