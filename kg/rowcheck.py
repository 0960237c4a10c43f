"""Check a large table row by row, in one pass, without frictionless.

Tables that grow with a scholar's data (those whose loader streams them, e.g. daily follower
counts) can hold millions of rows: frictionless and a :class:`~kg.schema.Row`
per record would take minutes and gigabytes. This checker reads the CSV once and applies the
part of the Table Schema those tables use (types ``string`` and ``integer``; ``required``,
``pattern``, ``enum``, ``minimum`` and ``maximum``; the primary key; foreign keys into curated
tables) and the ``dipkg:`` rules, with the same messages as the frictionless path, so a scholar
cannot tell which one found a problem. It keeps only the primary key of each row (and its
line), which the loader reuses to say where an observation came from. The build's loader
reads the rows from :meth:`RowChecker.rows` and writes each as it passes, so the CSV is read
once for checking and loading both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.csvrows import records as csv_records
from kg.errors import DipkgError, Problem

if TYPE_CHECKING:
    from kg.schema import Table

_INTEGER = re.compile(r"^[+-]?\d+$")
SUPPORTED_TYPES = {"string", "integer"}

CellCheck = Callable[[str], str | None]


def records(table: Table) -> Iterator[tuple[int, list[str]]]:
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
    """The checks of one streamed table, compiled once from its schema."""

    def __init__(self, table: Table, tables: Mapping[str, Table]):
        from kg.schema import _expected

        self.table = table
        self.fields: list[dict[str, Any]] = list(table.schema.get("fields", []))
        for f in self.fields:
            if f.get("type", "string") not in SUPPORTED_TYPES:
                raise DipkgError(f"{table.display}: a streamed table supports field types "
                                 f"{', '.join(sorted(SUPPORTED_TYPES))}, not {f.get('type')!r} (field {f['name']!r})")
        self.expected = {f["name"]: _expected(f) for f in self.fields}
        keys = table.schema.get("primaryKey", [])
        self.key = [keys] if isinstance(keys, str) else list(keys)
        self.tables = tables
        self.problems: list[Problem] = []

    def header_problems(self) -> list[Problem]:
        """Missing and unexpected columns (``fieldsMatch: equal``)."""
        names = [f["name"] for f in self.fields]
        expected = ", ".join(names)
        problems = [Problem(self.table.display, 1, None, f'missing column "{n}" (expected columns: {expected})')
                    for n in names if n not in self.table.header]
        problems += [Problem(self.table.display, 1, i, f'unexpected column "{label}"')
                     for i, label in enumerate(self.table.header, start=1) if label not in names]
        return problems

    def check(self) -> list[Problem]:
        """Every problem of the table's rows; fills ``table.keys`` (primary key -> line)."""
        for _ in self.rows():
            pass
        return self.problems

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """The records without a problem, each with its line, read in one pass.

        Every problem found on the way (in any row) is added to ``self.problems``, and
        ``table.keys`` maps each row's primary key to its line, so a loader can write the rows
        as they are checked and learn at the end whether the table was valid.
        """
        from kg.errors import CONTROL
        from kg.schema import control_problem

        table = self.table
        header = table.header
        index = {name: i for i, name in enumerate(header)}
        cells = [(f["name"], index[f["name"]], index[f["name"]] + 1, self._cell_check(f)) for f in self.fields]
        key_at = [index[k] for k in self.key if k in index]
        foreign = [self._foreign_key(fk, index) for fk in table.schema.get("foreignKeys", [])]
        lists = [self._list_check(f, index) for f in self.fields if f.get("dipkg:listOf") or f.get("dipkg:listOfCodes")]
        seen: dict[tuple[str, ...], int] = {}
        display, width = table.display, len(header)
        problems = self.problems
        count = len(problems)
        for line, record in records(table):
            size = len(record)
            for name, i, col, check in cells:
                if i >= size:  # as frictionless: the missing cell, and a required one is empty
                    problems.append(Problem(display, line, col, f'the row has no cell for column "{name}"'))
                message = check(record[i] if i < size else "")
                if message:
                    problems.append(Problem(display, line, col, message))
            if size > width:
                problems.append(Problem(display, line, None, "the row has more cells than the header has columns"))
            if CONTROL.search("".join(record)):   # rare: find the cell only then
                for i, cell in enumerate(record):
                    if found := CONTROL.search(cell):
                        name = header[i] if i < width else f"#{i + 1}"
                        problems.append(control_problem(display, line, i + 1, name, found.group()))
            if key_at:
                key = tuple([record[i].strip() if i < size else "" for i in key_at])
                first = seen.setdefault(key, line)
                if first != line:
                    shown = ", ".join(f'"{v}"' for v in key)
                    columns = ", ".join(self.key)
                    message = f'duplicate key {shown} in column "{columns}" (first used on line {first})'
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

    def _cell_check(self, f: Mapping[str, Any]) -> CellCheck:
        """A function from a raw cell to the message of its first problem (or None)."""
        from kg.schema import _PARTIAL_DATE, PartialDate

        name, kind = f["name"], f.get("type", "string")
        constraints = f.get("constraints", {})
        required = constraints.get("required", False)
        pattern = re.compile(constraints["pattern"]) if "pattern" in constraints else None
        enum = constraints.get("enum")
        low, high = constraints.get("minimum"), constraints.get("maximum")
        partial = f.get("dipkg:partialDate", False)
        not_expected = f'in column "{name}" is not {self.expected[name]}'
        allowed = ", ".join(map(str, enum)) if enum else ""

        @lru_cache(maxsize=65536)  # a long series repeats its dates
        def real(cell: str) -> bool:
            """Not a partial date at all (its pattern says so), or one on the calendar."""
            if not _PARTIAL_DATE.match(cell.strip()):
                return True
            try:
                PartialDate.parse(cell)
            except ValueError:
                return False
            return True

        def check(cell: str) -> str | None:
            if cell == "":
                return f'column "{name}" is required but empty' if required else None
            if kind == "integer":
                if not _INTEGER.match(cell):
                    return f'"{cell}" {not_expected}'
                number = int(cell)
                if (low is not None and number < low) or (high is not None and number > high):
                    return f'"{cell}" {not_expected}'
                value: Any = number
            else:
                value = cell
                if pattern is not None and not pattern.fullmatch(cell):
                    return f'"{cell}" {not_expected}'
            if enum is not None and value not in enum:
                return f'"{cell}" in column "{name}" is not one of: {allowed}'
            if partial and not real(cell):
                return f'"{cell.strip()}" in column "{name}" is not a real date'
            return None

        # A text cell's verdict depends on the cell alone, and long tables repeat their ids and dates.
        return lru_cache(maxsize=65536)(check) if kind == "string" else check

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
        from kg.schema import LIST_SEPARATOR

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
