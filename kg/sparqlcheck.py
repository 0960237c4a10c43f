"""Checks of a scholar's SPARQL before the engine sees it, and its syntax errors made readable.

- :func:`problems`: what would stop the query: a prefix nobody declared (naming the known ones),
  the ``dkid:state/XKX`` trap (a ``/`` ends a prefixed name), a brace or parenthesis never closed
  or closed twice;
- :func:`readable`: the engine's syntax error as ``file:line:column: expected ...`` with the line
  and a caret, not its raw list of expected tokens;
- :func:`lint`: what would make it answer wrongly: a ``dk:`` term the ontology does not declare
  (with the closest declared ones), a property used on a class it does not describe (against the
  ontology's domains and the SHACL shapes), and comparing the graph's ``xsd:date`` values with
  ``NOW()`` or an ``xsd:dateTime``.

Everything works on :func:`kg.sparqltext.tokens`, so strings, IRIs and comments are never
mistaken for code.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from pyoxigraph import NamedNode, RdfFormat, parse

from kg.paths import SHAPES_FILE
from kg.prefixes import PREFIXES
from kg.sparqltext import tokens

DK = PREFIXES["dk"]
_RDF_TYPE, _SUBCLASS = PREFIXES["rdf"] + "type", PREFIXES["rdfs"] + "subClassOf"
_DOMAIN, _TARGET, _PATH = PREFIXES["rdfs"] + "domain", PREFIXES["sh"] + "targetClass", PREFIXES["sh"] + "path"
_PROPERTY = PREFIXES["sh"] + "property"
_ENGINE = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)
_CLOSERS = {"}": "{", ")": "(", "]": "["}
#: Words after which a new line does not need a '.' before it.
_KEYWORDS = {"WHERE", "SELECT", "DISTINCT", "OPTIONAL", "UNION", "MINUS", "GRAPH", "SERVICE", "FILTER", "BIND",
             "VALUES", "A", "AS", "BY", "PREFIX"}


@dataclass(frozen=True)
class Finding:
    """One thing found in a query, where it is."""

    line: int
    column: int
    message: str

    def at(self, where: str) -> str:
        return f"{where}:{self.line}:{self.column}: {self.message}"


def _positioned(text: str) -> list[tuple[str, str, int, int]]:
    """The significant tokens with their line and column (1-based)."""
    out, line, column = [], 1, 1
    for kind, value in tokens(text):
        if kind not in ("ws", "comment"):
            out.append((kind, value, line, column))
        newlines = value.count("\n")
        line, column = (line + newlines, len(value) - value.rfind("\n")) if newlines else (line, column + len(value))
    return out


def _declared(toks: list[tuple[str, str, int, int]]) -> set[str]:
    """Prefixes the query declares itself (``PREFIX p: <...>``)."""
    return {toks[i + 1][1].rstrip(":") for i, (kind, value, _, _) in enumerate(toks[:-1])
            if kind == "word" and value.upper() == "PREFIX"}


def problems(text: str) -> list[Finding]:
    """What would stop the query, each with its line and column."""
    toks = _positioned(text)
    known = set(PREFIXES) | _declared(toks)
    found: list[Finding] = []
    opened: list[tuple[str, int, int]] = []
    misaligned: list[tuple[int, int, int]] = []   # braces closed on a line that does not line up with theirs
    indent = [len(ln) - len(ln.lstrip()) for ln in text.splitlines()] + [0]
    for index, (kind, value, line, column) in enumerate(toks):
        if kind == "word" and ":" in value and not value.upper().startswith("PREFIX"):
            prefix = value.split(":", 1)[0]
            nxt = toks[index + 1] if index + 1 < len(toks) else None
            if prefix and prefix not in known:
                close = difflib.get_close_matches(prefix, sorted(known), n=3)
                hint = f"did you mean {', '.join(f'{c}:' for c in close)}? " if close else ""
                found.append(Finding(line, column, f"unknown prefix {prefix}: ({hint}dipkg declares "
                                                   f"{', '.join(sorted(PREFIXES))}; `dipkg prefixes` lists them)"))
            elif (prefix == "dkid" and nxt and nxt[1] == "/" and nxt[2] == line
                  and nxt[3] == column + len(value)):
                kind_name = value.split(":", 1)[1]
                key = toks[index + 2][1] if index + 2 < len(toks) else "KEY"
                found.append(Finding(line, column, f"{value}/{key} is read as a property path ('/' ends a prefixed "
                                                   f"name): write {kind_name}:{key} or <{PREFIXES['dkid']}"
                                                   f"{kind_name}/{key}>"))
        elif kind == "other" and value in "{([":
            opened.append((value, line, column))
        elif kind == "other" and value in _CLOSERS:
            if not opened or opened[-1][0] != _CLOSERS[value]:
                found.append(Finding(line, column, f"'{value}' closes nothing that is open"))
                continue
            _, open_line, open_column = opened.pop()
            starts_line = column == indent[line - 1] + 1
            if value == "}" and open_line != line and starts_line and indent[open_line - 1] != column - 1:
                misaligned.append((open_line, open_column, line))
    for value, line, column in opened:
        # The '{' left open is usually an inner one whose '}' was forgotten: the '}' that took its
        # place lines up with an outer line.
        inner = [m for m in misaligned if (m[0], m[1]) > (line, column)]
        if value == "{" and inner:
            open_line, open_column, close_line = inner[-1]
            found.append(Finding(open_line, open_column, f"'{{' opened here is probably never closed (the '}}' on "
                                                         f"line {close_line} lines up with an outer block)"))
        else:
            found.append(Finding(line, column, f"'{value}' opened here is never closed"))
    return found


def readable(message: str, text: str, where: str) -> str:
    """The engine's syntax error ``message`` about ``text`` as ``where:line:column: expected ...``
    followed by the line and a caret."""
    found = problems(text)
    if found:
        return "\n".join(_with_line(f, text, where) for f in found)
    match = _ENGINE.search(message)
    if not match:
        return f"{where}: SPARQL syntax error: {message}"
    line, column, expected = int(match.group(1)), int(match.group(2)), match.group(3)
    before = [t for t in _positioned(text) if t[2] < line]   # the tokens of the lines before
    hint = ""
    if before and before[-1][1] not in (".", ";", ",", "{", "(", "[") and before[-1][1].upper() not in _KEYWORDS:
        hint = f" (is a '.' missing at the end of line {before[-1][2]}?)"
    return _with_line(Finding(line, column, _expected(expected) + hint), text, where)


def _expected(raw: str) -> str:
    """The engine's list of expected tokens, without its character classes."""
    raw = " ".join(raw.split())
    if not raw.startswith("expected one of "):
        return raw
    items = [i.strip() for i in re.split(r",\s*(?![^\[]*\])", raw.removeprefix("expected one of "))]
    words = [i for i in items if not i.startswith("[") and i != "Prefix not found"]
    if "Prefix not found" in items:
        return "a prefix that is not declared, or a name cut short"
    extra = ["a name or a number"] if len(words) < len(items) else []
    return "expected " + (" or ".join(words[:6] + extra) if words or extra else raw)


def _with_line(finding: Finding, text: str, where: str) -> str:
    lines = text.splitlines()
    shown = lines[finding.line - 1] if 0 < finding.line <= len(lines) else ""
    return f"{finding.at(where)}\n    {shown}\n    {' ' * (finding.column - 1)}^"


# -- lint ----------------------------------------------------------------------------------------

@cache
def _ontology() -> tuple[set[str], dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
    """The dk terms, each class's superclasses (itself included), each property's domains, and
    the properties each class's shape lists."""
    from kg.vocab import statements

    graph = statements()
    terms = {s for s, about in graph.items() if s.startswith(DK) and _RDF_TYPE in about}
    supers = {s: set(about[_SUBCLASS]) for s, about in graph.items() if about.get(_SUBCLASS)}
    domains = {s: set(about[_DOMAIN]) for s, about in graph.items() if about.get(_DOMAIN)}
    closure = {c: _up(c, supers) for c in set(supers) | terms}
    shaped: dict[str, set[str]] = defaultdict(set)
    with SHAPES_FILE.open("rb") as fh:
        triples = list(parse(fh, format=RdfFormat.TURTLE))
    targets = {t.subject: t.object.value for t in triples if t.predicate.value == _TARGET}
    paths = {t.subject: t.object.value for t in triples
             if t.predicate.value == _PATH and isinstance(t.object, NamedNode)}
    for t in triples:
        if t.predicate.value == _PROPERTY and t.subject in targets and t.object in paths:
            shaped[targets[t.subject]].add(paths[t.object])
    return terms, closure, domains, shaped


@cache
def _renamed() -> dict[str, str]:
    from kg.vocab import deprecated

    return {old: "dk:" + new.removeprefix(DK) if new.startswith(DK) else f"<{new}>"
            for old, new in deprecated().items()}


def _up(cls: str, supers: dict[str, set[str]]) -> set[str]:
    seen, todo = {cls}, [cls]
    while todo:
        for parent in supers.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def _iri(value: str) -> str | None:
    if value == "a":
        return _RDF_TYPE
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    prefix, sep, local = value.partition(":")
    return PREFIXES[prefix] + local if sep and prefix in PREFIXES else None


def lint(text: str) -> list[Finding]:
    """What would make the query answer wrongly (see the module's description)."""
    terms, closure, domains, shaped = _ontology()
    toks = _positioned(text)
    found: list[Finding] = []
    for index, (kind, value, line, column) in enumerate(toks):
        iri = _iri(value) if kind in ("word", "iri") else None
        if iri and iri in _renamed():
            found.append(Finding(line, column, f"{value} is deprecated: write {_renamed()[iri]} (dipkg rewrites it "
                                               "for now)"))
        if iri and iri.startswith(DK) and iri != DK and iri not in terms:
            local = iri.removeprefix(DK)
            current = sorted(t.removeprefix(DK) for t in terms if t not in _renamed())
            close = difflib.get_close_matches(local, current, n=4, cutoff=0.6)
            hint = f"; did you mean {', '.join(f'dk:{c}' for c in close)}?" if close else ""
            found.append(Finding(line, column, f"dk:{local} is not a term of the ontology{hint}"))
        converted = index >= 2 and toks[index - 1][1] == "(" and toks[index - 2][1] in ("xsd:date", "STR")
        if kind == "word" and (value.upper() == "NOW" or value == "xsd:dateTime") and not converted:
            found.append(Finding(line, column, f"{value}: the graph's dates are xsd:date, and comparing them with an "
                                               "xsd:dateTime gives no rows or all rows; compare with a date "
                                               "(a parameter of type date, e.g. ?as_of, or \"2020-01-01\"^^xsd:date)"))
    typed: dict[str, set[str]] = defaultdict(set)
    for subject, predicate, obj, _, _ in _triples(toks):
        if predicate == _RDF_TYPE and obj:
            typed[subject].add(obj)
    for subject, predicate, _, line, column in _triples(toks):
        if len(typed.get(subject, ())) != 1:   # untyped, or typed in several branches (UNION, VALUES)
            continue
        [cls] = typed[subject]
        if predicate == _RDF_TYPE or not predicate.startswith(DK) or predicate not in terms:
            continue
        if not domains.get(predicate):
            continue   # a property the ontology does not tie to a class by its domain
        allowed = closure.get(cls, {cls})
        if domains[predicate] & allowed or any(predicate in shaped.get(c, ()) for c in allowed):
            continue
        where = sorted(domains[predicate])
        found.append(Finding(line, column, f"dk:{predicate.removeprefix(DK)} is used on {subject}, a "
                                           f"dk:{cls.removeprefix(DK)}, but describes "
                                           f"{', '.join('dk:' + c.removeprefix(DK) for c in where)}"))
    return sorted(set(found), key=lambda f: (f.line, f.column, f.message))


def _triples(toks: list[tuple[str, str, int, int]]) -> list[tuple[str, str, str | None, int, int]]:
    """(subject variable, first predicate of the path, object IRI or None, line, column) of the
    simple triple patterns whose subject is a variable: enough for the lint."""
    out: list[tuple[str, str, str | None, int, int]] = []
    i, n = 0, len(toks)
    while i < n:
        kind, value, _, _ = toks[i]
        if kind != "var" or (i and toks[i - 1][1] not in ("{", ".", "}")):
            i += 1
            continue
        subject, i = value, i + 1
        while i < n:
            predicate = _iri(toks[i][1]) if toks[i][0] in ("word", "iri") else None
            if predicate is None:
                break
            line, column = toks[i][2], toks[i][3]
            while i + 2 < n and toks[i + 1][1] in ("/", "|"):   # a path: its first step is what the subject has
                i += 2
            obj = toks[i + 1] if i + 1 < n else None
            out.append((subject, predicate, _iri(obj[1]) if obj and obj[0] in ("word", "iri") else None, line, column))
            i += 2
            while i < n and toks[i][1] == ",":
                i += 2
            if i < n and toks[i][1] == ";":
                i += 1
                continue
            break
    return out
