"""From an answer's values to what a page shows: labels linked to entity pages, sources as
citations linked to their URLs, and contested facts marked with who claims and who disputes.

The answers keep their plain values (what the CSV and JSON downloads hold); this module only
decides how each value is shown:

- an IRI of a dipkg resource links to its page, named by its label; any other http(s) IRI or URL
  links out;
- an id the graph holds (``FRA``, ``NATO``, ``wc-SUR``, a source's id) links to the resource's
  page, with its label as the link's title; where several kinds share an id, the column's name
  decides (``claim`` columns name claims, ``account`` columns accounts, otherwise states first);
- a sources column (``sources``, ``*_sources``, ``source``) becomes citations: title, publisher and
  a link to the URL, from the ids it lists (``;``) or the "Title (Publisher) URL" entries it
  joins with `` | ``;
- a row whose ``status`` or ``act_status`` is ``disputed`` says who claims, disputes, confirms or
  omits the fact, from its ``*_by`` columns.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from kg.prefixes import ID_BASE


@dataclass(frozen=True)
class Resource:
    """A resource an answer may name: its IRI, label and, for a source, URL and publisher."""

    iri: str
    id: str
    label: str = ""
    url: str = ""
    publisher: str = ""

    @property
    def kind(self) -> str:
        return self.iri.removeprefix(ID_BASE).partition("/")[0] if self.iri.startswith(ID_BASE) else ""


def page(iri: str) -> str:
    """The workbench path of a resource's page: ``/id/<kind>/<key>`` for dipkg's own IRIs (served
    under their own path), ``/resource?iri=...`` for any other (ontology terms, concepts)."""
    if iri.startswith(ID_BASE):
        return "/id/" + iri.removeprefix(ID_BASE)
    return "/resource?iri=" + quote(iri, safe="")


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    title: str = ""
    external: bool = False


@dataclass(frozen=True)
class Citation:
    """A source as a page cites it."""

    title: str
    url: str = ""
    publisher: str = ""
    page: str = ""


@dataclass
class Cell:
    parts: list[str | Link | Citation] = field(default_factory=list)
    numeric: bool = False


@dataclass
class Row:
    cells: list[Cell]
    contested: str = ""


#: Kinds tried first for an id, by a word in the column's name; then :data:`ORDER`.
HINTS = {"claim": ("withdrawal-claim", "recognition-claim"), "account": ("account",), "source": ("source",),
         "platform": ("platform",), "dataset": ("dataset",), "campaign": ("campaign",), "actor": ("external-actor",),
         "instrument": ("instrument",), "mission": ("mission",), "incident": ("incident",)}
ORDER = ("state", "organisation", "account", "platform", "campaign", "external-actor", "instrument",
         "withdrawal-claim", "recognition-claim", "recognition", "membership", "mission", "application",
         "incident", "relations-event", "dataset", "source")
#: The columns that say whether a row's fact is contested, and those saying who takes which side.
STATUS_COLUMNS = ("act_status", "status")
SIDES = (("claimed_by", "claimed by"), ("disputed_by", "disputed by"), ("act_disputed_by", "disputed by"),
         ("confirmed_by", "confirmed by"), ("omitted_by", "left out of the count of"))


class Index:
    """The resources of a graph by id and by IRI."""

    def __init__(self, resources: Iterable[Resource]):
        self.by_iri: dict[str, Resource] = {}
        self.by_id: dict[str, list[Resource]] = defaultdict(list)
        for resource in resources:
            self.by_iri[resource.iri] = resource
            self.by_id[resource.id].append(resource)

    def find(self, key: str, column: str = "") -> Resource | None:
        """The resource an id in ``column`` names, if the graph holds one."""
        found = self.by_id.get(key)
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        preferred = next((kinds for word, kinds in HINTS.items() if word in column), ())
        rank = {kind: i for i, kind in enumerate((*preferred, *ORDER))}
        return min(found, key=lambda r: rank.get(r.kind, len(rank)))

    def name(self, key: str) -> str:
        """An id as a person reads it: ``Serbia (SRB)``."""
        resource = self.find(key)
        return f"{resource.label} ({key})" if resource and resource.label else key

    def link(self, resource: Resource, text: str | None = None) -> Link:
        return Link(text or resource.label or resource.id, page(resource.iri), resource.label)


def table(columns: Sequence[str], rows: Iterable[Sequence[Any]], index: Index) -> list[Row]:
    """The rows of an answer (Python values, :mod:`kg.answers`) as cells a page shows."""
    out = []
    for values in rows:
        record = dict(zip(columns, values, strict=True))
        cells = [cell(column, value, index) for column, value in zip(columns, values, strict=True)]
        out.append(Row(cells, contested(record, index)))
    return out


def cell(column: str, value: Any, index: Index) -> Cell:
    """One value as a cell."""
    if value is None or value == "":
        return Cell()
    if isinstance(value, bool):
        return Cell(["yes" if value else "no"])
    if isinstance(value, int | float):
        return Cell([str(value)], numeric=True)
    if isinstance(value, dt.date):
        return Cell([value.isoformat()])
    text = str(value)
    if column == "source" or column == "sources" or column.endswith("_sources"):
        return Cell(list(citations(text, index)))
    if text.startswith(("http://", "https://")):
        return Cell([iri_link(text, index)])
    parts = [p.strip() for p in text.split(";")] if ";" in text else [text]
    found = [index.find(p, column) for p in parts]
    if all(found):
        links: list[str | Link | Citation] = []
        for i, resource in enumerate(found):
            assert resource is not None
            links += ([", "] if i else []) + [Link(parts[i], page(resource.iri), resource.label)]
        return Cell(links)
    return Cell([text])


def iri_link(iri: str, index: Index) -> Link:
    """An IRI as a link: to its page, named by its label, for a dipkg resource; out, otherwise."""
    resource = index.by_iri.get(iri)
    if resource is not None:
        return index.link(resource)
    if iri.startswith(ID_BASE):
        return Link(iri.removeprefix(ID_BASE), page(iri))
    return Link(iri, iri, external=True)


def citations(text: str, index: Index) -> Iterable[Citation]:
    """A sources value as citations: ids (``a;b``) looked up in the graph, or "Title (Publisher) URL"
    entries joined with `` | ``."""
    if " | " in text or " http" in text:
        for entry in text.split(" | "):
            head, _, url = entry.strip().rpartition(" ")
            if url.startswith(("http://", "https://")):
                yield Citation(head, url)
            else:
                yield Citation(entry.strip())
        return
    for key in (k.strip() for k in text.split(";")):
        if not key:
            continue
        resource = index.find(key, "source")
        if resource is None:
            yield Citation(key)
        else:
            yield Citation(resource.label or key, resource.url, resource.publisher, page(resource.iri))


def contested(record: Mapping[str, Any], index: Index) -> str:
    """Who claims and who disputes a contested fact, from the row's ``*_by`` columns; "" if it is not."""
    status = next((record[c] for c in STATUS_COLUMNS if c in record), None)
    if status not in ("disputed", "contested"):
        return ""
    sides = []
    for column, words in SIDES:
        value = record.get(column)
        if value:
            names = ", ".join(index.name(v.strip()) for v in str(value).split(";") if v.strip())
            sides.append(f"{words} {names}")
    return "contested: " + "; ".join(sides) if sides else "contested"
