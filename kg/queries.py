"""The named-query registry: ``queries/*.rq`` files with a ``#+`` header.

A query file starts with a YAML header in ``#+`` comment lines::

    #+ title: Recognition timeline
    #+ description: Recognitions per year and the cumulative count.
    #+ tags: [recognition]
    #+ params:
    #+   viewpoint: {type: string, default: kosovo, enum: [kosovo, serbia, undisputed],
    #+               description: Whose account of withdrawals to apply.}
    #+   as_of: {type: date, default: today, description: Count events up to this date.}

Parameter values are checked and converted to RDF terms by :meth:`Param.bind`; only those
terms, in their canonical N-Triples form, are written in place of the parameter variables
(:func:`written`), never the user's raw text. The embedded store then plans the query with
the values known: pyoxigraph's SEP-0007 ``substitutions`` bind them after planning, which
made parameter-anchored queries up to 150 times slower (see ``bench/README.md``). A parameter
is projected by the SELECT and dropped from the result columns.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from pyoxigraph import BlankNode, Literal, NamedNode, Store, Variable

from kg import iris
from kg.errors import QueryError
from kg.namespaces import DK, PREFIXES, XSD
from kg.paths import QUERIES_DIR

PARAM_TYPES = ("string", "date", "integer", "boolean", "state", "organisation", "iri", "viewpoint")
PARAM_KEYS = {"type", "default", "description", "enum"}
_INTS = {str(XSD[t]) for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                               "positiveInteger", "unsignedInt", "unsignedLong")}
_FLOATS = {str(XSD[t]) for t in ("decimal", "double", "float")}
_DATE, _DATETIME, _BOOL = str(XSD.date), str(XSD.dateTime), str(XSD.boolean)


@dataclass(frozen=True)
class Param:
    """A named, typed query parameter with an optional default and allowed values."""

    name: str
    type: str = "string"
    default: Any = None
    description: str = ""
    enum: tuple[str, ...] = ()

    def bind(self, raw: Any) -> NamedNode | Literal:
        """Convert a user-supplied value (or the default) into an RDF term."""
        value = self.default if raw is None else raw
        if value is None:
            raise QueryError(f"parameter {self.name!r} is required ({self.description or self.type})")
        text = str(value).strip()
        if self.enum and text not in self.enum:
            raise QueryError(
                f'parameter {self.name}: "{text}" is not one of: {", ".join(self.enum)}')
        if self.type == "date":
            if isinstance(value, dt.date):
                day = value
            elif text == "today":
                day = dt.date.today()
            else:
                try:
                    day = dt.date.fromisoformat(text)
                except ValueError:
                    raise QueryError(
                        f'parameter {self.name}: "{text}" is not a date as YYYY-MM-DD') from None
            return Literal(day.isoformat(), datatype=NamedNode(str(XSD.date)))
        if self.type == "integer":
            try:
                return Literal(str(int(text)), datatype=NamedNode(str(XSD.integer)))
            except ValueError:
                raise QueryError(f'parameter {self.name}: "{text}" is not an integer') from None
        if self.type == "boolean":
            if text.lower() not in ("true", "false"):
                raise QueryError(f'parameter {self.name}: "{text}" is not true or false')
            return Literal(text.lower(), datatype=NamedNode(str(XSD.boolean)))
        if self.type == "state":
            return iris.mint("state", text.upper())
        if self.type == "organisation":
            return iris.mint("organisation", text.upper())
        if self.type == "iri":
            if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", text):
                raise QueryError(f'parameter {self.name}: "{text}" is not an http(s) IRI')
            return NamedNode(text)
        return Literal(text)


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
    query = _parse(path, path.read_text(encoding="utf-8"))
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
        params.append(Param(pname, ptype, spec.get("default"), str(spec.get("description", "")).strip(), enum))
    raw_tags = meta.get("tags") or []
    tags = [str(t) for t in (raw_tags if isinstance(raw_tags, list) else [raw_tags])]
    return NamedQuery(
        name=path.stem, path=path, text=text, title=str(meta.get("title", path.stem)),
        description=str(meta.get("description", "")).strip(),
        tags=tuple(tags), params=tuple(params))


def viewpoints() -> tuple[str, ...]:
    """The viewpoints a recognition count may take (``ontology/vocab/viewpoint.ttl``)."""
    from kg.vocab import notations

    return tuple(sorted(notations(DK.ViewpointScheme)))


def registry(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every named query in ``directory`` (not its sub-directories), by name."""
    return {p.stem: load_query_file(p) for p in sorted(directory.glob("*.rq"))}


def system(name: str) -> NamedQuery:
    """A query the tool itself uses, ``queries/system/<name>.rq``."""
    return load_query_file(QUERIES_DIR / "system" / f"{name}.rq")


def derivation(name: str) -> NamedQuery:
    """A derivation the build writes, ``queries/derive/<name>.rq``."""
    return load_query_file(QUERIES_DIR / "derive" / f"{name}.rq")


def wikidata(name: str) -> NamedQuery:
    """A query sent to Wikidata (or a mirror), ``queries/wikidata/<name>.rq``."""
    return load_query_file(QUERIES_DIR / "wikidata" / f"{name}.rq")


def resolve(name_or_file: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    """A named query by name, or an ad-hoc ``.rq`` file by path."""
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


def run(store: Store, query: NamedQuery, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Run ``query`` on ``store`` with ``params`` written in; return a typed DataFrame."""
    text = written(query, params)
    try:
        solutions = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"{query.path}: SPARQL syntax error: {exc}") from exc
    except RuntimeError as exc:
        raise QueryError(f"{query.path}: {exc}") from exc
    columns = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    return frame(query, columns, ([solution[c] for c in columns] for solution in solutions))  # type: ignore[union-attr]


def frame(query: NamedQuery, columns: list[str], rows: Iterable[list[Any]]) -> pd.DataFrame:
    """The typed DataFrame of a query's solutions (RDF terms), without the parameter columns."""
    table = pd.DataFrame([[_python(term) for term in row] for row in rows], columns=columns, dtype=object)
    table = table.drop(columns=[p.name for p in query.params if p.name in table.columns])
    return _typed(table)


_SELECT = re.compile(r"\bSELECT\b(\s+DISTINCT\b)?", re.IGNORECASE)
_CLAUSE_END = re.compile(r"\b(WHERE|FROM)\b|\{", re.IGNORECASE)
_GROUP_BY = re.compile(r"\bGROUP\s+BY\b", re.IGNORECASE)
_GROUP_END = re.compile(r"\b(ORDER\s+BY|HAVING|LIMIT|OFFSET|VALUES)\b|\}", re.IGNORECASE)
_EMPTY_GROUP_BY = re.compile(r"\bGROUP\s+BY\s*(?=\b(?:ORDER|HAVING|LIMIT|OFFSET|VALUES)\b|\}|$)", re.IGNORECASE)


def instantiate(query: NamedQuery, params: Mapping[str, Any] | None = None) -> str:
    """The query's text with its parameters written in and the predeclared prefixes declared,
    for any SPARQL 1.1 endpoint."""
    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    return prefixes + written(query, params)


def written(query: NamedQuery, params: Mapping[str, Any] | None = None) -> str:
    """The query's text with each parameter written as its RDF term.

    The terms come from :meth:`Param.bind` (checked, typed, and escaped by pyoxigraph), so no
    user text reaches the query except as a well-formed IRI or literal. Writing them in, rather
    than binding them after planning, lets the engine plan with the values known, reaches into
    subqueries and nested groups alike, and gives remote endpoints (which take no bindings) the
    same query. Parameter variables are dropped from ``SELECT`` projections and ``GROUP BY``
    lists (their columns are not part of an answer). Comment lines are blanked, keeping line
    numbers for syntax errors.
    """
    terms = {v.value: str(term) for v, term in bindings(query, params or {}).items()}
    text = "\n".join("" if line.lstrip().startswith("#") else line for line in query.text.splitlines())
    if terms:
        names = "|".join(re.escape(n) for n in sorted(terms, key=len, reverse=True))
        param = re.compile(rf"(?<!AS )\?({names})\b")
        text = _in_clauses(text, _SELECT, _CLAUSE_END, lambda part: param.sub("", part) if part.strip() else part)
        text = _in_clauses(text, _GROUP_BY, _GROUP_END, lambda part: param.sub("", part))
        text = _EMPTY_GROUP_BY.sub("", text)
        text = param.sub(lambda m: terms[m.group(1)], text)
    return text


def _in_clauses(text: str, start: re.Pattern[str], end: re.Pattern[str], change: Any) -> str:
    """Apply ``change`` to every region from a ``start`` match to the next ``end`` match."""
    out, pos = [], 0
    for m in start.finditer(text):
        if m.start() < pos:
            continue
        stop = end.search(text, m.end())
        region_end = stop.start() if stop else len(text)
        out += [text[pos:m.end()], change(text[m.end():region_end])]
        pos = region_end
    out.append(text[pos:])
    return "".join(out)


def _python(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = term.datatype.value
        if datatype in _INTS:
            return int(term.value)
        if datatype in _FLOATS:
            return float(decimal.Decimal(term.value))
        if datatype == _DATE:
            return dt.date.fromisoformat(term.value[:10])
        if datatype == _DATETIME:
            return dt.datetime.fromisoformat(term.value)
        if datatype == _BOOL:
            # "1" and "0" are xsd:boolean's other lexical forms; Virtuoso writes booleans so.
            return term.value.strip() in ("true", "1")
        return term.value
    if isinstance(term, NamedNode | BlankNode):
        return term.value
    return str(term)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Give columns real dtypes: integers as Int64, dates as datetime64, booleans as boolean."""
    for column in frame.columns:
        values = [v for v in frame[column] if v is not None and not (isinstance(v, float) and pd.isna(v))]
        if not values:
            continue
        if all(isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("boolean")
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("Int64")
        elif all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("Float64")
        elif all(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in values):
            frame[column] = pd.to_datetime(frame[column])
    return frame
