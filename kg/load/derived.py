"""What the tables derive beyond their rows' own descriptions: SPARQL updates the engine runs.

Each is ``queries/derive/<name>.ru``, run by :func:`edges` once the tables are loaded, in the order
of :data:`EDGES`: the UN membership of a member or observer state, from states.csv's ``un_status``
and ``un_admission_date`` (un-membership.ru, not curated twice in memberships.csv), then the direct
edges ``dk:recognises`` (recognises.ru) and ``org:memberOf`` (member-of.ru, which reads the UN
memberships too), each into the graph of the fact it shortens or derives from; and who holds an office
(``org:holds``) and the Wikidata item of a person's account (office-holders.ru).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pyoxigraph import Store

from kg import iris, queries
from kg.namespaces import PREFIXES

if TYPE_CHECKING:
    from kg.load import Origin, Resolver

#: The derivations, in the order the build runs them.
EDGES = ("un-membership", "recognises", "member-of", "office-holders")


def edges(store: Store) -> None:
    """Write what the rows derive (:data:`EDGES`), each update in one transaction."""
    for name in EDGES:
        store.update(queries.derived_edges(name).text, prefixes=PREFIXES)


def derived_from(origin_of: Callable[[str], Origin | None]) -> Resolver:
    """Where a derived node was described, for locating a problem with it: a UN membership
    (``membership/<state>-UN``) at the states.csv row of its state."""
    prefix = iris.mint("membership", "x").value[:-1]

    def resolve(iri: str) -> Origin | None:
        if iri.startswith(prefix) and iri.endswith("-UN"):
            return origin_of(iris.mint("state", iri[len(prefix):-3]).value)
        return None

    return resolve
