"""The streaming path of the loaders: text produced piece by piece reaches the bulk loader whole."""

from __future__ import annotations

import io

from pyoxigraph import RdfFormat, Store

from kg.load._rdf import TextReader


def test_text_reader_yields_every_piece_in_order_whatever_the_read_size() -> None:
    pieces = [f"<urn:s{i}> <urn:p> \"{'é' * (i % 7)}{i}\" .\n" for i in range(3000)]
    whole = "".join(pieces).encode("utf-8")
    assert TextReader(pieces).read() == whole
    assert io.BufferedReader(TextReader(pieces), buffer_size=17).read() == whole
    store = Store()
    store.bulk_load(TextReader(pieces), format=RdfFormat.N_TRIPLES)  # type: ignore[arg-type]
    assert len(store) == 3000
