"""The one place instance and graph IRIs are minted.

Instances live under ``https://w3id.org/dipkg/id/<kind>/<key>``; a key is the row's
natural key (ISO alpha-3 for states, the id for organisations, the slug for sources, the row
id for facts), so a
rebuild mints the same IRIs and loading is idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Literal, get_args
from urllib.parse import quote, unquote

from pyoxigraph import NamedNode

from kg import prefixes
from kg.prefixes import GRAPH_BASE, ID_BASE, PREFIXES

WD = PREFIXES["wd"]

Kind = Literal["state", "source", "recognition", "recognition-claim", "withdrawal-claim",
               "recognition-standing", "recognition-tally", "reach", "region", "organisation", "membership",
               "application", "application-step", "relations-event", "mission", "platform", "campaign",
               "account", "external-actor", "instrument", "incident", "dataset", "follower-observation",
               "indicator-observation", "office", "office-term", "person"]
KINDS: tuple[Kind, ...] = get_args(Kind)
assert KINDS == prefixes.KINDS, "kg.iris.Kind and kg.prefixes.KINDS list the same kinds"

_QID = re.compile(r"^Q[1-9][0-9]*$")
_PID = re.compile(r"^P[1-9][0-9]*$")


_DECLARED: set[str] = set()
_KIND = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


def declare(kind: str) -> None:
    """Allow a kind of instance a data package declares for its own table (``dipkg:about``),
    besides the built-in :data:`KINDS`; its IRIs are ``https://w3id.org/dipkg/id/<kind>/<key>``."""
    if kind in KINDS or kind in _DECLARED:
        return
    if not isinstance(kind, str) or not _KIND.match(kind):
        raise ValueError(f"{kind!r} is not a usable kind of instance: use lowercase letters, digits and '-' "
                         "(e.g. cultural-institute)")
    _DECLARED.add(kind)


def mint(kind: Kind, key: str) -> NamedNode:
    """Return the IRI of the instance of ``kind`` with natural key ``key``."""
    if kind not in KINDS and kind not in _DECLARED:
        raise ValueError(f"unknown IRI kind {kind!r}; expected one of {', '.join(KINDS)}")
    key = key.strip()
    if not key:
        raise ValueError(f"empty key for a {kind} IRI")
    return NamedNode(f"{base(kind)}{quote(key, safe='-_.')}")


def base(kind: str) -> str:
    """The start of every instance IRI of ``kind`` (``https://w3id.org/dipkg/id/reach/``)."""
    return f"{ID_BASE}{kind}/"


def of_kind(iri: NamedNode | str, kind: str) -> bool:
    """Whether ``iri`` is an instance IRI of ``kind``, as :func:`mint` writes them."""
    value = iri.value if isinstance(iri, NamedNode) else iri
    return value.startswith(base(kind))


def key_of(iri: NamedNode | str, kind: Kind) -> str:
    """Inverse of :func:`mint`: the natural key of an instance IRI of ``kind``, as it was given
    (``mint(kind, key_of(iri, kind)) == iri``)."""
    value = iri.value if isinstance(iri, NamedNode) else iri
    if not of_kind(value, kind):
        raise ValueError(f"{value} is not a dipkg {kind} IRI")
    return unquote(value[len(base(kind)) :])


#: The vocabularies whose terms :func:`short` writes as prefixed names.
_SHORT_PREFIXES = ("dk", "owl", "rdfs", "prov", "org", "qb", "skos", "foaf")


def short(iri: str) -> str:
    """An IRI as a person reads it in a message: ``dk:State``, ``owl:Thing``, ``state/XKX``."""
    for prefix in _SHORT_PREFIXES:
        namespace = PREFIXES[prefix]
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri.removeprefix(ID_BASE)


def graph(name: str) -> NamedNode:
    """The named graph holding one source table (or ``ontology``)."""
    return NamedNode(f"{GRAPH_BASE}{quote(name, safe='-_')}")


def observation(kind: Literal["follower-observation", "indicator-observation"], dataset: str,
                *dimensions: str) -> NamedNode:
    """A Data Cube observation: keyed by its dataset and its dimension values, so the same
    account and date in the curated data and in a scholar's import are two observations."""
    return mint(kind, ".".join((dataset, *dimensions)))


def observations(kind: Kind, dataset: str) -> Callable[..., str]:
    """Mint many observation IRIs of one dataset fast (a build may write millions): a function
    of the dimension values giving the text of :func:`observation`'s IRI for them. ``.`` is kept
    by the quoting, so quoting each value apart gives the same IRI as quoting the joined key."""
    base = mint(kind, dataset).value + "."
    part = lru_cache(maxsize=65536)(lambda value: quote(value, safe="-_."))
    return lambda *dimensions: base + ".".join(part(d) for d in dimensions)


def wikidata(qid: str) -> NamedNode:
    """The Wikidata entity IRI for ``qid`` (``http://www.wikidata.org/entity/Q…``)."""
    if not _QID.match(qid):
        raise ValueError(f"{qid!r} is not a Wikidata item id (expected Q followed by digits)")
    return NamedNode(f"{WD}{qid}")


def wikidata_property(pid: str) -> NamedNode:
    """The Wikidata property entity IRI for ``pid`` (``http://www.wikidata.org/entity/P…``)."""
    if not _PID.match(pid):
        raise ValueError(f"{pid!r} is not a Wikidata property id (expected P followed by digits)")
    return NamedNode(f"{WD}{pid}")


def slug(text: str) -> str:
    """A lowercase ASCII slug for keys derived from names (e.g. region names)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
