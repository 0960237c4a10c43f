"""The named-query registry: ``queries/*.rq`` files with a ``#+`` header.

A query file starts with a YAML header in ``#+`` comment lines::

    #+ title: Recognition timeline
    #+ description: Recognitions per year and the cumulative count.
    #+ tags: [recognition]
    #+ params:
    #+   viewpoint: {type: string, default: kosovo, enum: [kosovo, serbia, undisputed],
    #+               description: Whose account of withdrawals to apply.}
    #+   as_of: {type: date, default: today, description: Count events up to this date.}

A parameter may also say which identifiers it takes (``ids: state``, ``recognised``,
``organisation``, ``account``, ``platform``, ``actor``, ``theme``, ``indicator``,
``incident-kind``) and whether it takes several, separated by ``;`` (``list: true``):
``KnowledgeGraph.query`` then refuses an id the graph does not hold and names the closest ones.
A list parameter is best written as a ``VALUES`` block of its default's terms::

    VALUES ?states { state:XKX state:ALB }

:func:`written` fills every such block with the items asked for (state and organisation ids as
their IRIs, other ids as strings; each once, in the order given; an empty value is refused), and
``?states`` is then an ordinary variable, one item per solution, that patterns join on: the
engine starts from the items rather than testing every state against a ``;``-separated string
(``CONTAINS``), which a list parameter written anywhere else still is.

Parameter values are checked and converted to RDF terms by :meth:`Param.bind`; only those
terms, in their canonical N-Triples form, are written in place of the parameter variables
(:func:`written`, token by token: :mod:`kg.sparqltext`), never the user's raw text. The embedded
store then plans the query with the values known: pyoxigraph's SEP-0007 ``substitutions`` bind
them after planning, which made parameter-anchored queries up to 150 times slower (see
``bench/README.md``). A parameter may be projected by a SELECT (so the file runs as written in
any SPARQL editor); it is dropped from the projection and from the result columns.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pyoxigraph import Literal, NamedNode, QueryBoolean, QueryTriples, Store, Variable

from kg import iris
from kg.errors import ParameterError, QueryError
from kg.paths import QUERIES_DIR
from kg.prefixes import PREFIXES
from kg.sparqltext import substitute, tokens, values_blocks

if TYPE_CHECKING:
    import pandas as pd

    from kg.answers import Answer

PARAM_TYPES = ("string", "date", "integer", "boolean", "state", "organisation", "iri", "viewpoint")
PARAM_KEYS = {"type", "default", "description", "enum", "ids", "list"}
#: What an ``ids`` key may name (the kinds of ``queries/system/identifiers.rq``).
ID_KINDS = ("state", "recognised", "organisation", "account", "platform", "actor", "theme", "indicator",
            "incident-kind")
#: Values of a parameter whose default is one of them that mean "any".
ANY = ("", "all")
XSD = PREFIXES["xsd"]


@dataclass(frozen=True)
class Param:
    """A named, typed query parameter with an optional default and allowed values."""

    name: str
    type: str = "string"
    default: Any = None
    description: str = ""
    enum: tuple[str, ...] = ()
    ids: str | None = None
    many: bool = False

    @property
    def id_kind(self) -> str | None:
        """The kind of identifier the parameter takes, if any (state and organisation types imply one)."""
        return self.ids or {"state": "state", "organisation": "organisation"}.get(self.type)

    def text(self, raw: Any) -> str:
        """The value as text: dates in ISO form, lists joined with ``;``."""
        if isinstance(raw, list | tuple | set | frozenset):
            if not self.many:
                raise ParameterError(f"parameter {self.name} takes one value, not a list ({raw!r})")
            return ";".join(self.text(item) for item in raw)
        if isinstance(raw, bool) and self.type == "boolean":
            return "true" if raw else "false"
        if self.type == "date" and not isinstance(raw, str):
            return _iso_day(self.name, raw)
        return str(raw).strip()

    def items(self, raw: Any) -> list[NamedNode | Literal]:
        """A list parameter's value (or default) as one term per item, for a ``VALUES`` block."""
        value = self.default if raw is None else raw
        if value is None:
            raise ParameterError(f"parameter {self.name!r} is required ({self.description or self.type})")
        kind: iris.Kind | None = (
            "state" if self.id_kind == "state" else "organisation" if self.id_kind == "organisation" else None)
        keys = [key for key in dict.fromkeys(item.strip().upper() if kind else item.strip()
                                             for item in self.text(value).split(";")) if key]
        if not keys:
            raise ParameterError(f"parameter {self.name}: give at least one value ({self.description or self.type})")
        return [iris.mint(kind, key) if kind else Literal(key) for key in keys]

    def bind(self, raw: Any) -> NamedNode | Literal:
        """Convert a user-supplied value (or the default) into an RDF term."""
        value = self.default if raw is None else raw
        if value is None:
            raise ParameterError(f"parameter {self.name!r} is required ({self.description or self.type})")
        text = self.text(value)
        if self.enum and text not in self.enum:
            raise ParameterError(
                f'parameter {self.name}: "{text}" is not one of: {", ".join(self.enum)}')
        if self.type == "date":
            return Literal(_day(self.name, text).isoformat(), datatype=NamedNode(XSD + "date"))
        if self.type == "integer":
            try:
                return Literal(str(int(text)), datatype=NamedNode(XSD + "integer"))
            except ValueError:
                raise ParameterError(f'parameter {self.name}: "{text}" is not an integer') from None
        if self.type == "boolean":
            if text.lower() not in ("true", "false"):
                raise ParameterError(f'parameter {self.name}: "{text}" is not true or false')
            return Literal(text.lower(), datatype=NamedNode(XSD + "boolean"))
        if self.type == "state":
            return iris.mint("state", text.upper())
        if self.type == "organisation":
            return iris.mint("organisation", text.upper())
        if self.type == "iri":
            if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", text):
                raise ParameterError(f'parameter {self.name}: "{text}" is not an http(s) IRI')
            return NamedNode(text)
        return Literal(text)


def _iso_day(name: str, value: Any) -> str:
    """A date given as a Python object (date, datetime, pandas Timestamp, numpy datetime64) in ISO form."""
    if isinstance(value, dt.datetime):      # pandas.Timestamp is one too
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if type(value).__name__ == "datetime64":   # numpy, without importing it
        text = str(value)
        if text != "NaT":
            return text[:10]
    raise ParameterError(f"parameter {name}: {value!r} is not a date (give a date, a datetime or YYYY-MM-DD)")


def _day(name: str, text: str) -> dt.date:
    if text == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:   # a timestamp such as 2012-12-31T00:00:00 or 2012-12-31 00:00:00
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise ParameterError(f'parameter {name}: "{text}" is not a date as YYYY-MM-DD') from None


@dataclass(frozen=True)
class NamedQuery:
    """A SPARQL query file with its metadata."""

    name: str
    path: Path
    text: str
    title: str
    description: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = field(default_factory=tuple)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def body(self) -> str:
        """The query's text without its ``#+`` header (what the docs show)."""
        return "\n".join(line for line in self.text.splitlines() if not line.startswith("#+")).strip("\n")

    @property
    def federated(self) -> bool:
        """Whether it asks another endpoint: it takes the endpoint as a parameter of type ``iri``, and
        needs the network, so the docs show no example answer."""
        return any(p.type == "iri" for p in self.params)


#: Parsed query files by path, with the modification time they were parsed at.
_PARSED: dict[Path, tuple[int, NamedQuery]] = {}


def load_query_file(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its ``#+`` header (parsed again only when the file changes)."""
    if not path.is_file():
        raise QueryError(f"no query file {path}")
    mtime = path.stat().st_mtime_ns
    cached = _PARSED.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise QueryError(f"{path}:{line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); save the query as UTF-8") from None
    query = _parse(path, text)
    _PARSED[path] = (mtime, query)
    return query


def _parse(path: Path, text: str) -> NamedQuery:
    header_lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            header_lines.append(line[2:].removeprefix(" "))
        elif line.strip() and not line.startswith("#"):
            break
    try:
        meta = yaml.safe_load("\n".join(header_lines)) or {} if header_lines else {}
    except yaml.YAMLError as exc:
        raise QueryError(f"{path}: the #+ header is not valid YAML: {exc}") from exc
    params = []
    for pname, spec in (meta.get("params") or {}).items():
        spec = spec or {}
        unknown = sorted(set(spec) - PARAM_KEYS)
        if unknown:
            raise QueryError(f"{path}: parameter {pname!r} has unknown keys {', '.join(map(str, unknown))} "
                             f"(expected {', '.join(sorted(PARAM_KEYS))}; quote a description that holds a comma)")
        ptype = spec.get("type", "string")
        if ptype not in PARAM_TYPES:
            raise QueryError(f"{path}: parameter {pname!r} has unknown type {ptype!r}; "
                             f"expected one of {', '.join(PARAM_TYPES)}")
        enum = tuple(str(v) for v in spec.get("enum", ()))
        if ptype == "viewpoint":  # a string whose values are the viewpoint scheme's, defined once
            enum = enum or viewpoints()
        ids = spec.get("ids")
        if ids is not None and ids not in ID_KINDS:
            raise QueryError(f"{path}: parameter {pname!r} has unknown ids {ids!r}; "
                             f"expected one of {', '.join(ID_KINDS)}")
        description = str(spec.get("description", "")).strip()
        params.append(Param(pname, ptype, spec.get("default"), description, enum, ids, bool(spec.get("list"))))
    raw_tags = meta.get("tags") or []
    tags = [str(t) for t in (raw_tags if isinstance(raw_tags, list) else [raw_tags])]
    return NamedQuery(
        name=path.stem, path=path, text=text, title=str(meta.get("title", path.stem)),
        description=str(meta.get("description", "")).strip(),
        tags=tuple(tags), params=tuple(params))


def viewpoints() -> tuple[str, ...]:
    """The viewpoints a recognition count may take (``ontology/vocab/viewpoint.ttl``)."""
    from kg.vocab import notations

    return tuple(sorted(notations(PREFIXES["dk"] + "ViewpointScheme")))


def registry(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every named query in ``directory`` (not its sub-directories), by name."""
    return {p.stem: load_query_file(p) for p in sorted(directory.glob("*.rq"))}


def system(name: str) -> NamedQuery:
    """A query the tool itself uses, ``queries/system/<name>.rq``."""
    return load_query_file(QUERIES_DIR / "system" / f"{name}.rq")


def update(name: str) -> NamedQuery:
    """A SPARQL update the tool itself runs, ``queries/system/<name>.ru`` (applied in one transaction)."""
    return load_query_file(QUERIES_DIR / "system" / f"{name}.ru")


def derivation(name: str) -> NamedQuery:
    """A derivation the build writes, ``queries/derive/<name>.rq``."""
    return load_query_file(QUERIES_DIR / "derive" / f"{name}.rq")


def derived_edges(name: str) -> NamedQuery:
    """An update the build runs to write derived edges, ``queries/derive/<name>.ru``."""
    return load_query_file(QUERIES_DIR / "derive" / f"{name}.ru")


def wikidata(name: str) -> NamedQuery:
    """A query sent to Wikidata (or a mirror), ``queries/wikidata/<name>.rq``."""
    return load_query_file(QUERIES_DIR / "wikidata" / f"{name}.rq")


#: Named questions renamed to the one spelling (0.4.0): the old name still works, with a warning.
RENAMED = {"recognizers-as-of": "recognisers-as-of", "non-recognizers": "non-recognisers"}


def resolve(name_or_file: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    """A named query by name, or an ad-hoc ``.rq`` file by path. A name in :data:`RENAMED` gives
    the renamed question, with a ``DeprecationWarning``."""
    if name_or_file in RENAMED:
        warnings.warn(f"the question {name_or_file!r} is now called {RENAMED[name_or_file]!r}",
                      DeprecationWarning, stacklevel=2)
        name_or_file = RENAMED[name_or_file]
    if name_or_file.endswith(".rq"):
        return load_query_file(Path(name_or_file))
    path = directory / f"{name_or_file}.rq"
    if "/" not in name_or_file and path.is_file():
        return load_query_file(path)
    queries = registry(directory)
    if name_or_file not in queries:
        known = ", ".join(queries) or "(none)"
        raise QueryError(f"no query named {name_or_file!r}. Known queries: {known}. "
                         "Run `dipkg queries` to list them with their parameters.")
    return queries[name_or_file]


def bindings(query: NamedQuery, params: Mapping[str, Any]) -> dict[Variable, Any]:
    """Check ``params`` against the query's declared parameters and convert them to terms."""
    unknown = sorted(set(params) - {p.name for p in query.params})
    if unknown:
        declared = ", ".join(p.name for p in query.params) or "none"
        raise QueryError(f"query {query.name!r} has no parameter {', '.join(map(repr, unknown))} "
                         f"(its parameters: {declared})")
    return {Variable(p.name): p.bind(params.get(p.name)) for p in query.params}


def solutions(store: Store, query: NamedQuery, params: Mapping[str, Any] | None = None,
              check_ids: bool = False) -> tuple[list[str], list[list[Any]]]:
    """Run ``query`` on ``store`` with ``params`` written in; return its columns and its rows of
    RDF terms. With ``check_ids``, an id the graph does not hold is a :class:`ParameterError`
    (:mod:`kg.identifiers`)."""
    text = written(query, params)
    if check_ids:
        from kg import identifiers

        identifiers.check(store, query, params or {})
    try:
        found = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        if isinstance(found, QueryBoolean):      # ASK: one row, one column
            return ["ask"], [[Literal("true" if found else "false", datatype=NamedNode(XSD + "boolean"))]]
        if isinstance(found, QueryTriples):      # CONSTRUCT or DESCRIBE: a table of triples
            return ["subject", "predicate", "object"], [[t.subject, t.predicate, t.object] for t in found]
        columns = [v.value for v in found.variables]
        rows = [[solution[c] for c in columns] for solution in found]
    except SyntaxError as exc:
        from kg.sparqlcheck import readable

        # the written text keeps the file's lines; show the file's own line
        raise QueryError("SPARQL syntax error:\n" + readable(str(exc), query.text, str(query.path))) from exc
    except (RuntimeError, OSError) as exc:   # the engine's errors, and a SERVICE it could not reach
        if any(kind == "word" and value.upper() == "SERVICE" for kind, value in tokens(query.text)):
            raise QueryError(f"{query.name} asks another SPARQL endpoint (SERVICE), which failed: {exc}. Check "
                             "the network and the endpoint, or give a reachable mirror (--param endpoint=URL) if "
                             "the question takes one") from exc
        if "Corruption" in str(exc):
            from kg.store import damaged

            raise damaged(None, exc) from None
        raise QueryError(f"{query.path}: {exc}") from exc
    return columns, rows


def run(store: Store, query: NamedQuery, params: Mapping[str, Any] | None = None,
        check_ids: bool = False) -> pd.DataFrame:
    """Run ``query`` on ``store`` with ``params`` written in; return a typed DataFrame."""
    return frame(query, *solutions(store, query, params, check_ids))


def answer(store: Store, query: NamedQuery, params: Mapping[str, Any] | None = None,
           check_ids: bool = False) -> Answer:
    """Like :func:`run`, as Python values without pandas (:class:`kg.answers.Answer`)."""
    from kg.answers import Answer

    return Answer(*solutions(store, query, params, check_ids), drop=[p.name for p in query.params])


def frame(query: NamedQuery, columns: list[str], rows: Iterable[list[Any]]) -> pd.DataFrame:
    """The typed DataFrame of a query's solutions (RDF terms), without the parameter columns."""
    from kg import answers

    return answers.frame(columns, rows, drop=[p.name for p in query.params])


def instantiate(query: NamedQuery, params: Mapping[str, Any] | None = None) -> str:
    """The query's text with its parameters written in and the predeclared prefixes declared,
    for any SPARQL 1.1 endpoint."""
    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    return prefixes + written(query, params)


def written(query: NamedQuery, params: Mapping[str, Any] | None = None) -> str:
    """The query's text with each parameter written as its RDF term (:func:`kg.sparqltext.substitute`).

    The terms come from :meth:`Param.bind` (checked, typed, and escaped by pyoxigraph), so no
    user text reaches the query except as a well-formed IRI or literal. Writing them in, rather
    than binding them after planning, lets the engine plan with the values known, reaches into
    subqueries and nested groups alike, and gives remote endpoints (which take no bindings) the
    same query.
    """
    params = params or {}
    terms = {v.value: str(term) for v, term in bindings(query, params).items()}
    in_values = values_blocks(query.text)
    lists = {p.name: [str(term) for term in p.items(params.get(p.name))]
             for p in query.params if p.many and p.name in in_values}
    for name in lists:
        del terms[name]
    return substitute(query.text, terms, str(query.path), renamed_terms(), lists)


@functools.cache
def renamed_terms() -> dict[str, str]:
    """Each deprecated term as a query may write it (``dk:recognizer``, or its IRI in ``<>``) ->
    the term that replaced it (:func:`kg.vocab.deprecated`)."""
    from kg.vocab import deprecated

    dk = PREFIXES["dk"]
    out = {}
    for old, new in deprecated().items():
        out[f"<{old}>"] = f"<{new}>"
        if old.startswith(dk) and new.startswith(dk):
            out[f"dk:{old.removeprefix(dk)}"] = f"dk:{new.removeprefix(dk)}"
    return out
