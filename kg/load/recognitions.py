"""recognitions.csv -> dk:Recognition (n-ary) plus the derived direct edge dk:recognises."""

from __future__ import annotations

from collections.abc import Iterator

from kg.iris import mint
from kg.load import Triple, register
from kg.load._rdf import date, precision, string, term
from kg.namespaces import DCTERMS, DK, PROV, RDF, SKOS
from kg.schema import Row


def _subject(row: Row):  # noqa: ANN202
    return mint("recognition", row.get("id") or "")


@register("recognitions", subject=_subject, columns={
    DCTERMS.identifier: "id", DK.recognizer: "recognizer", DK.recognized: "recognized",
    DK.startDate: "date", DK.datePrecision: "date", DK.form: "form",
    PROV.wasDerivedFrom: "sources"})
def map_recognition(row: Row) -> Iterator[Triple]:
    s = _subject(row)
    recognizer = mint("state", row.get("recognizer") or "")
    recognized = mint("state", row.get("recognized") or "")
    yield s, term(RDF.type), term(DK.Recognition)
    yield s, term(DCTERMS.identifier), string(row.get("id") or "")
    yield s, term(DK.recognizer), recognizer
    yield s, term(DK.recognized), recognized
    yield recognizer, term(DK.recognises), recognized
    if when := row.date("date"):
        yield s, term(DK.startDate), date(when.first_day)
        yield s, term(DK.datePrecision), precision(when.precision)
    if form := row.get("form"):
        yield s, term(DK.form), string(form)
    for source in row.list("sources"):
        yield s, term(PROV.wasDerivedFrom), mint("source", source)
    if note := row.get("notes"):
        yield s, term(SKOS.note), string(note)
