"""``dipkg import followers``: a scholar's follower counts, checked row by row.

Two layouts are read (column names are case-insensitive):

- **dipkg layout**, any number of accounts: ``account`` (an account id of the graph) or
  ``platform`` + ``handle``; ``date`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``);
  ``followers`` (a whole number of at least 0); optional ``source`` (URL or citation) and
  ``notes``. Every row needs a source: a ``source`` cell or ``--source``.
- **analytics export**, one account per file, as Meta Business Suite, YouTube Studio or
  TikTok analytics write them: a ``Date`` column and a count column (``Followers``,
  ``Total followers``, ``Lifetime followers``, ``Page followers``, ``Page likes``,
  ``Subscribers``, ...); say whose counts they are with ``--account`` (or ``--platform`` and
  ``--handle``). Timestamps are cut to their day; days without a count are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import NamedNode, Store

from kg import imports, iris
from kg.errors import DipkgError, InvalidDataError, Problem
from kg.imports import CsvFile, ImportResult
from kg.load.cube import series_edges
from kg.rowcheck import CellCheck
from kg.values import PartialDate, Row, Triple

EXPORT_DATE = ("date", "day", "date (utc)", "datetime")
EXPORT_COUNT = ("followers", "total followers", "lifetime followers", "page followers", "followers count",
                "follower count", "subscribers", "total subscribers", "page likes", "lifetime total likes")
_DATE = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:[T ]\d{2}:\d{2}.*)?$")


class Accounts:
    """The accounts and platforms of the graph, to resolve and check rows."""

    def __init__(self, store: Store):
        frame = imports.lookup(store, "accounts")
        self.ids = set(frame["account"])
        self.by_handle: dict[tuple[str, str], str] = {
            (str(platform), str(handle).lower()): str(account)
            for platform, handle, account in zip(frame["platform"], frame["handle"], frame["account"], strict=True)}
        self.platforms = sorted(imports.lookup(store, "platforms")["platform"])

    def resolve(self, platform: str, handle: str) -> str | None:
        return self.by_handle.get((platform, handle.lstrip("@").lower()))


def read(file: CsvFile, accounts: Accounts, *, account: str | None = None, platform: str | None = None,
         handle: str | None = None, source: str | None = None) -> tuple[list[Row], list[Problem], int]:
    """Every count of ``file`` (as a row of follower_observations.csv citing its source in words), every
    problem with it, and how many empty export days were skipped."""
    if not file.records:
        return [], [file.problem(1, None, "the file is empty; expected a header row")], 0
    header_line, header = file.records[0]
    cols = {name.lower(): i for i, name in enumerate(header)}
    problems: list[Problem] = []
    fixed = _fixed_account(file, header_line, accounts, account, platform, handle, problems)
    if "followers" in cols and "date" in cols and ("account" in cols or {"platform", "handle"} <= cols.keys()):
        layout = "dipkg"
        date_at: int | None = cols["date"]
        count_at: int | None = cols["followers"]
    else:
        date_at = next((cols[c] for c in EXPORT_DATE if c in cols), None)
        count_at = next((cols[c] for c in EXPORT_COUNT if c in cols), None)
        if date_at is None or count_at is None:
            problems.append(file.problem(header_line, None, (
                "unrecognised columns " + ", ".join(header) + "; expected account (or platform and handle), "
                "date, followers[, source, notes], or an analytics export with a Date column and a count "
                "column such as Followers or Subscribers")))
            return [], problems, 0
        layout = "export"
        if fixed is None and not problems:
            problems.append(file.problem(header_line, None, (
                "this looks like a platform-analytics export (one account per file): say whose counts these "
                "are with --account ID or --platform P --handle H")))
    if problems or date_at is None or count_at is None:
        return [], problems, 0
    date_col, count_col = date_at, count_at
    date_rule = imports.rule("follower_observations", "date", header[date_col])
    count_rule = imports.rule("follower_observations", "followers", header[count_col])
    counts: list[Row] = []
    first_seen: dict[tuple[str, str], int] = {}
    skipped = 0
    for line, record in file.records[1:]:
        if not any(record):
            continue
        cell = _cells(record, header)
        if layout == "export" and not cell(count_col):
            skipped += 1
            continue
        who = fixed or _row_account(file, line, cols, cell, accounts, problems)
        when = _date(file, line, date_col, cell(date_col), date_rule, problems)
        number = _followers(file, line, count_col, cell(count_col), count_rule, problems)
        cited = cell(cols["source"]) if "source" in cols else ""
        cited = cited or (source or "")
        if not cited:
            problems.append(file.problem(line, cols.get("source", len(header)) + 1,
                                         "no source: fill the source column or pass --source URL-or-citation"))
        if who is None or when is None or number is None or not cited:
            continue
        key = (who, when.text)
        if key in first_seen:
            problems.append(file.problem(line, date_col + 1, (
                f"a second count for {who} on {when.text} (the first is on line {first_seen[key]})")))
            continue
        first_seen[key] = line
        note = cell(cols["notes"]) if "notes" in cols else ""
        counts.append(Row(file.display, line, {"account": who, "date": when.text, "followers": str(number),
                                               "sources": cited, "notes": note}))
    return counts, problems, skipped


def load(store: Store, path: Path, *, name: str | None = None, account: str | None = None,
         platform: str | None = None, handle: str | None = None, source: str | None = None,
         replace_file: bool = False) -> ImportResult:
    """Check ``path`` against ``store`` and write its counts as the graph ``import-<name>``
    (``replace_file``: even if that name holds another file's import)."""
    file = CsvFile(path)
    dataset = imports.dataset_name(path, name)
    imports.claim(store, dataset, path, replace=replace_file)
    counts, problems, skipped = read(file, Accounts(store), account=account, platform=platform, handle=handle,
                                     source=source)
    problems = file.control_characters() + problems
    if problems:
        raise InvalidDataError(problems)

    def series(observed: list[tuple[NamedNode, Row]]) -> Iterator[Triple]:
        """The edges that chain each account's counts (:func:`kg.load.cube.series_edges`)."""
        return series_edges((s, dataset, iris.mint("account", row.values["account"]),
                             PartialDate.parse(row.values["date"]).first_day.isoformat()) for s, row in observed)

    notes = [f"skipped {skipped} day{'s' if skipped != 1 else ''} without a count"] if skipped else []
    return imports.write(store, file, dataset, "follower_observations", counts, "follower counts",
                         f"Follower counts imported from {path.name}", series, notes)


def _cells(record: list[str], header: list[str]):  # noqa: ANN202
    return lambda i: record[i] if i < len(record) else ""


def _fixed_account(file: CsvFile, line: int, accounts: Accounts, account: str | None, platform: str | None,
                   handle: str | None, problems: list[Problem]) -> str | None:
    """The account named on the command line (for one-account exports), checked."""
    if account:
        if account not in accounts.ids:
            problems.append(file.problem(None, None, f'unknown account "{account}" (--account): not an account '
                                         "in the graph; add it to accounts.csv and rebuild"))
        return account
    if platform or handle:
        if not (platform and handle):
            raise DipkgError("give both --platform and --handle (or --account ID)")
        if platform not in accounts.platforms:
            problems.append(file.problem(None, None, f'unknown platform "{platform}" (--platform); expected one of '
                                         + ", ".join(accounts.platforms)))
            return None
        found = accounts.resolve(platform, handle)
        if found is None:
            problems.append(file.problem(None, None, f'no account with handle "{handle}" on {platform} in the '
                                         "graph; add it to accounts.csv and rebuild"))
        return found
    return None


def _row_account(file: CsvFile, line: int, cols: dict[str, int], cell, accounts: Accounts,  # noqa: ANN001
                 problems: list[Problem]) -> str | None:
    if "account" in cols and cell(cols["account"]):
        value = cell(cols["account"])
        if value not in accounts.ids:
            problems.append(file.problem(line, cols["account"] + 1, f'unknown account "{value}" in column "account": '
                                         "not an account in the graph; add it to accounts.csv and rebuild"))
            return None
        return value
    if "platform" not in cols:
        problems.append(file.problem(line, cols["account"] + 1, 'empty cell in column "account"'))
        return None
    platform, handle = cell(cols["platform"]), cell(cols.get("handle", len(cols)))
    if platform not in accounts.platforms:
        problems.append(file.problem(line, cols["platform"] + 1, f'unknown platform "{platform}" in column '
                                     '"platform"; expected one of ' + ", ".join(accounts.platforms)))
        return None
    found = accounts.resolve(platform, handle)
    if found is None:
        problems.append(file.problem(line, cols["handle"] + 1, f'no account with handle "{handle}" on {platform} '
                                     "in the graph; add it to accounts.csv and rebuild"))
    return found


def _date(file: CsvFile, line: int, col: int, value: str, check: CellCheck,
          problems: list[Problem]) -> PartialDate | None:
    """The cell's date, read as the curated counts' ``date`` (an export's time of day cut off)."""
    m = _DATE.match(value)
    day = m.group(1) if m else value
    message = check(day)
    if message:
        problems.append(file.problem(line, col + 1, message))
        return None
    return PartialDate.parse(day)


def _followers(file: CsvFile, line: int, col: int, value: str, check: CellCheck,
               problems: list[Problem]) -> int | None:
    """The cell's count, read as the curated counts' ``followers``."""
    message = check(value)
    if message:
        problems.append(file.problem(line, col + 1, message))
        return None
    return int(value)
