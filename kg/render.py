"""Render a result DataFrame as a table, CSV, JSON or Markdown."""

from __future__ import annotations

import json

import pandas as pd

FORMATS = ("table", "csv", "json", "md")


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as YYYY-MM-DD, missing values as empty strings."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out


def render(frame: pd.DataFrame, fmt: str) -> str:
    if fmt == "csv":
        return str(_as_text(frame).to_csv(index=False))
    if fmt == "json":
        text = _as_text(frame).astype(object).where(frame.notna(), None)
        return json.dumps(text.to_dict(orient="records"), ensure_ascii=False, indent=2, default=str) + "\n"
    shown = _as_text(frame).astype(object).where(frame.notna(), "")
    if fmt == "md":
        header = "| " + " | ".join(map(str, shown.columns)) + " |"
        rule = "| " + " | ".join("---" for _ in shown.columns) + " |"
        body = ["| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |"
                for row in shown.itertuples(index=False)]
        return "\n".join([header, rule, *body]) + "\n"
    if frame.empty:
        return "(no rows)\n"
    return str(shown.to_string(index=False)) + "\n"
