"""organisations.csv -> dk:InternationalOrganisation with its kind, website and Wikidata item."""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode

from kg import iris
from kg.iris import mint
from kg.load import Triple, register
from kg.load._rdf import provenance, string, term
from kg.namespaces import DCTERMS, DK, FOAF, PROV, RDF, RDFS
from kg.values import Row
from kg.vocab import concept


def _subject(row: Row):  # noqa: ANN202
    return mint("organisation", row.get("id") or "")


@register("organisations", subject=_subject, columns={
    DCTERMS.identifier: "id", RDFS.label: "name", DK.organisationKind: "kind", DK.wikidata: "wikidata",
    FOAF.homepage: "url", PROV.wasDerivedFrom: "sources"})
def map_organisation(row: Row) -> Iterator[Triple]:
    s = _subject(row)
    yield s, term(RDF.type), term(DK.InternationalOrganisation)
    yield s, term(DCTERMS.identifier), string(row.get("id") or "")
    yield s, term(RDFS.label), string(row.get("name") or "")
    yield s, term(DK.organisationKind), concept(DK.OrganisationKindScheme, row.get("kind") or "")
    if qid := row.get("wikidata"):
        yield s, term(DK.wikidata), iris.wikidata(qid)
    if url := row.get("url"):
        yield s, term(FOAF.homepage), NamedNode(url)
    yield from provenance(s, row.list("sources"), row.get("notes"))
