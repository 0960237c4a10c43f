"""What the pages ask of the graph: named questions with their parameters checked, entities
with their statements, what the graph holds; read through an engine (:mod:`kg.web.engine`),
with what every page needs (the ids, the resources' labels) read once per version of the store.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, Protocol

import yaml

from kg import identifiers, queries
from kg.answers import Answer
from kg.errors import ParameterError, QueryError
from kg.paths import QUERIES_DIR
from kg.web import guard
from kg.web.cells import Index, Resource
from kg.web.engine import Job, built_at, signature

#: The file naming the research questions the ``research-question-N`` tags point to.
RESEARCH_QUESTIONS = QUERIES_DIR / "research-questions.yaml"


class Engine(Protocol):
    def run(self, job: Job) -> Any: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class ResearchQuestion:
    tag: str
    title: str
    summary: str
    questions: tuple[queries.NamedQuery, ...]


@dataclass(frozen=True)
class Asked:
    """A named question asked with parameters: its answer and the SPARQL that gave it."""

    query: queries.NamedQuery
    params: dict[str, str]
    answer: Answer
    sparql: str
    columns: list[str]
    terms: list[list[Any]]


class Workbench:
    """The graph as the pages read it."""

    def __init__(self, engine: Engine, store: Path, services: tuple[str, ...] = guard.DEFAULT_SERVICES):
        self.engine, self.store, self.services = engine, store, services
        self._cache: dict[str, tuple[Any, Any]] = {}
        self._lock = threading.Lock()

    # --- running SPARQL -------------------------------------------------------------------------

    def select(self, text: str) -> tuple[list[str], list[list[Any]]]:
        guard.check(text, self.services)
        found = self.engine.run(Job("select", text))
        if not isinstance(found, tuple):
            raise QueryError("this page shows SELECT answers; run an ASK or CONSTRUCT query at /sparql")
        return found

    def serialise(self, text: str, accept: str) -> tuple[str, bytes]:
        guard.check(text, self.services)
        media, body = self.engine.run(Job("serialise", text, accept))
        return media, body

    def system(self, name: str, params: Mapping[str, Any] | None = None) -> Answer:
        query = queries.system(name)
        return Answer(*self.select(queries.written(query, params)), drop=[p.name for p in query.params])

    def _cached(self, key: str, make: Any) -> Any:
        """``make()``, read again only when the store changed."""
        now = signature(self.store)
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None and hit[0] == now and now is not None:
            return hit[1]
        value = make()
        with self._lock:
            self._cache[key] = (now, value)
        return value

    # --- what every page needs ------------------------------------------------------------------

    def ids(self) -> dict[str, dict[str, str]]:
        """``{kind: {id: label}}`` (:func:`kg.identifiers.known`)."""
        return self._cached("ids", lambda: identifiers.by_kind(self.system("identifiers").rows))

    def index(self) -> Index:
        def make() -> Index:
            rows = self.system("web-resources").rows
            # a source is cited by its title (its label adds the publisher, which a citation shows apart)
            return Index(Resource(iri, key, title or label or "", url or "", publisher or "")
                         for key, iri, label, title, url, publisher in rows)
        return self._cached("index", make)

    def overview(self) -> dict[str, Any]:
        """What the home page says the graph holds."""
        def make() -> dict[str, Any]:
            from kg.versions import versions

            # an import's file by its name, not where it lies on the scholar's disk (`dipkg site` publishes the page)
            imports = [(name, kind, PurePath(str(file)).name, *rest)
                       for name, kind, file, *rest in self.system("imports").rows]
            return {"classes": self.system("entities-per-class").rows, "imports": imports, "versions": versions()}
        found = dict(self._cached("overview", make))
        built = built_at(self.store)
        found["built"] = (dt.datetime.fromtimestamp(built, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
                          if built is not None else None)
        return found

    # --- named questions ------------------------------------------------------------------------

    @staticmethod
    def questions() -> dict[str, queries.NamedQuery]:
        return queries.registry()

    def question(self, name: str) -> queries.NamedQuery:
        found = self.questions().get(queries.RENAMED.get(name, name))
        if found is None:
            raise QueryError(f"no question named {name!r}")
        return found

    def ask(self, query: queries.NamedQuery, raw: Mapping[str, str]) -> Asked:
        """Run ``query`` with the parameters of a form or URL (empty values take the default)."""
        params = {k: v for k, v in raw.items() if v is not None}
        unknown = sorted(set(params) - {p.name for p in query.params})
        if unknown:
            raise ParameterError(f"{query.name} has no parameter {', '.join(unknown)} "
                                 f"(its parameters: {', '.join(p.name for p in query.params) or 'none'})")
        given = {k: v for k, v in params.items() if v != ""}   # an empty field takes the default
        identifiers.check_known(self.ids(), query, given)
        text = queries.written(query, given)
        columns, rows = self.select(text)
        return Asked(query, given, Answer(columns, rows, drop=[p.name for p in query.params]),
                     readable(text), columns, rows)

    # --- entities -------------------------------------------------------------------------------

    def statements(self, iri: str) -> Answer:
        return self.system("entity-statements", {"iri": iri})

    def mentions(self, iri: str) -> Answer:
        return self.system("entity-mentions", {"iri": iri})

    def describe(self, iri: str, accept: str) -> tuple[str, bytes]:
        return self.serialise(queries.written(queries.system("entity-describe"), {"iri": iri}), accept)

    # --- the research questions -------------------------------------------------------------------

    def research_questions(self) -> list[ResearchQuestion]:
        """The research questions (``queries/research-questions.yaml``), each with its named questions
        (those tagged ``research-question-N``), and last the questions no research question claims."""
        listed = _research_questions()
        everything = self.questions().values()
        out: list[ResearchQuestion] = []
        claimed: set[str] = set()
        for tag, (title, summary) in listed.items():
            mine = tuple(q for q in everything if tag in q.tags)
            claimed.update(q.name for q in mine)
            out.append(ResearchQuestion(tag, title, summary, mine))
        rest = tuple(q for q in everything if q.name not in claimed)
        if rest:
            out.append(ResearchQuestion("other", "Other questions", "Provenance and tools.", rest))
        return out


def readable(text: str, declare: bool = True) -> str:
    """A query as a page shows it: the prefixes it uses declared (so that it runs as it is on any
    endpoint; not with ``declare=False``), no blank runs where the header and comments were."""
    from kg.prefixes import PREFIXES
    from kg.sparqltext import tokens

    used = {value.partition(":")[0] for kind, value in tokens(text) if kind == "word" and ":" in value}
    declared = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items() if name in used and declare)
    lines: list[str] = []
    for line in text.strip("\n").splitlines():
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return (declared + "\n" if declared else "") + "\n".join(lines).strip("\n") + "\n"


@functools.cache
def _research_questions() -> dict[str, tuple[str, str]]:
    data = yaml.safe_load(RESEARCH_QUESTIONS.read_text(encoding="utf-8"))
    return {str(item["tag"]): (str(item["title"]), str(item["summary"]).strip()) for item in data}
