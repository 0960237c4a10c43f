"""Parameters that name things: an id the graph does not hold is an error, with the closest ids.

``state=XXX`` or ``bloc=ASEAN`` would otherwise give an empty answer that looks like a finding.
The ids each kind may take come from ``queries/system/identifiers.rq``.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pyoxigraph import Store

from kg.errors import ParameterError

#: How a kind is named in messages.
NOUNS = {"state": "state", "recognised": "state", "organisation": "organisation", "account": "account",
         "platform": "platform", "actor": "external actor", "theme": "narrative theme",
         "indicator": "indicator", "incident-kind": "incident kind"}
#: Kinds whose ids are upper case (and matched so).
UPPER = {"state", "recognised", "organisation"}


def known(store: Store) -> dict[str, dict[str, str]]:
    """``{kind: {id: label}}`` for every kind of identifier."""
    from kg import queries
    from kg.answers import python

    _, rows = queries.solutions(store, queries.system("identifiers"))
    return by_kind([python(term) for term in row] for row in rows)


def by_kind(rows: Iterable[Sequence[Any]]) -> dict[str, dict[str, str]]:
    """The ``kind, id, label`` rows of ``queries/system/identifiers.rq`` (Python values) as
    ``{kind: {id: label}}``."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for kind, key, label in rows:
        found[kind][key] = label or ""
    return found


def check(store: Store, query: Any, params: Mapping[str, Any]) -> None:
    """Raise :class:`ParameterError` for any id in ``params`` the graph does not hold."""
    if any(p.id_kind and params.get(p.name) is not None for p in query.params):
        check_known(known(store), query, params)


def check_known(ids: Mapping[str, Mapping[str, str]], query: Any, params: Mapping[str, Any]) -> None:
    """:func:`check` against ids already read (``{kind: {id: label}}``, from :func:`known` or its query)."""
    asked = [(p, params[p.name]) for p in query.params if p.id_kind and params.get(p.name) is not None]
    for param, raw in asked:
        text = param.text(raw)
        if param.default in ("", "all") and text in ("", "all"):
            continue
        for value in (text.split(";") if param.many else [text]):
            if value.strip():   # an empty list asks for all
                _check_one(param.name, param.id_kind, value.strip(), ids)


def _check_one(name: str, kind: str, value: str, ids: Mapping[str, Mapping[str, str]]) -> None:
    key = value.upper() if kind in UPPER else value
    if key in ids.get(kind, {}):
        return
    if kind == "recognised" and key in ids.get("state", {}):
        held = ", ".join(f"{i} ({label})" if label else i for i, label in sorted(ids["recognised"].items()))
        raise ParameterError(f"parameter {name}: the graph holds no recognitions of {key} "
                             f"({ids['state'][key] or key}); it holds recognitions of {held or 'no state'} only")
    pool = ids.get("state" if kind == "recognised" else kind, {})
    close = difflib.get_close_matches(key, list(pool), n=5, cutoff=0.5)
    close += [i for i, label in pool.items() if label and value.lower() in label.lower() and i not in close][:5]
    hint = (f"did you mean {', '.join(f'{i} ({pool[i]})' if pool[i] else i for i in close[:5])}?" if close
            else f"known ids include {', '.join(sorted(pool)[:12])}{', ...' if len(pool) > 12 else ''}")
    raise ParameterError(f'parameter {name}: no {NOUNS[kind]} "{value}" in the graph; {hint}')
