"""Small helpers that turn Python values into pyoxigraph terms for the mappers."""

from __future__ import annotations

import datetime as dt
from functools import cache

from pyoxigraph import Literal, NamedNode
from rdflib import URIRef

from kg.namespaces import DK, XSD

PRECISION = {"day": DK.DayPrecision, "month": DK.MonthPrecision, "year": DK.YearPrecision}


@cache
def term(iri: URIRef | str) -> NamedNode:
    """A namespace term (an rdflib ``URIRef``) as a pyoxigraph ``NamedNode``."""
    return NamedNode(str(iri))


def string(value: str) -> Literal:
    return Literal(value)


def date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=term(XSD.date))


def any_uri(value: str) -> Literal:
    return Literal(value, datatype=term(XSD.anyURI))


def precision(name: str) -> NamedNode:
    return term(PRECISION[name])
