"""Read a CSV strictly, record by record, with the line each record starts on.

Every CSV dipkg reads (the curated tables, the streamed ones and ``dipkg import`` files) goes
through :func:`records`. The ``csv`` module's default dialect forgives a stray quote by reading
on until the next one, so an unbalanced quote silently swallows the rows after it into one
cell; read strictly, it is an error, reported at the line where the quoted field began.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator

from kg.errors import InvalidDataError, Problem

# A long cell is read whole and judged by the schema (maxLength), not cut off by the csv module.
csv.field_size_limit(sys.maxsize)

_MESSAGES = {
    "unexpected end of data": "a quoted field that begins on this line is never closed: the file ends inside "
                              "it; close the quote (a quote inside a quoted field is written twice, \"\")",
    "',' expected after '\"'": "a quoted field that begins on this line has text after its closing quote (or a "
                               "later one); close the quote where the field ends (a quote inside a quoted field is "
                               "written twice, \"\")",
}


def records(lines: Iterable[str], display: str) -> Iterator[tuple[int, list[str]]]:
    """Each record of the CSV text ``lines`` (opened with ``newline=""``) with its first line.

    Raises :class:`InvalidDataError` at the line of the record that is not valid CSV.
    """
    reader = csv.reader(lines, strict=True)
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = _MESSAGES.get(str(exc), f"not valid CSV: {exc}")
            raise InvalidDataError([Problem(display, start, None, message)]) from None
        yield start, record
        start = reader.line_num + 1
