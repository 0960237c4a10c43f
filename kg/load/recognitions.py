"""recognitions.csv -> dk:Recognition (n-ary) plus the derived direct edge dk:recognises."""

from __future__ import annotations

from collections.abc import Iterator

from kg.iris import mint
from kg.load import Triple, register
from kg.load._rdf import partial_date, provenance, string, term
from kg.namespaces import DCTERMS, DK, PROV, RDF
from kg.values import Row


def _subject(row: Row):  # noqa: ANN202
    return mint("recognition", row.get("id") or "")


@register("recognitions", subject=_subject, columns={
    DCTERMS.identifier: "id", DK.recogniser: "recognizer", DK.recognised: "recognized",
    DK.startDate: "date", DK.datePrecision: "date", DK.form: "form",
    PROV.wasDerivedFrom: "sources"})
def map_recognition(row: Row) -> Iterator[Triple]:
    s = _subject(row)
    recognizer = mint("state", row.get("recognizer") or "")
    recognized = mint("state", row.get("recognized") or "")
    yield s, term(RDF.type), term(DK.Recognition)
    yield s, term(DCTERMS.identifier), string(row.get("id") or "")
    yield s, term(DK.recogniser), recognizer
    yield s, term(DK.recognised), recognized
    yield recognizer, term(DK.recognises), recognized
    yield from partial_date(s, row.date("date"), DK.startDate, DK.datePrecision, counts_from=True)
    if form := row.get("form"):
        yield s, term(DK.form), string(form)
    yield from provenance(s, row.list("sources"), row.get("notes"))
