"""incidents.csv -> dk:Incident: target, attribution (to whom, by whom) and diplomatic consequence."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pyoxigraph import NamedNode

from kg.iris import mint
from kg.load import Triple, register
from kg.load._rdf import partial_date, provenance, string, term
from kg.namespaces import DCTERMS, DK, PROV, RDF
from kg.values import Row
from kg.vocab import concept

_STATE_ID = re.compile(r"^[A-Z]{3}$")


def _subject(row: Row) -> NamedNode:
    return mint("incident", row.get("id") or "")


def attributor(key: str) -> NamedNode:
    """A state (three capital letters) or an organisation id named in ``attributed_by``."""
    return mint("state", key) if _STATE_ID.match(key) else mint("organisation", key)


@register("incidents", subject=_subject, columns={
    DCTERMS.identifier: "id", DK.startDate: "date", DK.datePrecision: "date", DK.incidentKind: "kind",
    DK.targetState: "target_state", DK.targetDescription: "target", DK.attributedTo: "actor_state",
    DK.attributedActorName: "actor", DK.attributedBy: "attributed_by", DK.consequence: "consequence",
    DK.ledTo: "relations_event", PROV.wasDerivedFrom: "sources"})
def map_incident(row: Row) -> Iterator[Triple]:
    s = _subject(row)
    yield s, term(RDF.type), term(DK.Incident)
    yield s, term(DCTERMS.identifier), string(row.get("id") or "")
    yield from partial_date(s, row.date("date"), DK.startDate, DK.datePrecision, counts_from=True)
    yield s, term(DK.incidentKind), concept(DK.IncidentKindScheme, row.get("kind") or "")
    yield s, term(DK.targetState), mint("state", row.get("target_state") or "")
    yield s, term(DK.targetDescription), string(row.get("target") or "")
    if actor_state := row.get("actor_state"):
        yield s, term(DK.attributedTo), mint("state", actor_state)
    if actor := row.get("actor"):
        yield s, term(DK.attributedActorName), string(actor)
    for key in row.list("attributed_by"):
        yield s, term(DK.attributedBy), attributor(key)
    if consequence := row.get("consequence"):
        yield s, term(DK.consequence), string(consequence)
    if event := row.get("relations_event"):
        yield s, term(DK.ledTo), mint("relations-event", event)
    yield from provenance(s, row.list("sources"), row.get("notes"))
