"""What dipkg knows about other SPARQL engines' mistakes, to warn before a wrong answer is trusted.

The named questions are written so that Virtuoso 7.2 answers them as the embedded store does
(``queries/README.md``; tested at scale by ``tests/test_remote_scale.py``). A scholar's own query
may not be: when ``dipkg query --endpoint`` sees, from the ``Server`` header of the answer, that
the endpoint is Virtuoso, and the query has a shape Virtuoso is known to answer wrong, it warns.
"""

from __future__ import annotations

from kg.sparqltext import tokens


def engine(server: str) -> str | None:
    """The engine an HTTP ``Server`` header names, if dipkg knows its mistakes (``"virtuoso"``)."""
    return "virtuoso" if "virtuoso" in server.lower() else None


def _significant(text: str) -> list[str]:
    return [value for kind, value in tokens(text) if kind not in ("ws", "comment")]


def caveats(server: str, text: str) -> list[str]:
    """Why the answer of ``server`` to the query ``text`` may be wrong (empty if none is known)."""
    if engine(server) != "virtuoso":
        return []
    found = []
    significant = _significant(text)
    if any(a == "<" and b == "=" for a, b in zip(significant, significant[1:], strict=False)):
        found.append("Virtuoso 7.2 drops rows at `<=` on dates, depending on its plan (with `<`, `>` or `>=` "
                     "it does not): write `!(?day > ?until)` for `?day <= ?until` (queries/README.md)")
    return found
