"""platforms.csv -> dk:Platform with its Wikidata item and the Wikidata property for handles."""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode

from kg import iris
from kg.iris import mint
from kg.load import Triple, register
from kg.load._rdf import provenance, string, term
from kg.namespaces import DCTERMS, DK, FOAF, PROV, RDF, RDFS
from kg.values import Row


def _subject(row: Row) -> NamedNode:
    return mint("platform", row.get("id") or "")


@register("platforms", subject=_subject, columns={
    DCTERMS.identifier: "id", RDFS.label: "name", DK.wikidata: "wikidata", DK.handleProperty: "handle_property",
    FOAF.homepage: "url", PROV.wasDerivedFrom: "sources"})
def map_platform(row: Row) -> Iterator[Triple]:
    s = _subject(row)
    yield s, term(RDF.type), term(DK.Platform)
    yield s, term(DCTERMS.identifier), string(row.get("id") or "")
    yield s, term(RDFS.label), string(row.get("name") or "")
    if qid := row.get("wikidata"):
        yield s, term(DK.wikidata), iris.wikidata(qid)
    if pid := row.get("handle_property"):
        yield s, term(DK.handleProperty), iris.wikidata_property(pid)
    if url := row.get("url"):
        yield s, term(FOAF.homepage), NamedNode(url)
    yield from provenance(s, row.list("sources"), row.get("notes"))
