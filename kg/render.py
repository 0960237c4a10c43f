"""Render a result DataFrame as a table, CSV, JSON or Markdown; write it to a file by its suffix."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.answers import Answer
from kg.errors import DipkgError

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("table", "csv", "json", "md")
#: File suffix -> what ``write`` writes.
SUFFIXES = {".csv": "csv", ".json": "json", ".md": "md", ".txt": "table", ".xlsx": "xlsx", ".parquet": "parquet"}
#: The narrowest a truncated column gets, and the mark of a truncated cell.
MIN_CELL, ELLIPSIS = 12, "…"


def render(answer: pd.DataFrame | Answer, fmt: str, width: int | None = None) -> str:
    """The answer as text. A ``table`` given a terminal ``width`` shortens its longest cells
    (ending them with …) so that each row fits; without a width it shows every cell whole."""
    columns, rows = _plain(answer)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_text(v) for v in row] for row in rows)
        return out.getvalue()
    if fmt == "json":
        records = [{c: (v.isoformat() if isinstance(v, dt.date) and not isinstance(v, dt.datetime) else v)
                    for c, v in zip(columns, row, strict=True)} for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=2, default=str) + "\n"
    cells = [[_text(v) for v in row] for row in rows]
    if fmt == "md":
        header = "| " + " | ".join(columns) + " |"
        rule = "| " + " | ".join("---" for _ in columns) + " |"
        body = ["| " + " | ".join(v.replace("|", "\\|") for v in row) + " |" for row in cells]
        return "\n".join([header, rule, *body]) + "\n"
    if not rows:
        return "(no rows)\n"
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    if width is not None:
        widths = _fitted(columns, widths, width)
        cells = [[v if len(v) <= n else v[: n - 1] + ELLIPSIS for v, n in zip(row, widths, strict=True)]
                 for row in cells]
    lines = [" ".join(c.rjust(n) for c, n in zip(columns, widths, strict=True))]
    lines += [" ".join(v.rjust(n) for v, n in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(lines) + "\n"


def _plain(answer: pd.DataFrame | Answer) -> tuple[list[str], list[list[Any]]]:
    """Columns and rows of Python values (dates as ``datetime.date``, missing values as None)."""
    if isinstance(answer, Answer):
        return answer.columns, answer.rows
    import pandas as pd

    columns = [str(c) for c in answer.columns]
    values = []
    for column in answer.columns:
        series = answer[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            values.append([None if pd.isna(v) else v.date() for v in series])
        else:
            values.append([None if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)) else v
                           for v in series.astype(object)])
    return columns, [list(row) for row in zip(*values, strict=True)] if values else []


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


def _fitted(columns: list[str], widths: list[int], width: int) -> list[int]:
    """Column widths, the widest shortened first, until a row fits in ``width`` characters."""
    widths = list(widths)
    budget = width - (len(widths) - 1)
    while sum(widths) > budget:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        floor = max(MIN_CELL, len(columns[widest]))
        if widths[widest] <= floor:
            break
        widths[widest] = max(floor, widths[widest] - (sum(widths) - budget))
    return widths


def write(frame: pd.DataFrame, path: Path) -> Path:
    """Write the answer to ``path`` in the format its suffix names (see ``SUFFIXES``), creating its
    folder: .csv, .json, .md, .txt (a table), .xlsx (``dipkg[xlsx]``), .parquet (with pyarrow)."""
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise DipkgError(f"cannot tell the format of {path}: give a file ending in {', '.join(SUFFIXES)}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "xlsx":
            from kg.extras import require

            require("openpyxl")
            frame.to_excel(path, index=False)
        elif fmt == "parquet":
            try:
                import pyarrow  # noqa: F401
            except ImportError:
                raise DipkgError("writing .parquet needs pyarrow, which is not installed: "
                                 "pip install pyarrow") from None
            frame.to_parquet(path, index=False)
        else:
            path.write_text(render(frame, fmt), encoding="utf-8")
    except OSError as exc:
        raise DipkgError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
