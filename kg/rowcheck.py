"""The one row checker: every table's rows against its Table Schema, in one pass.

Every table dipkg reads is checked here: the curated tables (held in memory for their
mappers), the tables that can grow to millions of rows (streamed: read once, each row checked as
its loader writes it) and, through the same messages, ``dipkg import`` files. A field is compiled
once into a function from a raw cell to the message of its first problem; a row is then its
cells' checks, its width, control characters, its primary key (unique), its foreign keys (into
curated tables, or the table itself) and its lists.

What is checked, from Table Schema (https://specs.frictionlessdata.io/table-schema/): the types
``string`` (formats ``default``, ``uri`` and ``email``), ``integer``, ``number`` (finite),
``boolean``, ``date`` (ISO, or a ``strptime`` format), ``year`` and ``any``; the constraints
``required``, ``pattern``, ``enum``, ``minimum``, ``maximum``, ``minLength`` and ``maxLength``;
``primaryKey``, ``foreignKeys`` and ``fieldsMatch: equal``. And dipkg's own: ``dipkg:partialDate``
(a real date at day, month or year precision), ``dipkg:listOf`` and ``dipkg:listOfCodes``. A
field type outside this list is refused when the package is read (:data:`TYPES`).

Frictionless is not used for rows (it validated ``datapackage.json`` and every row at about 0.5 s a
build, and needed a layer translating its errors); ``frictionless validate data/datapackage.json``
still agrees with dipkg on the shipped data (tested).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.csvrows import records as csv_records
from kg.errors import Problem
from kg.values import LIST_SEPARATOR, PARTIAL_DATE, PartialDate, control_problems, expected

if TYPE_CHECKING:
    from kg.schema import Table

#: The field types the checker knows; a package using another is refused when it is read.
TYPES = {"string", "integer", "number", "boolean", "date", "year", "any"}
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_NOT_FINITE = {"nan", "inf", "infinity"}
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_YEAR = re.compile(r"^\d{4}$")
#: Table Schema's default lexical forms of booleans
_TRUE, _FALSE = {"true", "True", "TRUE", "1"}, {"false", "False", "FALSE", "0"}

CellCheck = Callable[[str], str | None]


def stream(table: Table) -> Iterator[tuple[int, list[str]]]:
    """The non-blank records of ``table``'s CSV after its header, each with its line number."""
    with table.path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv_records(fh, table.display)
        next(reader, None)
        for start, record in reader:
            if record and (record[0].strip() or any(cell.strip() for cell in record)):
                yield start, record


def line_count(path: Path) -> int:
    """How many lines a file has (read as bytes, fast: for progress bars)."""
    lines = 0
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            lines += block.count(b"\n")
    return lines


class RowChecker:
    """The checks of one table, compiled once from its schema; the tables its keys refer to
    must have been read (``tables``)."""

    def __init__(self, table: Table, tables: Mapping[str, Table]):
        self.table = table
        self.fields: list[dict[str, Any]] = list(table.schema.get("fields", []))
        self.key = table.primary_key
        self.tables = tables
        self.problems: list[Problem] = []

    def header_problems(self) -> list[Problem]:
        """Missing and unexpected columns (``fieldsMatch: equal``)."""
        names = [f["name"] for f in self.fields]
        listed = ", ".join(names)
        problems = [Problem(self.table.display, 1, None, f'missing column "{n}" (expected columns: {listed})')
                    for n in names if n not in self.table.header]
        problems += [Problem(self.table.display, 1, i, f'unexpected column "{label}"')
                     for i, label in enumerate(self.table.header, start=1) if label not in names]
        return problems

    def check(self) -> list[Problem]:
        """Every problem of the table's rows; fills ``table.keys``."""
        for _ in self.rows():
            pass
        return self.problems

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """The table's records without a problem, each with its line, in one pass (read from its file
        if it is streamed, else those held).

        Every problem found on the way (in any row) is added to ``self.problems``, and
        ``table.keys`` maps each row's primary key to its line, so a loader can write the rows
        as they are checked and learn at the end whether the table was valid.
        """
        table = self.table
        records = stream(table) if table.streamed else ((row.line, list(row.cells)) for row in table.rows)
        header = table.header
        index = {name: i for i, name in enumerate(header)}
        key_fields = set(self.key)
        cells = [(f["name"], index[f["name"]], index[f["name"]] + 1, cell_check(f, f["name"] in key_fields))
                 for f in self.fields]
        key_at = [index[k] for k in self.key if k in index]
        foreign = [self._foreign_key(fk, index) for fk in table.schema.get("foreignKeys", [])]
        lists = [self._list_check(f, index) for f in self.fields if f.get("dipkg:listOf") or f.get("dipkg:listOfCodes")]
        seen: dict[tuple[str, ...], int] = {}
        display, width = table.display, len(header)
        problems = self.problems
        count = len(problems)
        for line, record in records:
            size = len(record)
            for name, i, col, check in cells:
                if i >= size:  # the missing cell, and a required one is empty
                    problems.append(Problem(display, line, col, f'the row has no cell for column "{name}"'))
                message = check(record[i] if i < size else "")
                if message:
                    problems.append(Problem(display, line, col, message))
            if size > width:
                problems.append(Problem(display, line, None, "the row has more cells than the header has columns"))
            problems += control_problems(display, line, record, header)
            if key_at:
                key = tuple([record[i].strip() if i < size else "" for i in key_at])
                first = seen.setdefault(key, line)
                if first != line:
                    shown = ", ".join(f'"{v}"' for v in key)
                    message = f'duplicate key {shown} in column "{", ".join(self.key)}" (first used on line {first})'
                    problems.append(Problem(display, line, key_at[0] + 1, message))
            for fk in foreign:
                problem = fk(line, record)
                if problem:
                    problems.append(problem)
            for list_check in lists:
                problems.extend(list_check(line, record))
            if len(problems) == count:
                yield line, record
            count = len(problems)
        table.keys = seen

    # -- compiled checks -----------------------------------------------------------------

    def _foreign_key(self, fk: Mapping[str, Any], index: Mapping[str, int]
                     ) -> Callable[[int, list[str]], Problem | None]:
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        target = self.tables[ref.get("resource") or self.table.name]
        known = {tuple(r.get(f) for f in ref_fields) for r in target.rows}
        noun = target.schema.get("dipkg:noun", target.name)
        col = index[fields[0]] + 1
        display = self.table.display
        at = [index[f] for f in fields]
        first = at[0]
        single = {v[0] for v in known} if len(at) == 1 else set()  # a one-column key, as written

        def check(line: int, record: list[str]) -> Problem | None:
            if first < len(record) and record[first] in single:
                return None
            cells = [record[i].strip() if i < len(record) else "" for i in at]
            value = tuple([c or None for c in cells])
            if value in known or all(v is None for v in value):
                return None
            shown = ", ".join(f'"{c}"' for c in cells)
            return Problem(display, line, col, f'unknown {noun} {shown} in column "{fields[0]}": '
                                               f"not an {ref_fields[0]} in {target.path.name}")

        return check

    def _list_check(self, f: Mapping[str, Any], index: Mapping[str, int]
                    ) -> Callable[[int, list[str]], list[Problem]]:
        from kg import vocab

        name, col, display = f["name"], index[f["name"]] + 1, self.table.display
        ref = f.get("dipkg:listOf")
        if ref:
            targets = [self.tables[r] for r in ref.get("resources", [ref.get("resource")])]
            known: set[str | None] = {r.get(ref["field"]) for t in targets for r in t.rows}
            nouns = " or ".join(t.schema.get("dipkg:noun", t.name) for t in targets)
            files = " or ".join(t.path.name for t in targets)

            def message(item: str) -> str:
                return f'unknown {nouns} "{item}" in column "{name}": not an {ref["field"]} in {files}'
        else:
            codes = set(vocab.notations(f["dipkg:scheme"]))
            known = set(codes)
            allowed = ", ".join(sorted(codes))

            def message(item: str) -> str:
                return f'unknown code "{item}" in column "{name}"; expected codes separated by \';\' from {allowed}'

        at = index[name]

        def check(line: int, record: list[str]) -> list[Problem]:
            cell = record[at] if at < len(record) else ""
            if cell in known:  # the common case: a single known item
                return []
            return [Problem(display, line, col, message(item))
                    for item in (i.strip() for i in cell.split(LIST_SEPARATOR)) if item and item not in known]

        return check


def cell_check(f: Mapping[str, Any], in_key: bool = False) -> CellCheck:
    """A function from a raw cell of field ``f`` to the message of its first problem (or None): the
    checks of a table's rows, and of a scholar's import file (whose column may have another name)."""
    name, kind = f["name"], f.get("type", "string")
    constraints = f.get("constraints", {})
    required = constraints.get("required", False) or in_key   # a key's cells are required
    pattern = re.compile(constraints["pattern"]) if "pattern" in constraints else None
    enum = constraints.get("enum")
    low, high = constraints.get("minimum"), constraints.get("maximum")
    shortest, longest = constraints.get("minLength"), constraints.get("maxLength")
    partial = f.get("dipkg:partialDate", False)
    not_expected = f'in column "{name}" is not {expected(f)}'
    allowed = ", ".join(map(str, enum)) if enum else ""
    read = _reader(f)
    bounds = tuple(read(str(b)) if b is not None else None for b in (low, high))

    @lru_cache(maxsize=65536)  # a long series repeats its dates
    def real(cell: str) -> bool:
        """Not a partial date at all (its pattern says so), or one on the calendar."""
        if not PARTIAL_DATE.match(cell.strip()):
            return True
        try:
            PartialDate.parse(cell)
        except ValueError:
            return False
        return True

    def check(cell: str) -> str | None:
        if cell == "":
            return f'column "{name}" is required but empty' if required else None
        if kind == "number" and cell.strip().lower().lstrip("+-") in _NOT_FINITE:
            return f'"{cell}" in column "{name}" is not a finite number'
        value = read(cell)
        if value is _INVALID:
            return f'"{cell}" {not_expected}'
        if pattern is not None and not pattern.fullmatch(cell):
            return f'"{cell}" {not_expected}'
        if (bounds[0] is not None and value < bounds[0]) or (bounds[1] is not None and value > bounds[1]):
            return f'"{cell}" {not_expected}'
        if (shortest is not None and len(cell) < shortest) or (longest is not None and len(cell) > longest):
            return f'"{cell}" {not_expected}'
        if enum is not None and value not in enum:
            return f'"{cell}" in column "{name}" is not one of: {allowed}'
        if partial and not real(cell):
            return f'"{cell.strip()}" in column "{name}" is not a real date'
        return None

    # A text cell's verdict depends on the cell alone, and long tables repeat their ids and dates (a count
    # rarely repeats: caching it would cost more than it saves).
    return lru_cache(maxsize=65536)(check) if kind in ("string", "date") else check


_INVALID = object()


def _reader(f: Mapping[str, Any]) -> Callable[[str], Any]:
    """The typed value of a cell of field ``f`` (compared with the enum and the bounds), or
    ``_INVALID`` when the cell is not of the field's type."""
    kind, form = f.get("type", "string"), f.get("format", "default")
    if kind == "integer":
        return lambda cell: int(cell) if _INTEGER.match(cell) else _INVALID
    if kind == "number":
        def number(cell: str) -> Any:
            if not _NUMBER.match(cell):
                return _INVALID
            try:
                return Decimal(cell)
            except InvalidOperation:
                return _INVALID
        return number
    if kind == "boolean":
        return lambda cell: True if cell in _TRUE else False if cell in _FALSE else _INVALID
    if kind == "date":
        def date(cell: str) -> Any:
            try:
                if form in ("default", "any", None):
                    return dt.date.fromisoformat(cell) if len(cell) == 10 else _INVALID
                return dt.datetime.strptime(cell, form).date()
            except ValueError:
                return _INVALID
        return date
    if kind == "year":
        return lambda cell: int(cell) if _YEAR.match(cell) else _INVALID
    if kind == "string" and form == "uri":
        return lambda cell: cell if _URI.match(cell) else _INVALID
    if kind == "string" and form == "email":
        return lambda cell: cell if _EMAIL.match(cell) else _INVALID
    return lambda cell: cell
