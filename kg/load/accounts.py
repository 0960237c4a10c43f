"""accounts.csv -> dk:Account (a foaf:OnlineAccount): platform, handle, holder and what it speaks for."""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode

from kg import iris
from kg.iris import mint
from kg.load import Triple, register
from kg.load._rdf import partial_date, provenance, string, term
from kg.namespaces import DCTERMS, DK, FOAF, PROV, RDF
from kg.values import Row
from kg.vocab import concept


def _subject(row: Row) -> NamedNode:
    return mint("account", row.get("id") or "")


@register("accounts", subject=_subject, columns={
    DCTERMS.identifier: "id", DK.onPlatform: "platform", FOAF.accountName: "handle", DK.holderType: "holder_type",
    DK.holderState: "state", DK.holderName: "holder", DK.heldByMission: "mission", DK.ofCampaign: "campaign",
    DK.ofInstrument: "instrument", DK.startDate: "opened", DK.datePrecision: "opened", FOAF.page: "url",
    DK.holderItem: "wikidata",
    PROV.wasDerivedFrom: "sources"})
def map_account(row: Row) -> Iterator[Triple]:
    s = _subject(row)
    yield s, term(RDF.type), term(DK.Account)
    yield s, term(DCTERMS.identifier), string(row.get("id") or "")
    yield s, term(DK.onPlatform), mint("platform", row.get("platform") or "")
    yield s, term(FOAF.accountName), string(row.get("handle") or "")
    yield s, term(DK.holderType), concept(DK.HolderTypeScheme, row.get("holder_type") or "")
    yield s, term(DK.holderName), string(row.get("holder") or "")
    if state := row.get("state"):
        yield s, term(DK.holderState), mint("state", state)
    if mission := row.get("mission"):
        yield s, term(DK.heldByMission), mint("mission", mission)
    if campaign := row.get("campaign"):
        yield s, term(DK.ofCampaign), mint("campaign", campaign)
    if instrument := row.get("instrument"):
        yield s, term(DK.ofInstrument), mint("instrument", instrument)
    yield from partial_date(s, row.date("opened"), DK.startDate, DK.datePrecision, counts_from=True)
    if url := row.get("url"):
        yield s, term(FOAF.page), NamedNode(url)
    if qid := row.get("wikidata"):
        yield s, term(DK.holderItem), iris.wikidata(qid)
    yield from provenance(s, row.list("sources"), row.get("notes"))
