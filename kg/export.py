"""Serialise the store. Quad formats keep the named graphs; triple formats merge them."""

from __future__ import annotations

from typing import IO

from pyoxigraph import RdfFormat, Store, serialize

from kg.errors import DipkgError
from kg.prefixes import PREFIXES

FORMATS: dict[str, tuple[RdfFormat, bool]] = {
    # name: (format, keeps named graphs)
    "ttl": (RdfFormat.TURTLE, False),
    "nt": (RdfFormat.N_TRIPLES, False),
    "jsonld": (RdfFormat.JSON_LD, False),
    "nq": (RdfFormat.N_QUADS, True),
    "trig": (RdfFormat.TRIG, True),
}


def export(store: Store, output: IO[bytes], fmt: str) -> None:
    """Write every graph of ``store`` to ``output`` in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise DipkgError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rdf_format, quads = FORMATS[fmt]
    prefixes = PREFIXES if rdf_format in (RdfFormat.TURTLE, RdfFormat.TRIG) else None
    if quads:
        serialize(iter(store), output, rdf_format, prefixes=prefixes)
        return
    triples = {q.triple for q in store}
    serialize(sorted(triples, key=str), output, rdf_format, prefixes=prefixes)
