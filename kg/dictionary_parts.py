"""The pieces of the data dictionary (:mod:`kg.dictionary`): how terms and values are written on
the page, where a property's values come from (the mappers' ``columns``), the cardinalities the
SHACL shapes set, the drawing of one node with its edges, and the reference sections on every
class and every property.

Every question asked of a graph is a ``queries/system/dictionary-*.rq`` file; this module only
reads their answers, and reads ``ontology/shapes.ttl`` (into a store of its own) to ask one of
them there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

from pyoxigraph import Literal, RdfFormat, Store

from kg import load, queries
from kg.prefixes import GRAPH_BASE, PREFIXES
from kg.schema import shipped_schemas
from kg.vocab import within

#: The longest text of a value shown in a table or a drawing.
WIDTH = 60
#: Values of one property drawn on a node; the rest are counted.
SHOWN = 3
#: The note for a term the shipped graph does not use.
ABSENT = "not in the shipped data"
DK, XSD = PREFIXES["dk"], PREFIXES["xsd"]
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def curie(iri: str) -> str:
    """An IRI as a prefixed name (``dk:State``, ``dkid:state/XKX``), or ``<iri>`` outside the prefixes."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def short(text: str, width: int = WIDTH) -> str:
    """``text`` on one line, cut to ``width`` characters (ending with …)."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def value(text: str, kind: str) -> str:
    """A value as Turtle writes it: an IRI as a prefixed name, a literal quoted with its datatype or
    language (a string and an integer bare). ``kind`` is ``iri``, a datatype IRI or ``@`` and a tag."""
    if kind == "iri":
        return curie(text)
    if kind == XSD + "integer":
        return text
    quoted = '"' + short(text).replace("\\", "\\\\").replace('"', '\\"') + '"'
    if kind.startswith("@"):
        return quoted + kind
    return quoted if kind == XSD + "string" else f"{quoted}^^{curie(kind)}"


def keyed(key: str | None) -> str | None:
    """A value written by the dictionary queries as ``<value>|<kind>``, as :func:`value` shows it."""
    if key is None:
        return None
    text, _, kind = key.rpartition("|")
    return value(text, kind)


def term(node: Any) -> str:
    """A pyoxigraph term as :func:`value` shows it."""
    if isinstance(node, Literal):
        return value(node.value, f"@{node.language}" if node.language else node.datatype.value)
    return curie(node.value)


def kinds(text: str | None) -> str:
    """The kinds of value a property takes (``dictionary-class-properties.rq``), in words."""
    words = []
    for kind in sorted(set((text or "").split())):
        if kind.startswith("scheme:"):
            words.append(f"concept of {curie(kind[len('scheme:'):])}")
        elif kind == "iri":
            words.append("IRI")
        elif kind.startswith("@"):
            words.append(f"rdf:langString ({kind})")
        else:
            words.append(curie(kind))
    return " or ".join(words)


def code(text: str) -> str:
    """``text`` as inline code in Markdown (fenced with two backticks if it holds one)."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def cell(text: object) -> str:
    """A Markdown table cell."""
    return "" if text is None else str(text).replace("|", "\\|").replace("\n", " ")


def rows(store: Store, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The solutions of ``queries/system/<name>.rq`` as dicts of plain values (IRIs and literals as
    their text, numbers and booleans as Python values; unbound as None)."""
    columns, found = queries.solutions(store, queries.system(name), params)
    return [{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in found]


def _plain(node: Any) -> Any:
    if node is None:
        return None
    if isinstance(node, Literal):
        datatype = node.datatype.value
        if datatype == XSD + "integer":
            return int(node.value)
        if datatype == XSD + "boolean":
            return node.value == "true"
    return node.value


@cache
def subject_kind(table: str) -> str | None:
    """The kind of IRI (``dkid:<kind>/<key>``) of the resources a shipped table's rows describe, which
    its declared columns are about."""
    schema = shipped_schemas().get(table, {})
    return str(schema["dipkg:about"]) if "dipkg:about" in schema else None


def origins(property_iri: str, graphs: str | None, subject_kinds: str | None) -> tuple[set[str], set[str]]:
    """Where the values of a property on resources of ``subject_kinds`` come from, for the named
    graphs they are in: the column of each table as its declaration in ``datapackage.json`` says,
    when the resources are the ones its rows describe; and
    the graphs where the build derives them (a derived graph, or nodes a row derives, such as the UN
    membership a states.csv row gives, or a table whose mapper declares no column for it)."""
    found, derived = set(), set()
    for graph in sorted(set((graphs or "").split())):
        table = graph.removeprefix(GRAPH_BASE)
        is_table = table in shipped_schemas()
        described = is_table and subject_kind(table) in (subject_kinds or "").split()
        column = load.column_of(table, property_iri) if described else None
        if column:
            found.add(f"{table}.csv `{column}`")
        else:
            derived.add(f"{table}.csv (derived)" if is_table else "derived by the build")
    return found, derived


def columns(property_iri: str, graphs: str | None, subject_kinds: str | None, derived: bool = True) -> str:
    """The CSV columns of :func:`origins`, then (with ``derived``) where the build derives the rest;
    empty when no column is declared (the build derives them all)."""
    found, rest = origins(property_iri, graphs, subject_kinds)
    return "; ".join(sorted(found) + (sorted(rest) if found and derived else []))


def declared_columns(property_iri: str) -> list[str]:
    """Every table column declared for ``property_iri``."""
    tables = sorted(shipped_schemas())
    return [f"{t}.csv `{c}`" for t in tables if (c := load.column_of(t, property_iri))]


@dataclass(frozen=True)
class Cardinality:
    """How many values of a property a shape allows on a node, and which shape says so."""

    low: int
    high: int | None
    shape_target: str

    def __str__(self) -> str:
        if self.high is None:
            return f"{self.low}..*"
        return str(self.low) if self.low == self.high else f"{self.low}..{self.high}"


@cache
def cardinalities() -> dict[str, dict[str, Cardinality]]:
    """class IRI -> property path -> the cardinality set by the shape targeting the class itself, or
    else by one targeting a superclass (``queries/system/dictionary-cardinalities.rq``, asked of
    ``ontology/shapes.ttl`` and ``ontology/dipkg.ttl``)."""
    from kg.paths import ONTOLOGY_FILE, SHAPES_FILE

    store = Store()
    for path in (SHAPES_FILE, ONTOLOGY_FILE):
        store.load(path=str(path), format=RdfFormat.TURTLE)
    found: dict[str, dict[str, Cardinality]] = defaultdict(dict)
    for row in rows(store, "dictionary-cardinalities"):
        own = row["target"] == row["class"]
        known = found[row["class"]].get(row["path"])
        if known is None or (own and known.shape_target != row["class"]):
            found[row["class"]][row["path"]] = Cardinality(row["min"] or 0, row["max"], row["target"])
    return dict(found)


def drawing(store: Store, iri: str) -> list[str]:
    """One node drawn in text from the built graph: its edges out (``--p-->``), the edges pointing
    at it (``<--p--``) and the shortcut edges the build writes beside it
    (``queries/system/dictionary-node.rq``). At most :data:`SHOWN` values of a property are drawn."""
    edges: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)   # (direction, property) -> text -> name
    for row in queries.solutions(store, queries.system("dictionary-node"), {"node": iri})[1]:
        direction, subject, prop, obj, name = (row[0].value, row[1], row[2].value, row[3], row[4])
        other = obj if direction != "in" else subject
        text = term(other) if direction != "beside" else f"{term(subject)} --{curie(prop)}--> {term(obj)}"
        label = "itself" if other.value == iri and direction != "beside" else \
            short(name.value, 40) if name is not None and other.value.startswith(PREFIXES["dkid"]) else ""
        names = [n for n in (edges[(direction, prop)].get(text), label) if n]
        edges[(direction, prop)][text] = min(names) if names else ""
    width = max((len(curie(p)) for d, p in edges if d != "beside"), default=0) + 2
    lines = [curie(iri)]
    for direction in ("out", "in"):
        props = sorted((p for d, p in edges if d == direction), key=lambda p: (p != PREFIXES["rdf"] + "type", curie(p)))
        for prop in props:
            name = curie(prop)
            arrow = f"  --{name}{'-' * (width - len(name))}> " if direction == "out" else \
                f"  <-{name}{'-' * (width - len(name))}- "
            targets = sorted(edges[(direction, prop)].items())
            lines += [arrow + text + (f"  ({label})" if label else "") for text, label in targets[:SHOWN]]
            if len(targets) > SHOWN:
                lines.append(f"{arrow}… {len(targets) - SHOWN} more")
    beside = sorted(text for (d, _), texts in edges.items() if d == "beside" for text in texts)
    if beside:
        lines += ["", "beside it, written by the build:", *(f"  {text}" for text in beside)]
    return lines


def full_roles() -> list[str]:
    """The membership roles that give the edge org:memberOf (``kg.load.memberships``): ``member``
    and the roles narrower than it."""
    return sorted(within(PREFIXES["dk"] + "MembershipRoleScheme", "member"))


#: Why a property the shipped graph does not use is absent, where neither its inverse nor an empty
#: column says it.
ABSENT_BECAUSE = {DK + "importedFrom": "`dipkg import` writes it on each imported dataset"}


def class_sections(classes: list[dict], used: list[dict], properties: list[dict]) -> list[str]:
    """The section on every class: its definition, its instances and the table of its properties."""
    ranges = {row["property"]: row["ranges"] or "" for row in properties}
    by_class: dict[str, dict[str, dict]] = {}
    for row in used:
        by_class.setdefault(row["class"], {})[row["property"]] = row
    lines = ["## Classes", "",
             "Every class of `ontology/dipkg.ttl`. A resource is counted under a class when it is typed with it "
             "or with one of its subclasses. In each table: the properties its instances have (`rdf:type` "
             "aside) and those its SHACL shape names; the range is what the values are in the shipped graph; "
             "the cardinality is the shape's (`sh:minCount`..`sh:maxCount`; — where no shape names the "
             "property); the CSV column is the one the table's mapper declares (empty when the build derives "
             "the values).", ""]
    for row in classes:
        iri, total, typed = row["class"], row["instances"] or 0, row["typed"] or 0
        supers = ", ".join(f"`{curie(s)}`" for s in sorted((row["superclasses"] or "").split()))
        lines += [f"### {curie(iri)}", "", f"*{row['label']}*" + (f", a subclass of {supers}" if supers else "")
                  + f". {row['definition'] or ''}", ""]
        if total == 0:
            why = ("a defined class (`owl:equivalentClass`): `dipkg reason` classifies individuals into it, in "
                   "`dkg:inferred`" if row["defined"] else "the build writes none")
            lines += [f"**Instances:** 0 in the shipped graph: {why}. **Example:** {ABSENT}"
                      + (" (only after `dipkg reason`)." if row["defined"] else "."), ""]
            continue
        through = f" ({typed} typed `{curie(iri)}` itself, the rest through its subclasses)" if typed < total else ""
        lines += [f"**Instances:** {total} in the shipped graph{through}. **Example:** {code(curie(row['example']))}",
                  "", "| property | range | cardinality | CSV column | instances with it | example |",
                  "| --- | --- | --- | --- | --- | --- |"]
        shape = cardinalities().get(iri, {})
        found = by_class.get(iri, {})
        graphs, subject_kinds = (" ".join(u[key] or "" for u in found.values()) for key in ("graphs", "subject_kinds"))
        for prop in sorted(set(found) | set(shape), key=curie):
            use = found.get(prop)
            if use:
                kind, origin = kinds(use["kinds"]), columns(prop, use["graphs"], use["subject_kinds"])
                example = code(keyed(use["example"]) or "")
            else:   # named by the shape only: its declared range, and the column it would be read from
                range_ = " or ".join(sorted(curie(r) for r in ranges.get(prop, "").split()))
                kind, origin = range_ and f"{range_} (declared)", columns(prop, graphs, subject_kinds, False)
                example = ABSENT
            lines.append(f"| `{curie(prop)}` | {cell(kind)} | {shape.get(prop, '—')} | {cell(origin)} | "
                         f"{use['subjects'] if use else 0} of {total} | {cell(example)} |")
        lines.append("")
    return lines


def property_sections(properties: list[dict], used: list[dict], typed: set[str]) -> list[str]:
    """The section on every dk: property: its definition, domain, range, use and an example."""
    lines = ["## Properties", "",
             "Every property of `ontology/dipkg.ttl` with a `dk:` IRI, with its declared domain and range, the "
             "classes whose instances (typed with the class itself) use it in the shipped graph, the CSV columns "
             "it is read from, and an example value.", ""]
    for row in sorted(properties, key=lambda r: (curie(r["property"]).lower(), r["property"])):
        iri = row["property"]
        types = {curie(t).removeprefix("owl:").removesuffix("Property").lower() for t in row["types"].split()}
        main = [t for t in ("object", "datatype", "annotation") if t in types]
        facts = [f"{' and '.join(main)} property", *sorted(types - set(main))]
        facts += [f"the inverse of `{curie(row['inverse'])}`"] if row["inverse"] else []
        facts += [f"a sub-property of `{curie(s)}`" for s in sorted((row["supers"] or "").split())]
        lines += [f"### {curie(iri)}", "", f"*{row['label']}* ({', '.join(facts)}). {row['definition'] or ''}", "",
                  f"- **Domain:** {declared(row['domains'])}", f"- **Range:** {declared(row['ranges'])}"]
        if not row["uses"]:
            lines += [f"- **Example:** {ABSENT}: {absent_because(row)}.", ""]
            continue
        on = sorted((curie(u["class"]), u["subjects"]) for u in used if u["property"] == iri and u["class"] in typed)
        found: set[str] = set()
        derived: set[str] = set()
        for u in used:
            if u["property"] == iri and u["class"] in typed:
                columns_, rest = origins(iri, u["graphs"], u["subject_kinds"])
                found |= columns_
                derived |= rest
        source = ", ".join(sorted(found)) + ("; derived by the build for the rest" if found and derived else "")
        lines += [f"- **Used on:** {', '.join(f'`{c}` ({n})' for c, n in on) or 'resources of no dk: class'}; "
                  f"{row['uses']} statements",
                  f"- **From:** {source or 'derived by the build (no CSV column)'}",
                  f"- **Example:** {code(keyed(row['example']) or '')}", ""]
    return lines


def declared(iris_text: str | None) -> str:
    """Declared domains or ranges, as the page writes them."""
    members = sorted(curie(i) for i in (iris_text or "").split())
    return " or ".join(f"`{m}`" for m in members) or "not declared"


def absent_because(row: dict) -> str:
    """Why a property the shipped graph does not use is absent."""
    if row["inverse"]:
        return f"`dipkg reason` infers it as the inverse of `{curie(row['inverse'])}`; the build does not write it"
    if row["property"] in ABSENT_BECAUSE:
        return ABSENT_BECAUSE[row["property"]]
    if sources := declared_columns(row["property"]):
        return f"read from {', '.join(sources)}, empty in every row"
    return "the build does not write it"
