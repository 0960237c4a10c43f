"""campaigns.csv -> dk:Campaign with its state, organiser, period, themes, audiences and platforms."""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode

from kg.iris import mint
from kg.load import Triple, register
from kg.load._rdf import partial_date, provenance, string, term
from kg.namespaces import DCTERMS, DK, FOAF, PROV, RDF, RDFS
from kg.values import Row
from kg.vocab import concept


def _subject(row: Row) -> NamedNode:
    return mint("campaign", row.get("id") or "")


@register("campaigns", subject=_subject, columns={
    DCTERMS.identifier: "id", RDFS.label: "name", DK.brandedState: "state", DK.organiserName: "organiser",
    DK.startDate: "start", DK.datePrecision: "start", DK.endDate: "end", DK.endDatePrecision: "end",
    DK.theme: "themes", DK.audience: "audiences", DK.usesPlatform: "platforms", FOAF.homepage: "url",
    PROV.wasDerivedFrom: "sources"})
def map_campaign(row: Row) -> Iterator[Triple]:
    s = _subject(row)
    yield s, term(RDF.type), term(DK.Campaign)
    yield s, term(DCTERMS.identifier), string(row.get("id") or "")
    yield s, term(RDFS.label), string(row.get("name") or "")
    yield s, term(DK.brandedState), mint("state", row.get("state") or "")
    if organiser := row.get("organiser"):
        yield s, term(DK.organiserName), string(organiser)
    yield from partial_date(s, row.date("start"), DK.startDate, DK.datePrecision, counts_from=True)
    yield from partial_date(s, row.date("end"), DK.endDate, DK.endDatePrecision)
    for theme in row.list("themes"):
        yield s, term(DK.theme), concept(DK.NarrativeThemeScheme, theme)
    for audience in row.list("audiences"):
        yield s, term(DK.audience), concept(DK.AudienceScheme, audience)
    for platform in row.list("platforms"):
        yield s, term(DK.usesPlatform), mint("platform", platform)
    if url := row.get("url"):
        yield s, term(FOAF.homepage), NamedNode(url)
    yield from provenance(s, row.list("sources"), row.get("notes"))
