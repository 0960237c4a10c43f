"""What a query sent to the workbench may not do: change the graph, or make the server call a
host that is not on the allow-list (``SERVICE``).

The query is read token by token (:func:`kg.sparqltext.tokens`: strings, IRIs and comments are
never mistaken for keywords). A ``SERVICE`` must name its endpoint as an IRI, written out or as a
prefixed name, that is on the allow-list; ``SERVICE ?variable`` is refused, since the endpoint
would come from the data.
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.errors import ForbiddenQueryError
from kg.prefixes import PREFIXES, WIKIDATA_SPARQL
from kg.sparqltext import tokens

#: The endpoints a SERVICE may call unless the server is told otherwise (``--allow-service``).
DEFAULT_SERVICES = (WIKIDATA_SPARQL,)

_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def check(text: str, services: Iterable[str]) -> None:
    """Raise :class:`ForbiddenQueryError` if ``text`` is an update or calls a SERVICE not in ``services``."""
    allowed = set(services)
    significant = [(kind, value) for kind, value in tokens(text) if kind not in ("ws", "comment")]
    declared = dict(PREFIXES)
    for i, (kind, value) in enumerate(significant):
        if kind != "word":
            continue
        word = value.upper()
        if word == "PREFIX" and i + 2 < len(significant):
            name, iri = _prefix_declaration(significant[i + 1:i + 4])
            if name is not None and iri is not None:
                declared[name] = iri
        elif word == "SERVICE":
            target = significant[i + 1:i + 3]
            if target and target[0][0] == "word" and target[0][1].upper() == "SILENT":
                target = target[1:]
            endpoint = _endpoint(target[0] if target else ("other", ""), declared)
            if endpoint not in allowed:
                shown = endpoint or (target[0][1] if target else "nothing")
                raise ForbiddenQueryError(
                    f"SERVICE {shown} is not on this server's allow-list ({', '.join(sorted(allowed)) or 'empty'}); "
                    "run the query with `dipkg query`, or start the workbench with --allow-service URL")
    if _form(significant) in _UPDATES:
        raise ForbiddenQueryError("the workbench is read-only: SPARQL updates are refused "
                                  "(change the graph with `dipkg build` or `dipkg import`)")


def _prefix_declaration(following: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    """``PREFIX p: <iri>`` as tokens: ``p:`` may come as one word, or ``p`` then ``:``."""
    words = [value for kind, value in following if kind == "word"]
    iris = [value for kind, value in following if kind == "iri"]
    if not iris:
        return None, None
    name = "".join(words).removesuffix(":")
    return name, iris[0][1:-1]


def _endpoint(token: tuple[str, str], declared: dict[str, str]) -> str:
    kind, value = token
    if kind == "iri":
        return value[1:-1]
    if kind == "word" and ":" in value:
        prefix, _, local = value.partition(":")
        if prefix in declared:
            return declared[prefix] + local
    return ""


def _form(significant: list[tuple[str, str]]) -> str:
    """The first keyword after the prologue (``BASE`` and ``PREFIX`` declarations): SELECT,
    CONSTRUCT, ASK, DESCRIBE, or an update's first keyword."""
    i = 0
    while i < len(significant):
        kind, value = significant[i]
        if kind == "word" and value.upper() == "BASE":
            i += 2
        elif kind == "word" and value.upper() == "PREFIX":
            i += 1
            while i < len(significant) and significant[i][0] != "iri":
                i += 1
            i += 1
        else:
            return value.upper() if kind == "word" else value
    return ""
