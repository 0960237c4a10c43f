"""The viewpoints computed from the CSV files with pandas, independently of the SPARQL rules in
queries/derive/standings.rq, so the tests compare two implementations of the same definitions
(ontology/vocab/viewpoint.ttl)."""

from __future__ import annotations

import calendar

import pandas as pd

VIEWPOINTS = ("kosovo", "serbia", "undisputed")


def last_day(text: str) -> str:
    """The last day of a date written at its precision: 2008 -> 2008-12-31, 2019-08 -> 2019-08-31."""
    if len(text) == 4:
        return f"{text}-12-31"
    if len(text) == 7:
        year, month = int(text[:4]), int(text[5:7])
        return f"{text}-{calendar.monthrange(year, month)[1]:02d}"
    return text


def _ids(cell: str) -> set[str]:
    return {x for x in cell.split(";") if x}


def accepted_acts(recognitions: pd.DataFrame, acts: pd.DataFrame, viewpoint: str) -> pd.DataFrame:
    """The recognition acts a viewpoint accepts."""
    rejected = set()
    for act in acts.itertuples():
        recognizer = act.recognition.split("-")[0]
        if viewpoint == "kosovo":
            if "XKX" in _ids(act.disputed_by) | _ids(act.omitted_by):
                rejected.add(act.recognition)
        elif _ids(act.disputed_by) or recognizer not in _ids(act.confirmed_by):
            rejected.add(act.recognition)
    return recognitions[~recognitions.id.isin(rejected)]


def accepted_withdrawals(claims: pd.DataFrame, viewpoint: str) -> pd.DataFrame:
    """The withdrawal claims a viewpoint subtracts."""
    if viewpoint == "kosovo":
        return claims[claims.confirmed_by.map(lambda c: "XKX" in _ids(c))
                      & ~claims.disputed_by.map(lambda c: "XKX" in _ids(c))]
    if viewpoint == "serbia":
        return claims[claims.claimed_by == "SRB"]
    return claims[claims.disputed_by == ""]


def recognisers(recognitions: pd.DataFrame, acts: pd.DataFrame, claims: pd.DataFrame, viewpoint: str,
                as_of: str) -> set[str]:
    """The polities recognising (any state) on ``as_of`` under ``viewpoint``."""
    made = accepted_acts(recognitions, acts, viewpoint)
    lost = accepted_withdrawals(claims, viewpoint)
    lost_on = lost.assign(day=lost.claim_date.map(last_day)).groupby("recognition").day.min()
    held = set()
    for rec in made.itertuples():
        ended = lost_on.get(rec.id)
        if last_day(rec.date) <= as_of and (ended is None or ended > as_of):
            held.add(rec.recognizer)
    return held
