"""applications.csv -> dk:MembershipApplication; application_steps.csv -> dk:ApplicationStep."""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode

from kg.iris import mint
from kg.load import Triple, register
from kg.load._rdf import integer, partial_date, provenance, string, term
from kg.namespaces import DCTERMS, DK, PROV, RDF
from kg.values import Row
from kg.vocab import concept

VOTES = (("votes_for", DK.votesFor), ("votes_against", DK.votesAgainst), ("abstentions", DK.abstentions))


def _application(row: Row) -> NamedNode:
    return mint("application", row.get("id") or "")


@register("applications", subject=_application, columns={
    DCTERMS.identifier: "id", DK.applicant: "applicant", DK.appliedTo: "organisation",
    DK.startDate: "submitted", DK.datePrecision: "submitted", DK.outcome: "outcome",
    DK.endDate: "decided", DK.endDatePrecision: "decided", PROV.wasDerivedFrom: "sources"})
def map_application(row: Row) -> Iterator[Triple]:
    s = _application(row)
    yield s, term(RDF.type), term(DK.MembershipApplication)
    yield s, term(DCTERMS.identifier), string(row.get("id") or "")
    yield s, term(DK.applicant), mint("state", row.get("applicant") or "")
    yield s, term(DK.appliedTo), mint("organisation", row.get("organisation") or "")
    yield from partial_date(s, row.date("submitted"), DK.startDate, DK.datePrecision, counts_from=True)
    yield s, term(DK.outcome), concept(DK.ApplicationOutcomeScheme, row.get("outcome") or "")
    yield from partial_date(s, row.date("decided"), DK.endDate, DK.endDatePrecision)
    yield from provenance(s, row.list("sources"), row.get("notes"))


def _step(row: Row) -> NamedNode:
    return mint("application-step", row.get("id") or "")


@register("application_steps", subject=_step, columns={
    DCTERMS.identifier: "id", DK.stepOf: "application", DK.startDate: "date", DK.datePrecision: "date",
    DK.stepType: "step", DK.actingBody: "body", DK.votesFor: "votes_for", DK.votesAgainst: "votes_against",
    DK.abstentions: "abstentions", PROV.wasDerivedFrom: "sources"})
def map_step(row: Row) -> Iterator[Triple]:
    s = _step(row)
    yield s, term(RDF.type), term(DK.ApplicationStep)
    yield s, term(DCTERMS.identifier), string(row.get("id") or "")
    yield s, term(DK.stepOf), mint("application", row.get("application") or "")
    yield from partial_date(s, row.date("date"), DK.startDate, DK.datePrecision, counts_from=True)
    yield s, term(DK.stepType), concept(DK.ApplicationStepScheme, row.get("step") or "")
    if body := row.get("body"):
        yield s, term(DK.actingBody), string(body)
    for column, prop in VOTES:
        if (value := row.get(column)) is not None:
            yield s, term(prop), integer(int(value))
    yield from provenance(s, row.list("sources"), row.get("notes"))
