"""Check data/*.csv against data/datapackage.json and read their rows.

Frictionless checks types, required cells, enums, patterns, unique keys and foreign keys.
Two rules the Table Schema cannot say are checked here, declared on fields in
``datapackage.json`` with ``dipkg:`` properties:

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

import datetime as dt
import io
import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.csvrows import records
from kg.errors import CONTROL, DipkgError, InvalidDataError, Problem

if TYPE_CHECKING:
    from kg.rowcheck import RowChecker

LIST_SEPARATOR = ";"
#: The field types of Table Schema (https://specs.frictionlessdata.io/table-schema/#types-and-formats).
FIELD_TYPES = {"string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime", "year",
               "yearmonth", "duration", "geopoint", "geojson", "any"}
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_CONSTRAINT = re.compile(r'constraint "(\w+)"')


@dataclass(frozen=True)
class PartialDate:
    """A date with the precision its source gives: ``day``, ``month`` or ``year``."""

    first_day: dt.date
    precision: str

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        m = _PARTIAL_DATE.match(text.strip())
        if not m:
            raise ValueError(f"{text!r} is not a date as YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = m.group(1), m.group(2), m.group(3)
        precision = "day" if day else "month" if month else "year"
        return cls(dt.date(int(year), int(month or 1), int(day or 1)), precision)

    @property
    def last_day(self) -> dt.date:
        """The last day of the period: the day itself, or the month's or year's last day."""
        if self.precision == "day":
            return self.first_day
        if self.precision == "year":
            return self.first_day.replace(month=12, day=31)
        following = self.first_day.replace(day=28) + dt.timedelta(days=4)
        return following - dt.timedelta(days=following.day)

    @property
    def text(self) -> str:
        """The date at its precision, as written: ``2008``, ``2008-02`` or ``2008-02-17``."""
        iso = self.first_day.isoformat()
        return {"year": iso[:4], "month": iso[:7]}.get(self.precision, iso)


@dataclass(frozen=True)
class Row:
    """One CSV record with the file and line it came from."""

    file: str
    line: int
    values: Mapping[str, str]

    def get(self, column: str) -> str | None:
        """The stripped cell, or ``None`` when empty or absent."""
        value = (self.values.get(column) or "").strip()
        return value or None

    def list(self, column: str) -> list[str]:
        """The ``;``-separated items of a cell (empty cells give ``[]``)."""
        value = self.get(column)
        if value is None:
            return []
        return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]

    def date(self, column: str) -> PartialDate | None:
        value = self.get(column)
        return PartialDate.parse(value) if value else None


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
    def display(self) -> str:
        return self.path.name if not self.path.parent.name else f"{self.path.parent.name}/{self.path.name}"

    def column_number(self, name: str) -> int | None:
        return self.header.index(name) + 1 if name in self.header else None

    def field(self, name: str) -> dict[str, Any]:
        for f in self.schema.get("fields", []):
            if f["name"] == name:
                return dict(f)
        return {}


class DataPackage:
    """``datapackage.json`` and the tables it describes, in declaration order.

    The tables named in ``streamed`` (those whose loader streams them, e.g. follower counts)
    are checked by :mod:`kg.rowcheck` instead of frictionless and their rows are not held.
    """

    def __init__(self, data_dir: Path, streamed: Collection[str] = (), required: Collection[str] = ()):
        """``required``: the tables the package must describe (those dipkg has a loader for: a
        package without one would build an incomplete graph and call it valid)."""
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
            table = Table(resource["name"], data_dir / resource["path"], resource.get("schema", {}),
                          streamed=resource["name"] in streamed)
            self.tables[table.name] = table
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
                    if f.get("type", "string") not in FIELD_TYPES:
                        problems.append(Problem(where, None, None, f'resource {n} ({resource.get("name")}): field '
                                                f'"{f["name"]}" has type "{f.get("type")}"; expected one of '
                                                f'{", ".join(sorted(FIELD_TYPES))}'))
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
        problems += self._frictionless()
        for table in self.tables.values():
            problems += self._dipkg_rules(table)
        problems += self._streamed(streamed_rows)
        return sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.column or 0, p.message))

    # -- frictionless ------------------------------------------------------------------

    def _frictionless(self) -> list[Problem]:
        from frictionless import Package

        present = [t for t in self.tables.values() if t.path.is_file() and not t.streamed]
        descriptor = dict(self.descriptor)
        descriptor["resources"] = [
            r for r in self.descriptor.get("resources", [])
            if (self.dir / r["path"]).is_file() and not self.tables[r["name"]].streamed
        ]
        package = Package(descriptor, basepath=str(self.dir))
        report = package.validate()
        problems: list[Problem] = []
        by_name = {t.name: t for t in present}
        for task in report.tasks:
            table = by_name.get(task.name)
            if table is None:
                continue
            for error in task.errors:
                problems.append(_translate(table, error, self.tables))
        return problems

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

    def _streamed_tables(self) -> list[Table]:
        return [t for t in self.tables.values() if t.streamed and t.path.is_file() and t.header]

    def checker(self, name: str) -> RowChecker:
        """The row checker of streamed table ``name`` (its foreign keys look up the curated tables)."""
        from kg.rowcheck import RowChecker

        return RowChecker(self.tables[name], self.tables)

    # -- rules frictionless cannot express -------------------------------------------------

    def _dipkg_rules(self, table: Table) -> list[Problem]:
        problems: list[Problem] = control_characters(table)
        for f in table.schema.get("fields", []):
            name = f["name"]
            col = table.column_number(name)
            if col is None:
                continue
            if f.get("dipkg:partialDate"):
                for row in table.rows:
                    value = row.get(name)
                    if value and _PARTIAL_DATE.match(value):
                        try:
                            PartialDate.parse(value)
                        except ValueError:
                            problems.append(Problem(table.display, row.line, col,
                                                    f'"{value}" in column "{name}" is not a real date'))
            if f.get("type") == "number":   # Table Schema reads NaN and INF as numbers; a value cannot be either
                for row in table.rows:
                    value = row.get(name)
                    if value and value.strip().lower().lstrip("+-") in ("nan", "inf", "infinity"):
                        problems.append(Problem(table.display, row.line, col,
                                                f'"{value}" in column "{name}" is not a finite number'))
            if f.get("dipkg:listOfCodes"):
                problems += _unknown_codes(table, f, col)
            ref = f.get("dipkg:listOf")
            if ref:
                problems += self._unknown_items(table, name, col, ref)
        return problems

    def _unknown_items(self, table: Table, name: str, col: int, ref: Mapping[str, Any]) -> list[Problem]:
        """Items of a ``dipkg:listOf`` column that are not keys of the referenced table(s).

        ``resource`` names one table; ``resources`` several (e.g. states or organisations).
        """
        targets = [self.tables.get(r) for r in ref.get("resources", [ref.get("resource")])]
        if any(t is None for t in targets):
            return []
        known = {r.get(ref["field"]) for target in targets if target for r in target.rows}
        nouns = " or ".join(t.schema.get("dipkg:noun", t.name) for t in targets if t)
        files = " or ".join(t.path.name for t in targets if t)
        return [Problem(table.display, row.line, col,
                        f'unknown {nouns} "{item}" in column "{name}": not an {ref["field"]} in {files}')
                for row in table.rows for item in row.list(name) if item not in known]


def _unknown_codes(table: Table, f: Mapping[str, Any], col: int) -> list[Problem]:
    from kg import vocab

    codes = vocab.notations(f["dipkg:scheme"])
    allowed = ", ".join(sorted(codes))
    return [Problem(table.display, row.line, col,
                    f'unknown code "{item}" in column "{f["name"]}"; expected codes separated by \';\' from {allowed}')
            for row in table.rows for item in row.list(f["name"]) if item not in codes]


def control_characters(table: Table) -> list[Problem]:
    """A problem for each cell of ``table``'s rows holding a control character."""
    problems = []
    for row in table.rows:
        for name, value in row.values.items():
            found = CONTROL.search(value or "") if isinstance(value, str) else None
            if found:
                problems.append(control_problem(table.display, row.line, table.column_number(name), name,
                                                found.group()))
    return problems


def control_problem(display: str, line: int | None, column: int | None, name: str, char: str) -> Problem:
    return Problem(display, line, column, f'control character U+{ord(char):04X} in column "{name}"; remove it')


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
                table.rows.append(Row(table.display, line, dict(zip(table.header, record, strict=False))))
    except InvalidDataError as exc:
        table.rows.clear()
        return exc.problems, False
    return [], True


def _expected(f: Mapping[str, Any]) -> str:
    return str(f.get("dipkg:expected") or f.get("description") or f.get("type", "a value"))


def _translate(table: Table, error: Any, tables: Mapping[str, Table]) -> Problem:
    """Turn a frictionless error into a Problem with our wording."""
    kind = error.type
    line = getattr(error, "row_number", None)
    fname = getattr(error, "field_name", None)
    col = table.column_number(fname) if fname else None
    cell = getattr(error, "cell", None)
    if kind == "missing-label":
        expected = ", ".join(f["name"] for f in table.schema.get("fields", []))
        return Problem(table.display, 1, None, f'missing column "{fname}" (expected columns: {expected})')
    if kind == "extra-label":
        return Problem(table.display, 1, getattr(error, "field_number", None),
                       f'unexpected column "{getattr(error, "label", fname)}"')
    if kind == "primary-key":
        keys = table.schema.get("primaryKey", [])
        keys = [keys] if isinstance(keys, str) else keys
        values = _cells(table, line, keys)
        first = _first_line(table, line, keys)
        return Problem(table.display, line, table.column_number(keys[0]) if keys else None,
                       f'duplicate key {values} in column "{", ".join(keys)}"'
                       + (f" (first used on line {first})" if first else ""))
    if kind == "foreign-key":
        fk = _foreign_key_for(table, line, tables)
        if fk is not None:
            fields, resource, ref_fields = fk
            target = tables[resource]
            noun = target.schema.get("dipkg:noun", resource)
            return Problem(table.display, line, table.column_number(fields[0]),
                           f'unknown {noun} {_cells(table, line, fields)} in column "{fields[0]}": '
                           f'not an {ref_fields[0]} in {target.path.name}')
        return Problem(table.display, line, None, error.note)
    if kind == "constraint-error":
        f = table.field(fname or "")
        constraint = (_CONSTRAINT.search(error.note or "") or [None, ""])[1]
        if constraint == "required":
            return Problem(table.display, line, col, f'column "{fname}" is required but empty')
        if constraint == "enum":
            allowed = ", ".join(map(str, f.get("constraints", {}).get("enum", [])))
            return Problem(table.display, line, col, f'"{cell}" in column "{fname}" is not one of: {allowed}')
        return Problem(table.display, line, col, f'"{cell}" in column "{fname}" is not {_expected(f)}')
    if kind == "type-error":
        f = table.field(fname or "")
        return Problem(table.display, line, col, f'"{cell}" in column "{fname}" is not {_expected(f)}')
    if kind == "missing-cell":
        return Problem(table.display, line, col, f'the row has no cell for column "{fname}"')
    if kind == "extra-cell":
        return Problem(table.display, line, col, "the row has more cells than the header has columns")
    return Problem(table.display, line, col, f"{kind}: {error.note}")


def _row_at(table: Table, line: int | None) -> Row | None:
    return next((r for r in table.rows if r.line == line), None)


def _cells(table: Table, line: int | None, columns: list[str]) -> str:
    row = _row_at(table, line)
    values = [row.get(c) or "" if row else "" for c in columns]
    return ", ".join(f'"{v}"' for v in values)


def _first_line(table: Table, line: int | None, keys: list[str]) -> int | None:
    row = _row_at(table, line)
    if row is None:
        return None
    key = tuple(row.get(k) for k in keys)
    return next((r.line for r in table.rows if tuple(r.get(k) for k in keys) == key and r.line != line), None)


def _foreign_key_for(
    table: Table, line: int | None, tables: Mapping[str, Table]
) -> tuple[list[str], str, list[str]] | None:
    """Which foreign key of ``table`` the row at ``line`` breaks (frictionless does not say)."""
    row = _row_at(table, line)
    for fk in table.schema.get("foreignKeys", []):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        resource = ref.get("resource") or table.name
        target = tables.get(resource)
        if row is None or target is None:
            continue
        value = tuple(row.get(f) for f in fields)
        if all(v is None for v in value):
            continue
        known = {tuple(r.get(f) for f in ref_fields) for r in target.rows}
        if value not in known:
            return fields, resource, ref_fields
    return None
