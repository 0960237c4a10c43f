"""sources.csv -> dk:Source, one per cited document."""

from __future__ import annotations

from collections.abc import Iterator

from kg.iris import mint
from kg.load import Triple, register
from kg.load._rdf import any_uri, date, string, term
from kg.namespaces import DC, DCTERMS, DK, RDF
from kg.values import Row


def _subject(row: Row):  # noqa: ANN202
    return mint("source", row.get("id") or "")


@register("sources", subject=_subject, columns={
    DCTERMS.identifier: "id", DCTERMS.title: "title", DC.publisher: "publisher",
    DK.url: "url", DK.accessed: "accessed"})
def map_source(row: Row) -> Iterator[Triple]:
    s = _subject(row)
    yield s, term(RDF.type), term(DK.Source)
    yield s, term(DCTERMS.identifier), string(row.get("id") or "")
    if title := row.get("title"):
        yield s, term(DCTERMS.title), string(title)
    if publisher := row.get("publisher"):
        yield s, term(DC.publisher), string(publisher)
    if url := row.get("url"):
        yield s, term(DK.url), any_uri(url)
    if accessed := row.date("accessed"):
        yield s, term(DK.accessed), date(accessed.first_day)
