"""recognition_claims.csv and withdrawal_claims.csv -> dk:RecognitionClaim and dk:WithdrawalClaim.

Both are claims about a recognition (that it was made; that it was withdrawn), with the polities
that assert, dispute or confirm them (and, for a recognition act, those whose ministry leaves it
out of its own count) and the sources of each side, so one mapping serves both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pyoxigraph import NamedNode
from rdflib import URIRef

from kg.iris import Kind, mint
from kg.load import Triple, register
from kg.load._rdf import integer, partial_date, provenance, string, term
from kg.namespaces import DCTERMS, DK, PROV, RDF
from kg.values import Row

#: column of polities -> (property), column of sources -> (property): the sides of a claim
SIDES = (
    ("claimed_by", DK.claimedBy, "claim_sources", DK.claimSource),
    ("disputed_by", DK.disputedBy, "dispute_sources", DK.disputeSource),
    ("confirmed_by", DK.confirmedBy, "confirm_sources", DK.confirmSource),
)
#: a recognition act can also be left out of the asserting side's own published count
OMISSION = (("omitted_by", DK.omittedBy, "omission_sources", DK.omissionSource),)


def _columns(sides: tuple[tuple[str, URIRef, str, URIRef], ...]) -> dict[URIRef, str]:
    return {DCTERMS.identifier: "id", DK.aboutRecognition: "recognition", DK.claimDate: "claim_date",
            DK.countsFrom: "claim_date", DK.datePrecision: "claim_date",
            **{prop: col for col, prop, _, _ in sides}, **{prop: col for _, _, col, prop in sides}}


def _subject(kind: Kind) -> Callable[[Row], NamedNode]:
    return lambda row: mint(kind, row.get("id") or "")


def _claims(kind: Kind, cls: URIRef, sides: tuple[tuple[str, URIRef, str, URIRef], ...]) \
        -> Callable[[Row], Iterator[Triple]]:
    subject = _subject(kind)

    def map_claim(row: Row) -> Iterator[Triple]:
        s = subject(row)
        yield s, term(RDF.type), term(cls)
        yield s, term(DCTERMS.identifier), string(row.get("id") or "")
        yield s, term(DK.aboutRecognition), mint("recognition", row.get("recognition") or "")
        yield from partial_date(s, row.date("claim_date"), DK.claimDate, DK.datePrecision, counts_from=True)
        if ordinal := row.get("ordinal"):
            yield s, term(DK.ordinal), integer(int(ordinal))
        for polity_col, polity_prop, source_col, source_prop in sides:
            for polity in row.list(polity_col):
                yield s, term(polity_prop), mint("state", polity)
            for source in row.list(source_col):
                yield s, term(source_prop), mint("source", source)
                yield s, term(PROV.wasDerivedFrom), mint("source", source)
        yield from provenance(s, (), row.get("notes"))

    map_claim.__name__ = f"map_{kind.replace('-', '_')}"
    return map_claim


map_recognition_claim = register("recognition_claims", subject=_subject("recognition-claim"),
                                 columns={**_columns(SIDES + OMISSION), DK.ordinal: "ordinal"})(
    _claims("recognition-claim", DK.RecognitionClaim, SIDES + OMISSION))
map_withdrawal_claim = register("withdrawal_claims", subject=_subject("withdrawal-claim"),
                                columns=_columns(SIDES))(
    _claims("withdrawal-claim", DK.WithdrawalClaim, SIDES))
