"""Read data/datapackage.json and its CSV files, and check them.

The package must describe the tables dipkg loads (its shape, then frictionless's check of the
descriptor); each file must be UTF-8 and valid CSV (:mod:`kg.csvrows`); every row of every table is
then checked by the one row checker, :mod:`kg.rowcheck`: types, required cells, enums, patterns,
ranges, unique and foreign keys, and three rules the Table Schema cannot say, declared on fields
with ``dipkg:`` properties:

- ``"dipkg:partialDate": true``: an ISO 8601 date at day, month or year precision
  (``2008-02-17``, ``2008-02``, ``2008``) that must exist on the calendar;
- ``"dipkg:listOf": {"resource": R, "field": F}``: a ``;``-separated list whose every item is
  a value of field F of resource R (a foreign key over a list, e.g. source ids); with
  ``"resources": [R1, R2]`` a value of F in any of them (e.g. states or organisations);
- ``"dipkg:listOfCodes": true`` with ``"dipkg:scheme": S``: a ``;``-separated list whose every
  item is a ``skos:notation`` of the SKOS scheme S in ``ontology/vocab/`` (e.g. campaign themes).

Every problem is collected and reported with file, line and column; nothing stops early.
"""

from __future__ import annotations

import io
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kg.csvrows import records
from kg.errors import DipkgError, InvalidDataError, Problem
from kg.rowcheck import TYPES, RowChecker
from kg.values import Row

#: The field types of Table Schema (https://specs.frictionlessdata.io/table-schema/#types-and-formats).
FIELD_TYPES = {"string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime", "year",
               "yearmonth", "duration", "geopoint", "geojson", "any"}


@dataclass
class Table:
    """A resource of the data package: its name, CSV path, schema and rows."""

    name: str
    path: Path
    schema: dict[str, Any]
    header: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    #: A table that can hold millions of rows (its loader streams it): its rows are never held;
    #: :mod:`kg.rowcheck` checks them in one pass and keeps ``keys`` (primary key -> line).
    streamed: bool = False
    keys: dict[tuple[str, ...], int] = field(default_factory=dict)

    @property
    def primary_key(self) -> list[str]:
        """The columns of the table's primary key (Table Schema allows one name or a list)."""
        keys = self.schema.get("primaryKey", [])
        return [keys] if isinstance(keys, str) else list(keys)

    @property
    def display(self) -> str:
        return self.path.name if not self.path.parent.name else f"{self.path.parent.name}/{self.path.name}"


@cache
def shipped_schemas() -> dict[str, dict[str, Any]]:
    """Table name -> its schema in the shipped ``data/datapackage.json`` (read once): the rules a
    scholar's import follows, and the mappings an older package adopts."""
    from kg.paths import DATA_DIR

    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r.get("schema", {}) for r in descriptor["resources"]}


#: What a declared table says about its mapping, on its schema and on its fields (an older package adopts them).
_MAPPING = ("dipkg:about", "dipkg:class", "dipkg:key", "dipkg:dataset", "dipkg:streamed")
_FIELD_MAPPING = ("dipkg:property", "dipkg:precisionProperty", "dipkg:countsFrom", "dipkg:value", "dipkg:datatype",
                  "dipkg:default", "dipkg:list")


def adopted(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """``schema``, or if it declares no mapping, with the one the shipped package declares for a table
    of that name, column by column (a package written before dipkg read mappings from it builds the
    same graph)."""
    shipped = shipped_schemas().get(name, {})
    if "dipkg:about" in schema or "dipkg:about" not in shipped or not isinstance(schema.get("fields", []), list):
        return schema
    by_name = {f["name"]: f for f in shipped["fields"]}
    fields = [{**f, **{k: v for k, v in by_name.get(f.get("name"), {}).items() if k in _FIELD_MAPPING}}
              if isinstance(f, dict) else f for f in schema.get("fields", [])]
    return {**schema, **{k: shipped[k] for k in _MAPPING if k in shipped}, "fields": fields}


class DataPackage:
    """``datapackage.json`` and the tables it describes, in declaration order.

    The streamed tables (``"dipkg:streamed": true``: tables of millions of rows, e.g. follower counts)
    are not held: their rows are read from the file as they are checked and loaded.
    """

    def __init__(self, data_dir: Path, streamed: Collection[str] | None = None, required: Collection[str] = ()):
        """``streamed``: the tables to stream, if not those whose schema says ``"dipkg:streamed": true``;
        ``required``: the tables the package must describe (a package without one of the shipped tables
        would build an incomplete graph and call it valid)."""
        self.dir = data_dir
        self.path = data_dir / "datapackage.json"
        if not self.path.is_file():
            raise DipkgError(
                f"no datapackage.json in {data_dir}. Point --data at a directory holding "
                "datapackage.json and its CSV files."
            )
        try:
            self.descriptor: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise DipkgError(f"{self.path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from exc
        self.tables: dict[str, Table] = {}
        #: Set by :meth:`check` when a file could not be read at all (not UTF-8, not valid CSV): the
        #: rows of other tables are then not checked against it (every reference would look unknown).
        self.unreadable = False
        problems = self._shape_problems()
        if problems:
            raise InvalidDataError(problems)
        for resource in self.descriptor["resources"]:
            name = resource["name"]
            schema = adopted(name, resource.get("schema", {}))
            table = Table(name, data_dir / resource["path"], schema,
                          streamed=name in streamed if streamed is not None else bool(schema.get("dipkg:streamed")))
            self.tables[table.name] = table
        problems = [Problem(str(self.path), None, None, f'table "{t.name}" refers to the streamed table "{target}" '
                            f"(a foreign key or dipkg:listOf); a streamed table's rows are not held to look keys up "
                            f'in: remove "dipkg:streamed" from "{target}"')
                    for t in self.tables.values() for target in _referred(t.schema)
                    if target in self.tables and self.tables[target].streamed and target != t.name]
        if problems:
            raise InvalidDataError(problems)
        missing = sorted(set(required) - set(self.tables))
        if missing:
            raise InvalidDataError([Problem(str(self.path), None, None,
                                            f'no resource "{name}": dipkg loads this table into the graph, and '
                                            "a package without it would build an incomplete graph")
                                    for name in missing])

    def _shape_problems(self) -> list[Problem]:
        """What makes ``datapackage.json`` no description of tables at all (each a problem)."""
        where = str(self.path)
        if not isinstance(self.descriptor, dict):
            return [Problem(where, None, None, "a data package is a JSON object with a \"resources\" list, "
                                               f"not a {type(self.descriptor).__name__}")]
        resources = self.descriptor.get("resources")
        if not isinstance(resources, list) or not resources:
            return [Problem(where, None, None, 'the data package describes no tables: "resources" must be a '
                                               "non-empty list")]
        problems, seen = [], set()
        for n, resource in enumerate(resources, start=1):
            if not isinstance(resource, dict):
                problems.append(Problem(where, None, None, f"resource {n} is not a JSON object"))
                continue
            for key in ("name", "path"):
                if not isinstance(resource.get(key), str) or not resource[key].strip():
                    problems.append(Problem(where, None, None, f'resource {n} has no "{key}"'))
            schema = resource.get("schema", {})
            if not isinstance(schema, dict) or not isinstance(schema.get("fields", []), list):
                problems.append(Problem(where, None, None, f'resource {n}: "schema" must be an object with a '
                                                           '"fields" list'))
            elif any(not isinstance(f, dict) or not isinstance(f.get("name"), str) for f in schema.get("fields", [])):
                problems.append(Problem(where, None, None, f'resource {n}: every field needs a "name"'))
            else:
                for f in schema.get("fields", []):
                    kind = f.get("type", "string")
                    if kind not in FIELD_TYPES:
                        problems.append(Problem(where, None, None, f'resource {n} ({resource.get("name")}): field '
                                                f'"{f["name"]}" has type "{f.get("type")}"; expected one of '
                                                f'{", ".join(sorted(FIELD_TYPES))}'))
                    elif kind not in TYPES:
                        problems.append(Problem(where, None, None, f'resource {n} ({resource.get("name")}): field '
                                                f'"{f["name"]}" has type "{kind}", which dipkg does not check; use '
                                                f'one of {", ".join(sorted(TYPES))} (a string with a "pattern" '
                                                "for anything else)"))
                from kg.load.declared import mistakes

                problems += [Problem(where, None, None, f'resource {n} ({resource.get("name")}): {mistake}')
                             for mistake in mistakes(schema)]
            if resource.get("name") in seen:
                problems.append(Problem(where, None, None, f'resource {n}: a second table "{resource["name"]}"'))
            seen.add(resource.get("name"))
        return problems

    def check(self, streamed_rows: bool = True) -> list[Problem]:
        """Validate every table; return every problem found (empty when valid).

        With ``streamed_rows=False`` the rows of streamed tables are left to their loaders, which
        check each row as they write it (:meth:`kg.rowcheck.RowChecker.rows`): one pass over a
        table of millions of rows instead of two. Their headers are still checked here.
        """
        problems: list[Problem] = []
        unreadable = False
        for table in self.tables.values():
            found, readable = _read(table)
            problems += found
            unreadable |= not readable
        self.unreadable = unreadable
        if unreadable:
            return sorted(problems, key=lambda p: (p.file, p.line or 0))   # checking on would repeat it
        problems += self._descriptor_problems()
        for table in self._present():
            if table.streamed:
                continue
            checker = self.checker(table.name)
            header = checker.header_problems()
            problems += header or checker.check()   # a table without its columns: its rows are not read
        problems += self._streamed(streamed_rows)
        return sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.column or 0, p.message))

    def _descriptor_problems(self) -> list[Problem]:
        """What frictionless finds wrong with ``datapackage.json`` as a Data Package descriptor
        (its own standard; the rows are dipkg's to check)."""
        from frictionless import Package

        report = Package.validate_descriptor(self.descriptor)
        return [Problem(str(self.path), None, None, f"not a valid Data Package descriptor: {note}")
                for (note,) in report.flatten(["note"])]

    def _streamed(self, rows: bool) -> list[Problem]:
        """The headers of the streamed tables, and their rows if ``rows``."""
        problems = [p for t in self._streamed_tables() for p in self.checker(t.name).header_problems()]
        return problems + (self.streamed_row_problems() if rows else [])

    def streamed_row_problems(self) -> list[Problem]:
        """The problems of the rows of every streamed table whose header is right, each checked
        by :class:`kg.rowcheck.RowChecker` (after the curated tables are read: its foreign keys
        and lists look them up); none if a file could not be read."""
        if self.unreadable:
            return []
        checkers = [self.checker(t.name) for t in self._streamed_tables()]
        return [p for c in checkers if not c.header_problems() for p in c.check()]

    def _present(self) -> list[Table]:
        """The tables whose file could be read and has a header."""
        return [t for t in self.tables.values() if t.path.is_file() and t.header]

    def _streamed_tables(self) -> list[Table]:
        return [t for t in self._present() if t.streamed]

    def checker(self, name: str) -> RowChecker:
        """The row checker of table ``name`` (its foreign keys and lists look up the curated tables)."""
        return RowChecker(self.tables[name], self.tables)


def _referred(schema: dict[str, Any]) -> list[str]:
    """The tables whose keys a table's cells must be (its foreign keys and ``dipkg:listOf``)."""
    found = [fk.get("reference", {}).get("resource", "") for fk in schema.get("foreignKeys", [])]
    for f in schema.get("fields", []):
        ref = f.get("dipkg:listOf") or {}
        found += ref.get("resources", [ref.get("resource", "")])
    return found


def utf8(path: Path, display: str) -> tuple[str, Problem | None]:
    """The file's text, or the place of its first byte that is not UTF-8 as a problem (the line, and
    the byte's offset, which a hex editor finds)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return "", Problem(display, line, None, f"not UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start} of the "
                                                "file; save it as UTF-8 (most spreadsheets offer \"CSV UTF-8\")")


def _read(table: Table) -> tuple[list[Problem], bool]:
    """Read the CSV into ``table.rows`` (with line numbers); report a missing file or an empty
    one, and say whether the file could be read (UTF-8, valid CSV) at all."""
    if not table.path.is_file():
        return [Problem(table.display, None, None,
                        f"file not found (declared in datapackage.json as {table.name!r})")], True
    text, problem = utf8(table.path, table.display)
    if problem is not None:
        return [problem], False
    reader = records(io.StringIO(text, newline=""), table.display)
    try:
        first = next(reader, None)
        if first is None:
            return [Problem(table.display, 1, None, "the file is empty; expected a header row")], True
        table.header = [h.strip() for h in first[1]]
        if table.streamed:   # its rows are read, strictly too, by kg.rowcheck
            return [], True
        for line, record in reader:
            if any(cell.strip() for cell in record):
                table.rows.append(Row(table.display, line, dict(zip(table.header, record, strict=False)),
                                      tuple(record)))
    except InvalidDataError as exc:
        table.rows.clear()
        return exc.problems, False
    return [], True
