"""withdrawal_claims.csv -> dk:WithdrawalClaim, with each side's polities and sources."""

from __future__ import annotations

from collections.abc import Iterator

from kg.iris import mint
from kg.load import Triple, register
from kg.load._rdf import partial_date, provenance, string, term
from kg.namespaces import DCTERMS, DK, PROV, RDF
from kg.schema import Row

#: column of polities -> (property), column of sources -> (property)
SIDES = (
    ("disputed_by", DK.disputedBy, "dispute_sources", DK.disputeSource),
    ("confirmed_by", DK.confirmedBy, "confirm_sources", DK.confirmSource),
)


def _subject(row: Row):  # noqa: ANN202
    return mint("withdrawal-claim", row.get("id") or "")


@register("withdrawal_claims", subject=_subject, columns={
    DCTERMS.identifier: "id", DK.aboutRecognition: "recognition", DK.claimedBy: "claimed_by",
    DK.claimDate: "claim_date", DK.datePrecision: "claim_date", DK.claimSource: "claim_sources",
    DK.disputedBy: "disputed_by", DK.disputeSource: "dispute_sources",
    DK.confirmedBy: "confirmed_by", DK.confirmSource: "confirm_sources"})
def map_claim(row: Row) -> Iterator[Triple]:
    s = _subject(row)
    yield s, term(RDF.type), term(DK.WithdrawalClaim)
    yield s, term(DCTERMS.identifier), string(row.get("id") or "")
    yield s, term(DK.aboutRecognition), mint("recognition", row.get("recognition") or "")
    yield s, term(DK.claimedBy), mint("state", row.get("claimed_by") or "")
    yield from partial_date(s, row.date("claim_date"), DK.claimDate, DK.datePrecision)
    for source in row.list("claim_sources"):
        yield s, term(DK.claimSource), mint("source", source)
        yield s, term(PROV.wasDerivedFrom), mint("source", source)
    for polity_col, polity_prop, source_col, source_prop in SIDES:
        for polity in row.list(polity_col):
            yield s, term(polity_prop), mint("state", polity)
        for source in row.list(source_col):
            yield s, term(source_prop), mint("source", source)
            yield s, term(PROV.wasDerivedFrom), mint("source", source)
    yield from provenance(s, (), row.get("notes"))
