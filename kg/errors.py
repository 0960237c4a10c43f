"""Typed errors. The CLI maps each to an exit code and prints its message, never a traceback.

Exit codes: 0 ok; 1 the data or graph is invalid (every problem listed); 2 usage or runtime
error (missing store, unknown query, bad parameter), with a message saying what to do next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Characters no cell may hold and no message prints as they are: C0 controls but tab, line feed and
#: carriage return; DEL (a NUL or an ANSI escape would reach the graph, or drive the terminal).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def visible(text: str) -> str:
    """``text`` with its control characters written as ``\\x1b``, so that printing it cannot drive a terminal."""
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can: file, line, column."""

    file: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {visible(self.message)}"


class DipkgError(Exception):
    """Base class: a runtime or usage error (exit code 2)."""

    exit_code = 2


class InvalidDataError(DipkgError):
    """The data (CSV, schema, SHACL or a violation query) is invalid (exit code 1)."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0))
        n = len(self.problems)
        listing = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(
            f"{n} problem{'s' if n != 1 else ''} found; nothing was written:\n{listing}"
        )


class StoreError(DipkgError):
    """The store is missing, locked or unreadable."""


class QueryError(DipkgError):
    """An unknown query, a malformed query file, or a bad parameter."""


class ParameterError(QueryError):
    """A query parameter's value is malformed, or names something the graph does not hold."""


class MissingExtraError(DipkgError):
    """An optional part of dipkg is not installed (``pip install 'dipkg[extra]'``)."""


class ReasonerError(DipkgError):
    """The reasoner could not run (no Java, a Java error): exit code 2."""


class InconsistentGraphError(DipkgError):
    """The ontology with the data is inconsistent (exit code 1); ``explanation`` says why."""

    exit_code = 1

    def __init__(self, explanation: list[str], individuals: list[str], by: str = "Pellet's explanation"):
        self.explanation = explanation
        self.individuals = individuals
        from kg.iris import short

        named = ", ".join(short(i) for i in individuals) or "(none named)"
        lines = "\n".join(f"  {line}" for line in explanation) or "  (the reasoner gave no explanation)"
        super().__init__(f"the ontology and the data are inconsistent; the individuals involved: {named}.\n"
                         f"These axioms together contradict each other ({by}):\n{lines}\n"
                         "Fix the rows that describe these individuals (or the ontology's axiom), rebuild, "
                         "and run `dipkg reason` again.")


class RemoteError(DipkgError):
    """The remote endpoint refused or failed; the message says what to check."""


class WikidataError(DipkgError):
    """Wikidata (or the configured endpoint) could not answer; the message says what to do."""


class QueryTimeoutError(QueryError):
    """A query ran longer than the time it was given (``dipkg serve --timeout``)."""


class ForbiddenQueryError(QueryError):
    """A query the workbench refuses to run: an update, or a SERVICE outside the allow-list."""


class VendorError(DipkgError):
    """A third-party file the workbench serves (YASGUI, from npm) could not be fetched or installed."""


class IntegrityError(VendorError):
    """A downloaded package is not the one pinned: its SRI integrity differs. Nothing was written."""
