"""Writing parameter values into SPARQL text, token by token.

A query names its parameters as ordinary variables (``?as_of``) and may project them (so that
the same file runs as written in any SPARQL editor). :func:`substitute` tokenises the text (strings,
IRIs, comments, variables, words, punctuation), so nothing inside a string, an IRI or a comment
is ever touched, and then:

- drops a parameter variable projected on its own by a ``SELECT`` (at any nesting) or listed
  by a ``GROUP BY`` (and the ``GROUP BY`` itself when nothing is left of it);
- refuses a query that assigns to a parameter (``BIND(... AS ?as_of)``, ``(... AS ?as_of)``);
- writes the parameter's RDF term (checked and serialised by pyoxigraph, never the user's
  text) everywhere else, including inside ``SELECT`` expressions;
- fills each ``VALUES ?name { ... }`` block of a list parameter (``lists``) with its items' terms,
  one row each, and leaves that variable alone everywhere else: it is bound by the block, so
  the engine starts from the few items asked for rather than filtering every candidate;
- blanks comments, keeping line numbers for syntax errors.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Mapping, Sequence

from kg.errors import QueryError

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[A-Za-z0-9_\-.%:]*[A-Za-z0-9_\-%:])?|:[A-Za-z0-9_\-.]*)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

#: Words that end a GROUP BY list.
_AFTER_GROUP_BY = {"ORDER", "HAVING", "LIMIT", "OFFSET", "VALUES"}


@functools.lru_cache(maxsize=256)
def tokens(text: str) -> tuple[tuple[str, str], ...]:
    """``(kind, text)`` pairs; kinds: ws, comment, string, iri, var, word, other."""
    return tuple((m.lastgroup or "other", m.group()) for m in _TOKEN.finditer(text))


def values_blocks(text: str) -> set[str]:
    """The variables (without ``?``) that ``text`` binds with a one-variable ``VALUES ?name { ... }`` block."""
    found = set()
    significant = [(kind, value) for kind, value in tokens(text) if kind not in ("ws", "comment")]
    for (kind, value), (next_kind, next_value) in itertools.pairwise(significant):
        if kind == "word" and value.upper() == "VALUES" and next_kind == "var":
            found.add(next_value[1:])
    return found


def substitute(text: str, terms: Mapping[str, str], where: str = "query",
               renames: Mapping[str, str] | None = None, lists: Mapping[str, Sequence[str]] | None = None) -> str:
    """``text`` with each parameter variable (``terms`` keys, without ``?``) handled as above, each
    ``VALUES`` block of a ``lists`` variable filled with its terms, and each word or IRI in
    ``renames`` (a deprecated term, as written) replaced by its value."""
    renames = renames or {}
    lists = lists or {}
    filling: str | None = None   # the list variable whose VALUES block is being replaced
    skipping = False             # inside that block's braces: its written default is dropped
    out: list[str] = []
    projecting: list[int] = []   # the paren depths at which open SELECT projections started
    grouping: int | None = None  # the paren depth of an open GROUP BY list
    group_at: list[int] = []     # where its GROUP and BY are in ``out``
    group_items = 0
    depth = 0
    previous = ""                # the previous significant token (words upper-cased)
    for kind, value in tokens(text):
        if kind == "comment":
            continue
        if kind == "ws":
            out.append("\n" * value.count("\n") if skipping else value)
            continue
        if skipping:
            if value == "}" and kind == "other":
                out.append(" ".join(lists[filling or ""]) + " }")
                skipping, filling = False, None
            elif value == "{" and kind == "other":
                raise QueryError(f"{where}: the VALUES block of ?{filling} is not closed")
            continue
        if filling is not None:
            if value != "{":
                raise QueryError(f"{where}: VALUES ?{filling} must be followed by {{ ... }}")
            out.append("{ ")
            skipping = True
            continue
        if kind == "var" and previous == "VALUES" and value[1:] in lists:
            filling = value[1:]
            out.append(value)
            previous = value
            continue
        upper = value.upper() if kind == "word" else value
        if grouping is not None and depth == grouping and (upper in _AFTER_GROUP_BY or value in ("{", "}")):
            if group_items == 0:  # every grouping variable was a parameter: no GROUP BY is left
                for position in group_at:
                    out[position] = ""
            grouping = None
        if projecting and depth == projecting[-1] and (upper in ("WHERE", "FROM") or value == "{"):
            projecting.pop()
        if value == "(" and kind == "other":
            depth += 1
        elif value == ")" and kind == "other":
            depth -= 1
        name = value[1:] if kind == "var" else ""
        if name in terms:
            if previous == "AS":
                raise QueryError(f"{where}: ?{name} is a parameter and cannot be assigned with AS; "
                                 "rename the variable")
            at_clause_level = (projecting and depth == projecting[-1]) or (grouping is not None and depth == grouping)
            if not at_clause_level:
                out.append(terms[name])
                if grouping is not None:
                    group_items += 1
        else:
            if grouping is not None:
                group_items += 1
            if kind == "word" and upper == "SELECT":
                projecting.append(depth)
            elif kind == "word" and upper == "BY" and previous == "GROUP":
                grouping, group_items = depth, 0
                group_at = [len(out) - 1 - _blank_run(out), len(out)]
            out.append(renames.get(value, value) if kind in ("word", "iri") else value)
        previous = upper
    if grouping is not None and group_items == 0:   # a GROUP BY of parameters only, at the very end
        for position in group_at:
            out[position] = ""
    return "".join(out)


def _blank_run(out: list[str]) -> int:
    """How many whitespace tokens end ``out`` (between GROUP and BY)."""
    n = 0
    for value in reversed(out):
        if value.strip():
            break
        n += 1
    return n
