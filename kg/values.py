"""The small shared types of the data: a date with its precision, a CSV row, a progress callback,
a triple; and the wording shared by every check. Imports nothing heavy, so the row checker, the
schema reader, the loaders and the imports can all use it without importing one another."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.errors import CONTROL, Problem

if TYPE_CHECKING:
    from pyoxigraph import NamedNode

LIST_SEPARATOR = ";"
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

#: Called as work goes on: what is being done, how much of how much.
Progress = Callable[[str, int, int], None]
#: A triple as the mappers yield it (its object a pyoxigraph term).
Triple = tuple["NamedNode", "NamedNode", Any]


@dataclass(frozen=True)
class PartialDate:
    """An ISO date known to the day, the month or the year (``2008-02-17``, ``2008-02``, ``2008``):
    its first day and its precision, never padded silently."""

    first_day: dt.date
    precision: str

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        m = PARTIAL_DATE.match(text.strip())
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
    """One CSV record with the file and line it came from: its cells by column, and as read."""

    file: str
    line: int
    values: Mapping[str, str]
    cells: tuple[str, ...] = ()

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


def control_problem(display: str, line: int | None, column: int | None, name: str, char: str) -> Problem:
    return Problem(display, line, column, f'control character U+{ord(char):04X} in column "{name}"; remove it')


def control_problems(display: str, line: int, record: list[str], header: list[str]) -> list[Problem]:
    """A problem for each cell of ``record`` holding a control character (a cell beyond the header is
    named by its number, ``#7``)."""
    if not CONTROL.search("".join(record)):   # the common case: find the cell only when there is one
        return []
    return [control_problem(display, line, i + 1, header[i] if i < len(header) else f"#{i + 1}", found.group())
            for i, cell in enumerate(record) if (found := CONTROL.search(cell))]


def expected(f: Mapping[str, Any]) -> str:
    """How a message describes what a field's cells must be: its ``dipkg:expected``, description or type."""
    return str(f.get("dipkg:expected") or f.get("description") or f.get("type", "a value"))
