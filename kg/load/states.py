"""states.csv -> dk:State / dk:SovereignEntity, with UN status, M49 regions and Wikidata.

UN membership is derived here, not curated twice: a member state gets a dk:Membership of the
organisation ``UN`` (organisations.csv) from its admission date, an observer an observer one.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg import iris
from kg.iris import mint
from kg.load import Triple, register
from kg.load._rdf import date, provenance, string, term
from kg.load.memberships import membership
from kg.namespaces import DCTERMS, DK, PROV, RDF, RDFS, SKOS
from kg.vocab import concept

KIND = {"state": DK.State, "sovereign_entity": DK.SovereignEntity}
#: UN status -> the role of the derived UN membership (none: no membership)
UN_ROLE = {"member": "member", "observer_state": "observer", "observer_entity": "observer"}
UN = "UN"


def _subject(row):  # noqa: ANN001, ANN202
    return mint("state", row.get("id") or "")


@register("states", subject=_subject, columns={
    DCTERMS.identifier: "id", RDFS.label: "name", DK.isoAlpha2: "iso_alpha2",
    DK.isoAlpha3: "iso_alpha3", DK.unStatus: "un_status", DK.unAdmissionDate: "un_admission_date",
    DK.independenceDate: "independence",
    DK.m49Code: "m49_code", DK.region: "region", DK.subRegion: "sub_region",
    DK.wikidata: "wikidata", PROV.wasDerivedFrom: "sources"})
def map_state(row) -> Iterator[Triple]:  # noqa: ANN001
    s = _subject(row)
    yield s, term(RDF.type), term(KIND[row.get("kind") or "state"])
    if row.get("limited_recognition") == "true":
        yield s, term(RDF.type), term(DK.StateWithLimitedRecognition)
    yield s, term(DCTERMS.identifier), string(row.get("id"))
    yield s, term(RDFS.label), string(row.get("name") or "")
    for column, prop in (("iso_alpha2", DK.isoAlpha2), ("iso_alpha3", DK.isoAlpha3), ("m49_code", DK.m49Code)):
        if value := row.get(column):
            yield s, term(prop), string(value)
    yield s, term(DK.unStatus), concept(DK.UNStatusScheme, row.get("un_status") or "none")
    admitted = row.date("un_admission_date")
    if admitted:
        yield s, term(DK.unAdmissionDate), date(admitted.first_day)
    if independence := row.date("independence"):
        yield s, term(DK.independenceDate), date(independence.first_day)
    if role := UN_ROLE.get(row.get("un_status") or "none"):
        key = f"{row.get('id')}-{UN}"
        yield from membership(mint("membership", key), key, s, mint("organisation", UN), role, admitted, None,
                              row.list("sources"))
    region = row.get("region")
    if region:
        r = mint("region", iris.slug(region))
        yield s, term(DK.region), r
        yield r, term(RDF.type), term(DK.Region)
        yield r, term(SKOS.prefLabel), string(region)
    if sub_region := row.get("sub_region"):
        sr = mint("region", iris.slug(sub_region))
        yield s, term(DK.subRegion), sr
        yield sr, term(RDF.type), term(DK.Region)
        yield sr, term(SKOS.prefLabel), string(sub_region)
        if region:
            yield sr, term(SKOS.broader), mint("region", iris.slug(region))
    if qid := row.get("wikidata"):
        yield s, term(DK.wikidata), iris.wikidata(qid)
    yield from provenance(s, row.list("sources"), row.get("notes"))
