"""memberships.csv -> dk:Membership (an org:Membership) plus the direct edge org:memberOf.

UN memberships are not curated here: :func:`membership` is also called by the states
mapper, which derives them from ``un_status`` and ``un_admission_date``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from pyoxigraph import NamedNode

from kg.iris import mint
from kg.load import Triple, register
from kg.load._rdf import partial_date, provenance, string, term
from kg.namespaces import DCTERMS, DK, ORG, PROV, RDF
from kg.values import PartialDate, Row
from kg.vocab import concept, within


@cache
def _full_roles() -> set[str]:
    """The roles of a full membership: ``member`` and the roles narrower than it."""
    return within(DK.MembershipRoleScheme, "member")


def membership(s: NamedNode, key: str, member: NamedNode, organisation: NamedNode, role: str,
               start: PartialDate | None, end: PartialDate | None, sources: Iterable[str],
               note: str | None = None) -> Iterator[Triple]:
    """The triples of one membership, wherever its row comes from."""
    yield s, term(RDF.type), term(DK.Membership)
    yield s, term(DCTERMS.identifier), string(key)
    yield s, term(ORG.member), member
    yield s, term(ORG.organization), organisation
    yield s, term(ORG.role), concept(DK.MembershipRoleScheme, role)
    yield from partial_date(s, start, DK.startDate, DK.datePrecision, counts_from=True)
    yield from partial_date(s, end, DK.endDate, DK.endDatePrecision)
    if end is None and role in _full_roles():
        yield member, term(ORG.memberOf), organisation
    yield from provenance(s, sources, note)


def _subject(row: Row) -> NamedNode:
    return mint("membership", row.get("id") or "")


@register("memberships", subject=_subject, columns={
    DCTERMS.identifier: "id", ORG.member: "member", ORG.organization: "organisation", ORG.role: "role",
    DK.startDate: "start", DK.datePrecision: "start", DK.endDate: "end", DK.endDatePrecision: "end",
    PROV.wasDerivedFrom: "sources"})
def map_membership(row: Row) -> Iterator[Triple]:
    s = _subject(row)
    yield from membership(s, row.get("id") or "", mint("state", row.get("member") or ""),
                          mint("organisation", row.get("organisation") or ""), row.get("role") or "",
                          row.date("start"), row.date("end"), row.list("sources"), row.get("notes"))
