"""Map a table to RDF from its declaration in ``datapackage.json``: no Python per table.

A table's mapping is said once, beside its Table Schema, in the spirit of W3C CSVW
(``aboutUrl``, ``propertyUrl``, ``valueUrl``), with ``dipkg:`` properties:

- on the schema, ``"dipkg:about": KIND`` (the IRI kind of the thing a row describes, minted from the
  primary key as ``https://w3id.org/dipkg/id/KIND/KEY``) and ``"dipkg:class": "dk:Class"`` (or a
  list); the row's key is also written as ``dcterms:identifier``. A table of Data Cube observations
  says ``"dipkg:dataset": {"name": N, "structure": "dk:...Structure", "title": T}`` (each row is
  ``qb:dataSet`` of dataset N, whose node is written too) and may say ``"dipkg:key": [columns]``:
  the row's IRI is ``KIND/N.<the non-empty cells of those columns, joined by '.'>`` (the primary key's
  columns by default), with no identifier;
- on a field, ``"dipkg:property": "dk:prop"`` (or a list: each gets the value). What the value is
  follows from what the schema already says about the field, so it is not said twice:

  - a foreign key, or a ``dipkg:listOf``, into a table with a ``dipkg:about``: the IRI of that
    thing (with several tables, the one holding the key);
  - a ``dipkg:scheme``: the SKOS concept with that ``skos:notation`` (``dipkg:default`` when empty);
  - a ``dipkg:partialDate``: the first day as ``xsd:date``, and its precision with
    ``"dipkg:precisionProperty"``; ``"dipkg:countsFrom": true`` adds ``dk:countsFrom`` (the last day);
  - ``type: integer``: ``xsd:integer``; ``type: number``: ``xsd:decimal`` (plain notation);
    ``type: date``: ``xsd:date``; ``"dipkg:datatype": "xsd:gYear"`` on an integer: a year;
  - otherwise a string, unless ``"dipkg:datatype": "xsd:anyURI"`` (any datatype) or
    ``"dipkg:value"``: ``"iri"`` (the cell is an IRI), ``"wikidata"`` / ``"wikidata-property"``
    (a Q or P id), a ``{cell: "dk:Term"}`` map, or ``{"kind": K, "slug": true, "class": C,
    "label": P, "broader": COLUMN, "item": COLUMN}`` (a node named by the cell, e.g. a region or a
    person, with the Wikidata item in another column);

  a ``dipkg:listOf``, ``dipkg:listOfCodes`` or ``"dipkg:list": true`` field gives one value per
  ``;``-separated item; an empty cell gives none (or ``dipkg:default``'s).

:class:`Declared` compiles a table's declarations once: its triples per row, the same triples as
N-Triples text for a table of millions of rows (``"dipkg:streamed": true`` on its schema: its rows are
checked and written as they are read, never held, so no other table may refer to it), and which
column each property comes from, for locating problems. What cannot be declared, because it is
computed from several rows or tables, is a derivation (:mod:`kg.load.derived`, and for streamed
follower counts :mod:`kg.load.cube`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from pyoxigraph import Literal, NamedNode

from kg import iris, vocab
from kg.errors import DipkgError
from kg.iris import Kind
from kg.load._rdf import dataset_node, date, decimal, integer, precision, string, term
from kg.namespaces import DCTERMS, DK, PREFIXES, QB, RDF, SKOS, XSD
from kg.values import LIST_SEPARATOR, PartialDate, Row, Triple

if TYPE_CHECKING:
    from kg.schema import Table

ABOUT, CLASS, PROPERTY = "dipkg:about", "dipkg:class", "dipkg:property"
#: The subject of a row while its cells' triples are made once for many rows (:meth:`Declared.text`).
_ROW = NamedNode("urn:dipkg:row")
KEY, DATASET, STREAMED = "dipkg:key", "dipkg:dataset", "dipkg:streamed"
#: The triples one value of a field gives: (subject, the item, the row) -> triples
One = Callable[[NamedNode, str, Row], Iterator[Triple]]


def declared(table: Table) -> bool:
    """Whether ``table`` declares its mapping (``dipkg:about`` on its schema)."""
    return ABOUT in table.schema


def expand(curie: str) -> NamedNode:
    """``dk:Recognition`` as an IRI (a prefix of :data:`kg.namespaces.PREFIXES`), or a full IRI."""
    prefix, colon, local = curie.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return NamedNode(PREFIXES[prefix] + local)
    if curie.startswith(("http://", "https://")):
        return NamedNode(curie)
    raise DipkgError(f"{curie!r} is not a prefixed name ({_TERM_PREFIXES}) nor an http(s) IRI")


def _many(value: str | list[str]) -> list[NamedNode]:
    return [expand(v) for v in ([value] if isinstance(value, str) else value)]


_VALUES = ("iri", "wikidata", "wikidata-property")
#: The prefixes of terms (not of instances, ``state:`` ...), as a message lists them.
_TERM_PREFIXES = ", ".join(f"{p}:" for p in PREFIXES if p not in iris.KINDS and p not in ("dkid", "dkg"))


def _expandable(curie: str) -> bool:
    try:
        expand(curie)
    except DipkgError:
        return False
    return True


def mistakes(schema: Mapping[str, Any]) -> list[str]:
    """What is wrong with a table's mapping declarations, each said in a sentence (checked when
    the package is read, so a mistake is named before anything is loaded)."""
    found: list[str] = []

    def names(value: Any, what: str) -> None:
        for one in value if isinstance(value, list) else [value]:
            if not (isinstance(one, str) and _expandable(one)):
                found.append(f"{what} {one!r} is not a prefixed name ({_TERM_PREFIXES}) nor an http(s) IRI")

    declares = ABOUT in schema or any(PROPERTY in f for f in schema.get("fields", []))
    if not declares:
        return found
    if ABOUT not in schema:
        return [f'fields declare "{PROPERTY}" but the schema has no "{ABOUT}" (the kind of thing a row describes)']
    try:
        kind_and_key(schema)
    except (ValueError, DipkgError) as exc:
        found.append(str(exc))
    if CLASS in schema:
        names(schema[CLASS], f'"{CLASS}"')
    for f in schema.get("fields", []):
        if PROPERTY not in f:
            continue
        where = f'field "{f.get("name")}":'
        names(f[PROPERTY], f'{where} "{PROPERTY}"')
        for key in ("dipkg:precisionProperty", "dipkg:datatype"):
            if key in f:
                names(f[key], f'{where} "{key}"')
        value = f.get("dipkg:value")
        if isinstance(value, dict) and "kind" in value:
            try:
                iris.declare(value["kind"])
            except ValueError as exc:
                found.append(f"{where} {exc}")
        elif isinstance(value, dict):
            names(list(value.values()), f'{where} a "dipkg:value" of')
        elif value is not None and value not in _VALUES:
            found.append(f'{where} "dipkg:value" {value!r} is not one of {", ".join(_VALUES)}, a map of cells to '
                         'terms, or a node ({"kind": ...})')
        if f.get("dipkg:precisionProperty") and not f.get("dipkg:partialDate"):
            found.append(f'{where} "dipkg:precisionProperty" needs "dipkg:partialDate": true')
    return found


def kind_and_key(schema: Mapping[str, Any]) -> tuple[Kind, list[str]]:
    """The kind of thing a declared table's rows describe, and the columns of its key (its
    ``dipkg:key``, else its primary key): a row's IRI is the kind and the non-empty cells joined by
    ``.``, after the name of its dataset if it declares one."""
    kind = cast(Kind, schema[ABOUT])
    iris.declare(kind)
    keys = schema.get(KEY) or schema.get("primaryKey", [])
    keys = [keys] if isinstance(keys, str) else keys
    if not keys or (len(keys) > 1 and DATASET not in schema):
        raise DipkgError(f'a table declaring "{ABOUT}" needs a primary key of one column (or "{DATASET}" and '
                         f'"{KEY}", the columns of an observation\'s key), not {keys!r}')
    return kind, list(keys)


def columns(schema: Mapping[str, Any]) -> dict[str, str]:
    """Property IRI -> the column its values come from (the first that declares it), for locating
    a problem found in the graph at its cell."""
    keys = kind_and_key(schema)[1]
    found = {term(DCTERMS.identifier).value: keys[0]} if len(keys) == 1 else {}
    for f in schema.get("fields", []):
        if PROPERTY in f:
            said = [*_many(f[PROPERTY]), *_many(f.get("dipkg:precisionProperty", [])),
                    *([term(DK.countsFrom)] if f.get("dipkg:countsFrom") else [])]
            for p in said:
                found.setdefault(p.value, f["name"])
    return found


class Declared:
    """The compiled mapping of one table: its subjects, their triples, and the column each
    property comes from."""

    def __init__(self, table: Table, tables: Mapping[str, Table], dataset: str | None = None):
        """``dataset``: the name of the dataset of an observation table's rows, if not the one it
        declares (an import's)."""
        schema = table.schema
        self.table, self.tables = table, tables
        self.kind, self.keys = kind_and_key(schema)
        self.dataset: dict[str, str] = schema.get(DATASET, {})
        self.dataset_name = dataset or self.dataset.get("name")
        #: The dataset node the rows describe with themselves (an import describes its own)
        self.described = self.dataset_node() if self.dataset and self.dataset_name == self.dataset["name"] else []
        self.classes = _many(schema.get(CLASS, []))
        self.columns = columns(schema)
        self.fields = [self._field(f) for f in schema.get("fields", []) if PROPERTY in f]
        #: property -> (column, kind of its values) where several columns give one property (an
        #: external actor acts for a state or an organisation): a problem's value tells them apart
        self.by_value: dict[str, list[tuple[str, str]]] = {}
        for f in schema.get("fields", []):
            targets = self._targets(f) if PROPERTY in f else []
            if len(targets) == 1:
                for p in _many(f[PROPERTY]):
                    self.by_value.setdefault(p.value, []).append((f["name"], targets[0].schema[ABOUT]))

    def subject(self, row: Row) -> NamedNode:
        if self.dataset_name is None:
            return iris.mint(self.kind, row.get(self.keys[0]) or "")
        return iris.mint(self.kind, ".".join([self.dataset_name, *(c for k in self.keys if (c := row.get(k)))]))

    def triples(self, row: Row) -> Iterator[Triple]:
        s = self.subject(row)
        yield from self._constant(s)
        if self.dataset_name is None:
            yield s, term(DCTERMS.identifier), string(row.get(self.keys[0]) or "")
        yield from self.described
        for field in self.fields:
            yield from field(s, row)

    def _constant(self, s: NamedNode) -> Iterator[Triple]:
        """What every row says whatever its cells: its classes and dataset."""
        for cls in self.classes:
            yield s, term(RDF.type), cls
        if self.dataset_name is not None:
            yield s, term(QB.dataSet), iris.mint("dataset", self.dataset_name)

    def text(self, header: Sequence[str], file: str) -> Callable[[int, Sequence[str]], tuple[str, str]]:
        """The subject of a record (its line and cells, in ``header``'s order) and its triples as
        N-Triples text: those of :meth:`triples`, written fast for a table of millions of rows. What a
        cell gives is made once per distinct cell and kept (ids, dates and sources repeat), except
        whole numbers, which rarely repeat and are written directly; a node named by a cell (a region)
        is made per row."""
        at = {name: i for i, name in enumerate(header)}
        subject = self.subject_text([at[k] for k in self.keys])
        constant = [f" {p} {o} .\n" for _, p, o in self._constant(_ROW)]
        parts = [self._text_field(f, at[f["name"]], header, file) for f in self.table.schema.get("fields", [])
                 if PROPERTY in f]
        if self.dataset_name is None:   # the key as the identifier
            key, said = at[self.keys[0]], lru_cache(maxsize=65536)(
                lambda cell: f" <{DCTERMS.identifier}> {string(cell.strip())} .\n")
            parts.append(lambda s, line, record: s + said(record[key]))

        def text(line: int, record: Sequence[str]) -> tuple[str, str]:
            s = subject(record)
            return s, (s + s.join(constant) if constant else "") + "".join([part(s, line, record) for part in parts])

        return text

    def subject_text(self, key_at: Sequence[int]) -> Callable[[Sequence[str]], str]:
        """``<IRI>`` of the subject of a record, from the cells of its key (at ``key_at``)."""
        if self.dataset_name is None:
            one = lru_cache(maxsize=65536)(lambda cell: f"<{iris.mint(self.kind, cell).value}>")
            return lambda record: one(record[key_at[0]])
        iri = iris.observations(self.kind, self.dataset_name)
        return lambda record: f"<{iri(*(c for i in key_at if (c := record[i].strip())))}>"

    def key_text(self, columns: Sequence[str]) -> Callable[[Sequence[str]], str]:
        """``<IRI>`` of the subject a key names, from its cells in the order of ``columns`` (a table's
        primary key as the row check keeps it)."""
        return self.subject_text([list(columns).index(k) for k in self.keys])

    def dataset_node(self, title: str | None = None) -> list[Triple]:
        """The ``qb:DataSet`` node of the rows' dataset: its declared structure, and its declared title
        unless another is given (an import's)."""
        assert self.dataset_name is not None
        return list(dataset_node(self.dataset_name, expand(self.dataset["structure"]).value,
                                 title or self.dataset["title"]))

    def header_text(self) -> str:
        """The N-Triples of the dataset node of an observation table (once, before its rows)."""
        return "".join(f"{s} {p} {o} .\n" for s, p, o in self.described)

    def _text_field(self, f: Mapping[str, Any], i: int, header: Sequence[str], file: str
                    ) -> Callable[[str, int, Sequence[str]], str]:
        name, field = f["name"], self._field(f)
        spec = f.get("dipkg:value")
        if isinstance(spec, dict) and "kind" in spec:   # the node's triples depend on the row
            return lambda s, line, record: "".join(f"{a} {b} {c} .\n" for a, b, c in field(
                NamedNode(s[1:-1]), Row(file, line, dict(zip(header, record, strict=False)))))
        said_otherwise = {"dipkg:datatype", "dipkg:value", "dipkg:scheme", "dipkg:list"} & f.keys() or self._targets(f)
        if f.get("type") == "integer" and not said_otherwise:
            said = [f" {p} \"" for p in _many(f[PROPERTY])]
            end = f'"^^<{XSD.integer}> .\n'
            return lambda s, line, record: "".join(s + p + str(int(cell)) + end for p in said) \
                if i < len(record) and (cell := record[i].strip()) else ""

        @lru_cache(maxsize=65536)
        def made(cell: str) -> tuple[str, ...]:
            return tuple(f" {p} {o} .\n" for _, p, o in field(_ROW, Row("", 0, {name: cell})))

        def text(s: str, line: int, record: Sequence[str]) -> str:
            pos = made(record[i] if i < len(record) else "")
            return s + pos[0] if len(pos) == 1 else "".join([s + po for po in pos])

        return text

    # -- fields ----------------------------------------------------------------------------

    def _field(self, f: Mapping[str, Any]) -> Callable[[NamedNode, Row], Iterator[Triple]]:
        name, default = f["name"], f.get("dipkg:default")
        many = bool(f.get("dipkg:listOf") or f.get("dipkg:listOfCodes") or f.get("dipkg:list"))
        one = self._one(f, _many(f[PROPERTY]))

        def field(s: NamedNode, row: Row) -> Iterator[Triple]:
            cell = row.get(name)
            if cell is None:
                if default is not None:
                    yield from one(s, default, row)
                return
            for item in ([i.strip() for i in cell.split(LIST_SEPARATOR) if i.strip()] if many else [cell]):
                yield from one(s, item, row)

        return field

    def _one(self, f: Mapping[str, Any], properties: list[NamedNode]) -> One:
        """The triples of one value of field ``f``."""
        spec = f.get("dipkg:value")
        if f.get("dipkg:partialDate"):
            return self._partial_date(f, properties)
        if isinstance(spec, dict) and "kind" in spec:
            return self._node(spec, properties)
        obj = self._object(f, spec)

        def one(s: NamedNode, cell: str, row: Row) -> Iterator[Triple]:
            o = obj(cell)
            if o is not None:
                for p in properties:
                    yield s, p, o

        return one

    def _object(self, f: Mapping[str, Any], spec: Any) -> Callable[[str], Any]:
        """The object a cell of ``f`` stands for (``None``: no triple)."""
        if isinstance(spec, dict):
            mapped = {k: expand(v) for k, v in spec.items()}
            return mapped.get
        if spec == "iri":
            return NamedNode
        if spec == "wikidata":
            return iris.wikidata
        if spec == "wikidata-property":
            return iris.wikidata_property
        if spec is not None:
            raise DipkgError(f'field "{f["name"]}" of {self.table.name}: unknown "dipkg:value" {spec!r}')
        if f.get("dipkg:scheme"):
            scheme = f["dipkg:scheme"]
            return lambda cell: vocab.concept(scheme, cell)
        targets = self._targets(f)
        if targets:
            return self._reference(targets)
        if f.get("dipkg:datatype") == "xsd:gYear":
            return lambda cell: Literal(f"{int(cell):04d}", datatype=term(XSD.gYear))
        if f.get("dipkg:datatype"):
            datatype = expand(f["dipkg:datatype"])
            return lambda cell: Literal(cell, datatype=datatype)
        if f.get("type") == "integer":
            return lambda cell: integer(int(cell))
        if f.get("type") == "number":
            return decimal
        if f.get("type") == "date":
            return lambda cell: date(PartialDate.parse(cell).first_day)
        return string

    def _partial_date(self, f: Mapping[str, Any], properties: list[NamedNode]) -> One:
        """The first day as ``xsd:date``, its precision, and from ``dk:countsFrom`` its last day."""
        precision_properties = _many(f.get("dipkg:precisionProperty", []))
        counts_from = bool(f.get("dipkg:countsFrom"))

        def one(s: NamedNode, cell: str, row: Row) -> Iterator[Triple]:
            when = PartialDate.parse(cell)
            for p in properties:
                yield s, p, date(when.first_day)
            for p in precision_properties:
                yield s, p, precision(when.precision)
            if counts_from:
                yield s, term(DK.countsFrom), date(when.last_day)

        return one

    def _targets(self, f: Mapping[str, Any]) -> list[Table]:
        """The declared tables a field's values are keys of (its foreign key or ``dipkg:listOf``)."""
        names: list[str] = []
        for fk in self.table.schema.get("foreignKeys", []):
            fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            if fields == [f["name"]]:
                names.append(fk["reference"].get("resource") or self.table.name)
        ref = f.get("dipkg:listOf")
        if ref:
            names += ref.get("resources", [ref.get("resource")])
        found = [self.tables[n] for n in dict.fromkeys(names) if n in self.tables]
        return [t for t in found if declared(t)]

    def _reference(self, targets: list[Table]) -> Callable[[str], NamedNode | None]:
        """A key of one of ``targets`` -> the IRI of its thing (with several, the table holding it)."""
        if len(targets) == 1:
            kind = kind_and_key(targets[0].schema)[0]
            return lambda cell: iris.mint(kind, cell)
        holders: dict[str, Kind] = {}
        for target in reversed(targets):   # the first table listed wins a key two hold
            kind, (column, *_) = kind_and_key(target.schema)
            for row in target.rows:
                holders[row.get(column) or ""] = kind
        return lambda cell: iris.mint(holders[cell], cell) if cell in holders else None

    def _node(self, spec: Mapping[str, Any], properties: list[NamedNode]) -> One:
        """A node named by the cell (a region, a person): its IRI, class, label, the node of another
        column it is narrower than (``broader``), and the Wikidata item another column gives (``item``)."""
        kind = cast(Kind, spec["kind"])
        iris.declare(kind)
        slugged = bool(spec.get("slug"))
        cls = expand(spec["class"]) if spec.get("class") else None
        label = expand(spec["label"]) if spec.get("label") else None
        broader, item = spec.get("broader"), spec.get("item")

        def mint(cell: str) -> NamedNode:
            return iris.mint(kind, iris.slug(cell) if slugged else cell)

        def one(s: NamedNode, cell: str, row: Row) -> Iterator[Triple]:
            n = mint(cell)
            for p in properties:
                yield s, p, n
            if cls is not None:
                yield n, term(RDF.type), cls
            if label is not None:
                yield n, label, string(cell)
            if broader and (above := row.get(broader)):
                yield n, term(SKOS.broader), mint(above)
            if item and (qid := row.get(item)):
                yield n, term(DK.wikidata), iris.wikidata(qid)

        return one


__all__ = ["ABOUT", "CLASS", "PROPERTY", "Declared", "columns", "declared", "expand", "kind_and_key", "mistakes"]
