"""What a row of a declared table derives beyond its own description: named derivations,
registered for their table with :func:`kg.load.derivation`, each writing into the table's graph.

- ``recognitions``: the direct edge ``dk:recognises`` from the recogniser to the recognised;
- ``memberships``: the direct edge ``org:memberOf`` of a full membership (``member`` or a narrower
  role) with no end;
- ``states``: the UN membership of a member or observer state, from ``un_status`` and
  ``un_admission_date`` (not curated twice in memberships.csv), with its ``org:memberOf``.

They stay row by row in Python, not in SPARQL, so that a problem with a derived node (a UN
membership) is located at the row that gave it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from pyoxigraph import NamedNode

from kg.iris import mint
from kg.load import derivation
from kg.load._rdf import partial_date, provenance, string, term
from kg.namespaces import DCTERMS, DK, ORG, RDF
from kg.values import PartialDate, Row, Triple
from kg.vocab import concept, within

#: UN status -> the role of the derived UN membership (none: no membership)
UN_ROLE = {"member": "member", "observer_state": "observer", "observer_entity": "observer"}
UN = "UN"


@cache
def _full_roles() -> set[str]:
    """The roles of a full membership: ``member`` and the roles narrower than it."""
    return within(DK.MembershipRoleScheme, "member")


def member_of(member: NamedNode, organisation: NamedNode, role: str, end: PartialDate | None) -> Iterator[Triple]:
    """``org:memberOf`` for a full membership that has not ended."""
    if end is None and role in _full_roles():
        yield member, term(ORG.memberOf), organisation


@derivation("recognitions")
def recognises(row: Row) -> Iterator[Triple]:
    yield mint("state", row.get("recognizer") or ""), term(DK.recognises), mint("state", row.get("recognized") or "")


@derivation("memberships")
def membership_edge(row: Row) -> Iterator[Triple]:
    yield from member_of(mint("state", row.get("member") or ""), mint("organisation", row.get("organisation") or ""),
                         row.get("role") or "", row.date("end"))


@derivation("states")
def un_membership(row: Row) -> Iterator[Triple]:
    role = UN_ROLE.get(row.get("un_status") or "none")
    if role is None:
        return
    key = f"{row.get('id')}-{UN}"
    s, state, un = mint("membership", key), mint("state", row.get("id") or ""), mint("organisation", UN)
    yield s, term(RDF.type), term(DK.Membership)
    yield s, term(DCTERMS.identifier), string(key)
    yield s, term(ORG.member), state
    yield s, term(ORG.organization), un
    yield s, term(ORG.role), concept(DK.MembershipRoleScheme, role)
    yield from partial_date(s, row.date("un_admission_date"), DK.startDate, DK.datePrecision, counts_from=True)
    yield from member_of(state, un, role, None)
    yield from provenance(s, row.list("sources"))


def derivations() -> Iterable[str]:
    """The tables with a derivation (for the docs)."""
    from kg.load import DERIVATIONS

    return sorted(DERIVATIONS)
