"""``dipkg compare wikidata``: where our curated facts and Wikidata's statements disagree.

Compared in Wikidata's full statement form (``p:``/``ps:``/``pq:``), never the truthy ``wdt:``
shortcut, so ranks, qualifiers and references are seen: deprecated statements are ignored and a
preferred statement outranks normal ones.

- memberships: our start and end dates against P463 with P580/P582, at the coarser of the
  two precisions (a year on one side is compared as a year);
- diplomatic relations: our establishment (or restoration) dates against P530 with P580.
  P530 is diplomatic relations, not recognition: recognitions are never compared with it;
- accounts (with a holder item, ``dk:holderItem``): our handle against the holder's handle
  property for the platform (P2002, P2013, P2003, P2397, P7085, ...);
- follower counts: our counts against P8687 with P585 on the same date.

Only disagreements are listed, each with our value, Wikidata's, the statement's rank and
reference, and which side's evidence is newer (our sources' access date against the
reference's retrieval date, P813). Facts Wikidata lacks are for ``dipkg export quickstatements``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import pandas as pd
from pyoxigraph import Store

from kg import queries
from kg.prefixes import WIKIDATA
from kg.wikidata import Client, Prop, qid

COLUMNS = ["fact", "key", "field", "ours", "wikidata", "rank", "reference", "wikidata_retrieved", "newer", "statement"]
_LEVEL = {"year": 1, "month": 2, "day": 3}
_WD_LEVEL = {9: 1, 10: 2, 11: 3}
_RANK = {WIKIDATA["wikibase"] + "PreferredRank": 2, WIKIDATA["wikibase"] + "NormalRank": 1}


def _ours(name: str, store: Store) -> list[dict[str, object]]:
    frame = queries.run(store, queries.system(name))
    return frame.astype(object).where(frame.notna(), None).to_dict("records")  # type: ignore[return-value]


def _theirs(client: Client, name: str, rows: Iterable[object]) -> list[dict[str, str]]:
    query = queries.wikidata(name).text
    return [row for answer in client.select_batched(query, list(rows)) for row in answer.rows]  # type: ignore[arg-type]


def _best(statements: list[dict[str, str]]) -> list[dict[str, str]]:
    top = max((_RANK.get(s["rank"], 0) for s in statements), default=0)
    return [s for s in statements if _RANK.get(s["rank"], 0) == top]


def _day(value: object, level: int) -> str:
    text = str(value)[:10]
    return text[: {1: 4, 2: 7, 3: 10}[level]]


def _date_differs(ours: object, our_precision: object, theirs: str | None, their_precision: str | None) -> \
        tuple[str, str] | None:
    """(ours, theirs) at their own precisions if they differ at the coarser one, else None."""
    if ours is None or theirs is None or their_precision is None:
        return None
    mine = _LEVEL.get(str(our_precision), 3)
    other = _WD_LEVEL.get(int(their_precision), 0)
    if other == 0:
        return None
    level = min(mine, other)
    if _day(ours, level) == _day(theirs, level):
        return None
    return _day(ours, mine), _day(theirs, other)


def _newer(accessed: object, retrieved: str | None) -> str:
    if not retrieved or accessed is None:
        return "unknown"
    ours, theirs = str(accessed)[:10], retrieved[:10]
    return "dipkg" if ours > theirs else "wikidata" if theirs > ours else "same day"


def _row(fact: str, key: object, field: str, ours: object, theirs: object, s: dict[str, str],
         accessed: object) -> list[object]:
    return [fact, key, field, ours, theirs, s["rank"].rsplit("#", 1)[-1].replace("Rank", "").lower(),
            s.get("reference"), (s.get("retrieved") or "")[:10] or None, _newer(accessed, s.get("retrieved")),
            s["statement"]]


def compare(store: Store, client: Client) -> pd.DataFrame:
    """Every disagreement between our facts and Wikidata's statements (see the module doc)."""
    rows: list[list[object]] = []
    rows += _memberships(store, client)
    rows += _relations(store, client)
    rows += _accounts(store, client)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["fact", "key", "field"], kind="stable").reset_index(drop=True)


def _statements(client: Client, query: str, items: Iterable[str]) -> dict[tuple[str, str], list[dict[str, str]]]:
    """Wikidata's statements of ``query`` for ``items``, by (item, value) pair."""
    found: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for s in _theirs(client, query, set(items)):
        found[(qid(s["item"]), qid(s["value"]))].append(s)
    return found


def _date_disagreement(fact: str, ours: dict[str, object], field: str,
                       found: list[dict[str, str]]) -> list[list[object]]:
    """A row if every best-ranked statement disagrees with our ``field`` date, else nothing."""
    checks = [_date_differs(ours[field], ours[f"{field}_precision"], s.get(field), s.get(f"{field}_precision"))
              for s in found]
    if not found or any(c is None for c in checks):
        return []
    first = checks[0]
    assert first is not None
    return [_row(fact, ours["key"], field, first[0], first[1], found[0], ours["accessed"])]


def _memberships(store: Store, client: Client) -> list[list[object]]:
    ours = _ours("compare-memberships", store)
    statements = _statements(client, "memberships", (qid(str(m["member_qid"])) for m in ours))
    rows = []
    for m in ours:
        found = _best(statements.get((qid(str(m["member_qid"])), qid(str(m["org_qid"]))), []))
        rows += _date_disagreement("membership", m, "start", found) + _date_disagreement("membership", m, "end", found)
    return rows


def _relations(store: Store, client: Client) -> list[list[object]]:
    ours = _ours("compare-relations", store)
    statements = _statements(client, "relations", (qid(str(r["state_qid"])) for r in ours))
    rows = []
    for r in ours:
        found = _best(statements.get((qid(str(r["state_qid"])), qid(str(r["counterpart_qid"]))), []))
        rows += _date_disagreement("relations", r, "start", found)
    return rows


def _accounts(store: Store, client: Client) -> list[list[object]]:
    ours = _ours("compare-accounts", store)
    accounts = {str(a["key"]): a for a in ours}
    pairs = {(qid(str(a["holder_qid"])), Prop(qid(str(a["handle_property"])), "p"),
              Prop(qid(str(a["handle_property"])), "ps")) for a in accounts.values()}
    handles: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for s in _theirs(client, "handles", pairs):
        handles[(qid(s["item"]), qid(s["claim"]))].append(s)
    rows: list[list[object]] = []
    for key, a in sorted(accounts.items()):
        found = _best(handles.get((qid(str(a["holder_qid"])), qid(str(a["handle_property"]))), []))
        if found and str(a["handle"]).casefold() not in {s["value"].casefold() for s in found}:
            rows.append(_row("account", key, "handle", a["handle"], found[0]["value"], found[0], a["accessed"]))
    counts: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for s in _theirs(client, "followers", {qid(str(a["holder_qid"])) for a in ours if a["followers"] is not None}):
        if "date" in s:
            counts[(qid(s["item"]), s["date"][:10])].append(s)
    for a in ours:
        if a["followers"] is None or a["precision"] != "day":
            continue
        found = [s for s in _best(counts.get((qid(str(a["holder_qid"])), str(a["date"])[:10]), []))
                 if not s.get("handle") or s["handle"].casefold() == str(a["handle"]).casefold()]
        if found and all(int(float(s["value"])) != int(str(a["followers"])) for s in found):
            rows.append(_row("followers", a["key"], f"followers on {str(a['date'])[:10]}", int(str(a["followers"])),
                             int(float(found[0]["value"])), found[0], a["followers_accessed"]))
    return rows


# -- QuickStatements: facts Wikidata lacks, for a person to review and submit ------------------------

_QS_PRECISION = {"day": 11, "month": 10, "year": 9}


def qs_time(value: object, precision: object) -> str:
    """A QuickStatements time: ``+2009-04-01T00:00:00Z/11``, ``+2009-04-00T00:00:00Z/10``, ``+2009-00-00…/9``."""
    text = str(value)[:10]
    level = str(precision or "day")
    if level == "year":
        text = text[:4] + "-00-00"
    elif level == "month":
        text = text[:7] + "-00"
    return f"+{text}T00:00:00Z/{_QS_PRECISION[level]}"


def _qs_string(value: object) -> str:
    return '"' + str(value).replace('"', '\\"') + '"'


def _sources(url: object, accessed: object) -> list[str]:
    return ["S854", _qs_string(url), "S813", qs_time(accessed, "day")]


def _dated_pairs_lacking(store: Store, client: Client, name: str, subject: str,
                        value: str) -> Iterator[tuple[dict[str, object], tuple[str, str]]]:
    """Our ``compare-<name>`` rows (with their item pair) that have a source URL and a start
    date, and whose pair Wikidata's ``<name>`` query does not hold."""
    ours = _ours(f"compare-{name}", store)
    held = {(qid(s["item"]), qid(s["value"]))
            for s in _theirs(client, name, {qid(str(row[subject])) for row in ours})}
    for row in ours:
        pair = (qid(str(row[subject])), qid(str(row[value])))
        if pair not in held and row["url"] and row["start"] is not None:
            yield row, pair


def quickstatements(store: Store, client: Client) -> list[str]:
    """QuickStatements (v1, tab-separated) for facts we hold with a source URL and Wikidata lacks:
    memberships (P463 with P580/P582), relations (P530 with P580), handles, follower counts
    (P8687 with P585), each with a reference URL (S854) and retrieval date (S813)."""
    lines: list[list[str]] = []
    for m, (member, org) in _dated_pairs_lacking(store, client, "memberships", "member_qid", "org_qid"):
        line = [member, "P463", org, "P580", qs_time(m["start"], m["start_precision"])]
        if m["end"] is not None:
            line += ["P582", qs_time(m["end"], m["end_precision"])]
        lines.append(line + _sources(m["url"], m["accessed"]))
    for r, (state, counterpart) in _dated_pairs_lacking(store, client, "relations", "state_qid", "counterpart_qid"):
        lines.append([state, "P530", counterpart, "P580", qs_time(r["start"], r["start_precision"]),
                      *_sources(r["url"], r["accessed"])])
    accounts = _ours("compare-accounts", store)
    pairs = {(qid(str(a["holder_qid"])), Prop(qid(str(a["handle_property"])), "p"),
              Prop(qid(str(a["handle_property"])), "ps")) for a in accounts}
    handles = {(qid(s["item"]), qid(s["claim"]), s["value"].casefold()) for s in _theirs(client, "handles", pairs)}
    counted = {(qid(s["item"]), s["date"][:10])
               for s in _theirs(client, "followers", {qid(str(a["holder_qid"])) for a in accounts if a["followers"]})
               if "date" in s}
    done: set[str] = set()
    for a in accounts:
        holder, prop = qid(str(a["holder_qid"])), qid(str(a["handle_property"]))
        if (holder, prop, str(a["handle"]).casefold()) not in handles and a["url"] and a["key"] not in done:
            done.add(str(a["key"]))
            lines.append([holder, prop, _qs_string(a["handle"]), *_sources(a["url"], a["accessed"])])
        if a["followers"] is not None and a["followers_url"] and (holder, str(a["date"])[:10]) not in counted:
            lines.append([holder, "P8687", str(int(str(a["followers"]))), "P585", qs_time(a["date"], a["precision"]),
                          prop, _qs_string(a["handle"]), *_sources(a["followers_url"], a["followers_accessed"])])
    return ["\t".join(line) for line in lines]
