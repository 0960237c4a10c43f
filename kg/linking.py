"""``dipkg link wikidata``: check the Wikidata ids we hold and propose ids we lack.

For every state, organisation and platform with a QID, the item's label, description, classes
(P31), ISO codes (P297, P298) and redirect are fetched (in VALUES batches, through
:mod:`kg.wikidata`) and compared with ours. Statuses:

- ``ok``: the item exists, its ISO codes (states) agree and its English label or an alias is our name;
- ``label-differs``: the label is not our name (for a state whose codes agree this is only a
  naming difference, e.g. "Bolivia" and "Bolivia (Plurinational State of)", and not a mismatch);
- ``code-differs``: the item's ISO 3166-1 code is not ours (a wrong QID);
- ``redirected``: the item was merged into another (``owl:sameAs``), so our QID is stale;
- ``missing``: the endpoint knows nothing of the item (deleted, or mistyped).

For entities without a QID, candidates are proposed by ISO alpha-3 code (states), exact English
label or alias (all), or handle (accounts: the item whose handle property, e.g. P2002, holds our
handle) and written to a review file, never into ``data/``. The items we checked are loaded into
the ``wikidata`` named graph: ``dk:wikidata`` links as IRIs, the items' labels, descriptions and
classes, and when they were retrieved.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from pyoxigraph import Literal, NamedNode, Quad, Store

from kg import iris, queries
from kg.errors import WikidataError
from kg.iris import Kind
from kg.load._rdf import term
from kg.namespaces import DCTERMS, DK, PROV, RDFS, XSD
from kg.prefixes import WIKIDATA
from kg.wikidata import Answer, Client, Direct, Text, qid

WIKIDATA_GRAPH = iris.graph("wikidata")
P31 = NamedNode(WIKIDATA["wdt"] + "P31")
_MINT_KIND: dict[str, Kind] = {"state": "state", "organisation": "organisation", "platform": "platform",
                               "campaign": "campaign", "account": "account"}


@dataclass
class LinkReport:
    """What ``link`` found: one row per entity with a QID, and the candidates for the others."""

    results: pd.DataFrame
    candidates: pd.DataFrame

    @property
    def mismatches(self) -> pd.DataFrame:
        return self.results[self.results.mismatch]


@dataclass(frozen=True)
class Entity:
    """A state, organisation, platform, campaign or account of the graph, as ``link`` sees it."""

    kind: str
    key: str
    name: str
    qid: str | None
    iso2: str | None
    iso3: str | None
    handle_property: str | None
    handle: str | None


def entities(store: Store) -> list[Entity]:
    """Every entity ``link`` checks (``queries/system/wikidata-entities.rq``)."""
    frame = queries.run(store, queries.system("wikidata-entities"))
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")

    def text(value: object) -> str | None:
        return None if value is None else str(value)

    return [Entity(str(r["kind"]), str(r["key"]), str(r["name"]), qid(str(r["qid"])) if r["qid"] else None,
                   text(r["iso2"]), text(r["iso3"]), qid(str(r["handle_property"])) if r["handle_property"] else None,
                   text(r["handle"])) for r in records]


def _query(name: str) -> str:
    return queries.wikidata(name).text


def link(store: Store, client: Client, only: Iterable[str] | None = None) -> LinkReport:
    """Check and propose Wikidata ids for the entities of ``store`` (``only``: these keys)."""
    everything = entities(store)
    if only:
        keys = set(only)
        everything = [e for e in everything if e.key in keys]
    linked = [e for e in everything if e.qid and e.kind != "account"]
    answers = client.select_batched(_query("items"), [e.qid for e in linked if e.qid])
    items = _items(answers)
    retrieved = min((a.retrieved for a in answers), default=None)
    rows = [_judge(e, items.get(e.qid or "")) for e in linked]
    results = pd.DataFrame(rows, columns=["kind", "key", "name", "qid", "status", "mismatch", "wikidata_label",
                                          "detail"])
    results["retrieved"] = retrieved.isoformat() if retrieved else None
    candidates = _candidates(client, [e for e in everything if not e.qid])
    _load(store, results, items, retrieved)
    return LinkReport(results, candidates)


def _items(answers: list[Answer]) -> dict[str, dict[str, set[str]]]:
    items: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for answer in answers:
        for row in answer.rows:
            item = items[qid(row["item"])]
            for var in ("label", "alias", "description", "type", "iso2", "iso3", "redirect"):
                if var in row:
                    item[var].add(qid(row[var]) if var in ("type", "redirect") else row[var])
    return items


def _judge(entity: Entity, item: dict[str, set[str]] | None) -> tuple[object, ...]:
    kind, key, name, wid = entity.kind, entity.key, entity.name, entity.qid
    if not item or not (item.get("label") or item.get("redirect") or item.get("type")):
        return kind, key, name, wid, "missing", True, None, "the endpoint knows nothing of this item"
    label = "; ".join(sorted(item.get("label", set()))) or None
    if item.get("redirect"):
        target = sorted(item["redirect"])[0]
        return kind, key, name, wid, "redirected", True, label, f"merged into {target}"
    if kind == "state":
        ours = {"P297": entity.iso2, "P298": entity.iso3}
        theirs = {"P297": item.get("iso2", set()), "P298": item.get("iso3", set())}
        wrong = [f"{p} {', '.join(sorted(theirs[p]))} (ours {ours[p]})" for p in ours
                 if theirs[p] and ours[p] not in theirs[p]]
        if wrong:
            return kind, key, name, wid, "code-differs", True, label, "; ".join(wrong)
    names = item.get("label", set()) | item.get("alias", set())
    if label is None or name.casefold() not in {v.casefold() for v in names}:
        codes_agree = kind == "state" and bool(item.get("iso3"))
        return kind, key, name, wid, "label-differs", not codes_agree, label, f"our name: {name}"
    return kind, key, name, wid, "ok", False, label, None


def _candidates(client: Client, unlinked: list[Entity]) -> pd.DataFrame:
    rows: list[tuple[str, str, str, str, str, str | None]] = []
    by_code: dict[str, list[Entity]] = defaultdict(list)
    for r in unlinked:
        if r.kind == "state" and r.iso3:
            by_code[r.iso3].append(r)
    if by_code:
        for answer in client.select_batched(_query("candidates-by-iso"), [Text(c) for c in by_code]):
            for hit in answer.rows:
                for r in by_code[hit["code"]]:
                    rows.append((r.kind, r.key, r.name, "ISO 3166-1 alpha-3 (P298)", qid(hit["item"]),
                                 hit.get("label")))
    named: dict[str, list[Entity]] = defaultdict(list)
    for r in unlinked:
        if r.kind != "account":
            named[r.name].append(r)
    if named:
        for answer in client.select_batched(_query("candidates-by-label"), [Text(n, "en") for n in named]):
            for hit in answer.rows:
                for r in named[hit["code"]]:
                    rows.append((r.kind, r.key, r.name, "exact English label or alias", qid(hit["item"]),
                                 hit.get("label")))
    handles: dict[tuple[str, str], list[Entity]] = defaultdict(list)
    for r in unlinked:
        if r.kind == "account" and r.handle_property and r.handle:
            handles[(r.handle_property, r.handle)].append(r)
    if handles:
        pairs = [(Direct(pid), Text(handle)) for pid, handle in handles]
        for answer in client.select_batched(_query("candidates-by-handle"), pairs):
            for hit in answer.rows:
                for r in handles[(qid(hit["property"]), hit["code"])]:
                    rows.append((r.kind, r.key, r.name, f"holds the handle {r.handle} ({qid(hit['property'])})",
                                 qid(hit["item"]), hit.get("label")))
    frame = pd.DataFrame(sorted(set(rows)), columns=["kind", "key", "name", "method", "candidate", "candidate_label"])
    return frame


def _load(store: Store, results: pd.DataFrame, items: dict[str, dict[str, set[str]]],
          retrieved: dt.datetime | None) -> None:
    """Replace the ``wikidata`` graph: links for the items that exist, their labels and classes."""
    quads: list[Quad] = []
    g = WIKIDATA_GRAPH
    when = Literal(retrieved.isoformat(), datatype=term(XSD.dateTime)) if retrieved else None
    found = results[~results.status.isin(["missing", "redirected"])]
    for kind, key, wid in zip(found["kind"], found["key"], found["qid"], strict=True):
        entity, item = iris.mint(_MINT_KIND[str(kind)], str(key)), iris.wikidata(str(wid))
        quads.append(Quad(entity, term(DK.wikidata), item, g))
        facts = items.get(str(wid), {})
        quads += [Quad(item, term(RDFS.label), Literal(v, language="en"), g) for v in sorted(facts.get("label", ()))]
        quads += [Quad(item, term(DCTERMS.description), Literal(v, language="en"), g)
                  for v in sorted(facts.get("description", ()))]
        quads += [Quad(item, P31, iris.wikidata(v), g) for v in sorted(facts.get("type", ()))]
        if when is not None:
            quads.append(Quad(item, term(PROV.generatedAtTime), when, g))
    if store.contains_named_graph(g):
        store.remove_graph(g)
    store.extend(quads)


def writable_review(path: Path) -> None:
    """Refuse a review file whose folder does not exist (checked before any request is made)."""
    if not path.parent.is_dir():
        raise WikidataError(f"cannot write the review file {path}: the folder {path.parent} does not exist")


def write_review(candidates: pd.DataFrame, path: Path) -> Path:
    """Write the proposed QIDs for a person to check (never into ``data/``), into a folder that exists
    (none is made: a mistyped path must not create folders anywhere)."""
    writable_review(path)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([*candidates.columns, "accept"])
        for row in candidates.itertuples(index=False):
            writer.writerow([*(("" if v is None else v) for v in row), ""])
    return path


__all__ = ["WIKIDATA_GRAPH", "Entity", "LinkReport", "entities", "link", "write_review"]
