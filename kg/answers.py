"""Answers as Python values and typed DataFrames: the one place RDF terms become Python and pandas
values (pandas is imported only when a DataFrame is asked for)."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pyoxigraph import BlankNode, Literal, NamedNode

from kg.prefixes import PREFIXES

if TYPE_CHECKING:
    import pandas as pd

XSD = PREFIXES["xsd"]
_INTS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                           "positiveInteger", "unsignedInt", "unsignedLong")}
_FLOATS = {XSD + t for t in ("decimal", "double", "float")}
_DATE, _DATETIME, _BOOL = XSD + "date", XSD + "dateTime", XSD + "boolean"


class Answer:
    """An answer as Python values (dates as ``datetime.date``), without pandas: what the command
    line prints, fast."""

    def __init__(self, columns: list[str], rows: Iterable[list[Any]], drop: Iterable[str] = ()):
        keep = [i for i, c in enumerate(columns) if c not in set(drop)]
        self.columns = [columns[i] for i in keep]
        self.rows = [[python(row[i]) for i in keep] for row in rows]

    def __len__(self) -> int:
        return len(self.rows)


def frame(columns: list[str], rows: Iterable[list[Any]], drop: Iterable[str] = ()) -> pd.DataFrame:
    """The typed DataFrame of solutions (RDF terms), without the columns in ``drop``."""
    import pandas as pd

    table = pd.DataFrame([[python(term) for term in row] for row in rows], columns=columns, dtype=object)
    table = table.drop(columns=[c for c in drop if c in table.columns])
    return _typed(table)


def python(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = term.datatype.value
        if datatype in _INTS:
            return int(term.value)
        if datatype in _FLOATS:
            return float(decimal.Decimal(term.value))
        if datatype == _DATE:
            return dt.date.fromisoformat(term.value[:10])
        if datatype == _DATETIME:
            return dt.datetime.fromisoformat(term.value)
        if datatype == _BOOL:
            # "1" and "0" are xsd:boolean's other lexical forms; Virtuoso writes booleans so.
            return term.value.strip() in ("true", "1")
        return term.value
    if isinstance(term, NamedNode | BlankNode):
        return term.value
    return str(term)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Give columns real dtypes: integers as Int64, dates as datetime64, booleans as boolean."""
    import pandas as pd

    for column in frame.columns:
        values = [v for v in frame[column] if v is not None and not (isinstance(v, float) and pd.isna(v))]
        if not values:
            continue
        if all(isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("boolean")
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("Int64")
        elif all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("Float64")
        elif all(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in values):
            frame[column] = pd.to_datetime(frame[column])
    return frame
