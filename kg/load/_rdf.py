"""Small helpers that turn Python values into pyoxigraph terms for the mappers."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from functools import cache
from itertools import islice

from pyoxigraph import Literal, NamedNode
from rdflib import URIRef

from kg.iris import mint
from kg.namespaces import DCTERMS, DK, QB, RDF, RDFS, XSD
from kg.values import Triple

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


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=term(XSD.integer))


def decimal(text: str) -> Literal:
    """``text`` as an ``xsd:decimal`` in plain notation (``1.5E-5`` becomes ``0.000015``)."""
    try:
        number = Decimal(text.strip())
    except InvalidOperation as exc:
        raise ValueError(f'"{text}" is not a number') from exc
    if not number.is_finite():
        raise ValueError(f'"{text}" is not a finite number')
    return Literal(format(number, "f"), datatype=term(XSD.decimal))


def dataset_node(name: str, structure: str, title: str) -> Iterator[Triple]:
    """The ``qb:DataSet`` node of a dataset (written once per observation; the store dedupes)."""
    ds = mint("dataset", name)
    yield ds, term(RDF.type), term(QB.DataSet)
    yield ds, term(QB.structure), term(structure)
    yield ds, term(RDFS.label), string(title)
    yield ds, term(DCTERMS.identifier), string(name)


class TextReader(io.RawIOBase):
    """A binary file over text produced piece by piece, so Oxigraph's bulk loader can parse a
    table's N-Triples while the rows are still being read (nothing holds the whole text)."""

    #: Pieces joined at a time: enough text that a read rarely waits for the next batch.
    BATCH = 1024

    def __init__(self, pieces: Iterable[str]):
        self._pieces = iter(pieces)
        self._pending = b""
        self._at = 0  # how much of ``_pending`` was read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        size = len(buffer)
        if self._at >= len(self._pending):
            self._pending, self._at = b"", 0
            while not self._pending:
                batch = list(islice(self._pieces, self.BATCH))
                if not batch:
                    return 0
                self._pending = "".join(batch).encode("utf-8")
        chunk = memoryview(self._pending)[self._at:self._at + size]
        buffer[:len(chunk)] = chunk
        self._at += len(chunk)
        return len(chunk)
