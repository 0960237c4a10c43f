"""What the declared tables derive beyond their rows' own descriptions, each a named derivation.

- In SPARQL, where the engine can (:data:`EDGES`, ``queries/derive/<name>.ru``, run by
  :func:`edges` once the tables are loaded): the direct edges ``dk:recognises`` (recognises.ru)
  and ``org:memberOf`` (member-of.ru), each into the graph of the fact it shortens.
- In Python, row by row, registered for their table with :func:`kg.load.derivation`: the UN
  membership of a member or observer state, from ``un_status`` and ``un_admission_date`` (not
  curated twice in memberships.csv). It stays with the row so that a problem with the derived
  membership is located at the states.csv row that gave it.
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import Store

from kg import queries
from kg.iris import mint
from kg.load import derivation
from kg.load._rdf import partial_date, provenance, string, term
from kg.namespaces import DCTERMS, DK, ORG, PREFIXES, RDF
from kg.values import Row, Triple
from kg.vocab import concept

#: UN status -> the role of the derived UN membership (none: no membership)
UN_ROLE = {"member": "member", "observer_state": "observer", "observer_entity": "observer"}
UN = "UN"


#: The SPARQL derivations, in the order the build runs them.
EDGES = ("recognises", "member-of")


def edges(store: Store) -> None:
    """Write the derived edges (:data:`EDGES`), each update in one transaction."""
    for name in EDGES:
        store.update(queries.derived_edges(name).text, prefixes=PREFIXES)


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
    yield from provenance(s, row.list("sources"))
