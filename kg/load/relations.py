"""relations.csv -> dk:RelationsEvent (established, suspended, severed, restored)."""

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
    return mint("relations-event", row.get("id") or "")


@register("relations", subject=_subject, columns={
    DCTERMS.identifier: "id", DK.party: "state", DK.counterpart: "counterpart",
    DK.relationsEventType: "event", DK.startDate: "date", DK.datePrecision: "date",
    PROV.wasDerivedFrom: "sources"})
def map_relations_event(row: Row) -> Iterator[Triple]:
    s = _subject(row)
    yield s, term(RDF.type), term(DK.RelationsEvent)
    yield s, term(DCTERMS.identifier), string(row.get("id") or "")
    yield s, term(DK.party), mint("state", row.get("state") or "")
    yield s, term(DK.counterpart), mint("state", row.get("counterpart") or "")
    yield s, term(DK.relationsEventType), concept(DK.RelationsEventScheme, row.get("event") or "")
    yield from partial_date(s, row.date("date"), DK.startDate, DK.datePrecision, counts_from=True)
    yield from provenance(s, row.list("sources"), row.get("notes"))
