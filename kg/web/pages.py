"""The workbench's pages and downloads as functions of their parameters, shared by the server
(:mod:`kg.web.app`) and the static site (:mod:`kg.web.site`).

Every value from the graph reaches HTML through Jinja2 with autoescaping on, so a note holding
``<script>`` shows as text. Links are written through ``href(path)``: the server writes paths as
they are; the static site turns them into relative file names (or drops the ones a file cannot
answer: ``href`` then gives ``""`` and the template shows plain text).
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import io
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2

from kg import identifiers, queries
from kg.errors import DipkgError, QueryError
from kg.prefixes import ID_BASE, PREFIXES
from kg.web import cells
from kg.web.workbench import Asked, Workbench, readable

TEMPLATES = Path(__file__).parent / "templates"
#: The most rows a page shows (the downloads hold every row).
MAX_ROWS = 2000
RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
SOURCE_PROPERTY = PREFIXES["prov"] + "wasDerivedFrom"
#: How an entity page names the properties of other vocabularies that have no label in the graph.
NAMES = {SOURCE_PROPERTY: "sources", PREFIXES["dcterms"] + "identifier": "identifier", RDFS_LABEL: "label",
         PREFIXES["dcterms"] + "title": "title", PREFIXES["dc"] + "publisher": "publisher",
         PREFIXES["org"] + "memberOf": "member of", PREFIXES["org"] + "member": "member",
         PREFIXES["org"] + "organization": "organisation", PREFIXES["org"] + "role": "role",
         PREFIXES["skos"] + "note": "note", PREFIXES["skos"] + "broader": "part of",
         PREFIXES["skos"] + "prefLabel": "name", PREFIXES["qb"] + "dataSet": "dataset",
         PREFIXES["foaf"] + "page": "page", PREFIXES["foaf"] + "accountName": "handle"}

Href = Callable[[str], str]


def serving(path: str) -> str:
    """``href`` for the server: a path is its own link."""
    return path


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["short"] = short
    env.tests["citation"] = lambda value: isinstance(value, cells.Citation)
    env.globals["host"] = lambda url: (urlsplit(url).hostname or url).removeprefix("www.")
    return env


def render(template: str, href: Href = serving, **context: Any) -> str:
    from kg import __version__

    return _environment().get_template(template).render(href=href, version=__version__, **context)


def short(iri: str) -> str:
    """An IRI as a prefixed name where dipkg declares its namespace (``dk:Recognition``)."""
    if iri.startswith(ID_BASE):
        return iri.removeprefix(ID_BASE)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace) and namespace:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


# --- home -------------------------------------------------------------------------------------


def home(bench: Workbench, href: Href = serving) -> str:
    overview = bench.overview()
    classes = [(short(str(c)), cells.page(str(c)), n) for c, n in overview["classes"]]
    return render("home.html", href, overview=overview, classes=classes,
                  research=bench.research_questions(), title="dipkg workbench")


# --- named questions --------------------------------------------------------------------------


@dataclass
class Field:
    """A form field made from a parameter of a question's header."""

    name: str
    label: str
    kind: str                                   # select, date, number, text
    value: str
    options: list[tuple[str, str]] = field(default_factory=list)
    multiple: bool = False

    @property
    def values(self) -> set[str]:
        return set(self.value.split(";")) if self.multiple else {self.value}


def fields(bench: Workbench, query: queries.NamedQuery, params: Mapping[str, str]) -> list[Field]:
    """The form of ``query``: enums and ids as selects (ids showing names), dates as date inputs,
    defaults filled in, the values asked for kept."""
    out = []
    ids = bench.ids() if any(p.id_kind for p in query.params) else {}
    for p in query.params:
        default = "" if p.default is None else p.text(p.default)
        if p.type == "date" and default == "today":
            default = dt.date.today().isoformat()
        value = params.get(p.name, default)
        label = p.description or p.name
        if p.id_kind:
            known = ids.get(p.id_kind, {})
            options = sorted(((k, f"{v} ({k})" if v else k) for k, v in known.items()), key=lambda kv: kv[1].lower())
            if p.default in ("", "all"):
                options.insert(0, ("", "(all)"))
            if p.id_kind in identifiers.UPPER:
                value = value.upper()
            out.append(Field(p.name, label, "select", value, options, p.many))
        elif p.enum:
            out.append(Field(p.name, label, "select", value, [(e, e) for e in p.enum]))
        elif p.type == "boolean":
            out.append(Field(p.name, label, "select", value.lower(), [("false", "no"), ("true", "yes")]))
        elif p.type == "date":
            out.append(Field(p.name, label, "date", value))
        elif p.type == "integer":
            out.append(Field(p.name, label, "number", value))
        else:
            out.append(Field(p.name, label, "text", value))
    return out


def has_figure(name: str) -> bool:
    from kg.plot import FIGURES

    return name in FIGURES and importlib.util.find_spec("matplotlib") is not None


def can_xlsx() -> bool:
    return importlib.util.find_spec("openpyxl") is not None


def question(bench: Workbench, query: queries.NamedQuery, params: Mapping[str, str], problem: str = "",
             href: Href = serving) -> str:
    """The page of a named question: its form, its answer with citations, downloads, its SPARQL."""
    asked: Asked | None = None
    rows: list[cells.Row] = []
    if not problem:
        asked = bench.ask(query, params)
        rows = cells.table(asked.answer.columns, asked.answer.rows[:MAX_ROWS], bench.index())
    shown = {k: v for k, v in params.items() if v}
    suffix = ("?" + urlencode(shown)) if shown else ""
    return render("question.html", href, title=query.title, query=query, fields=fields(bench, query, params),
                  asked=asked, rows=rows, problem=problem, suffix=suffix, max_rows=MAX_ROWS,
                  figure=has_figure(query.name), xlsx=can_xlsx(),
                  editor=("/editor?" + urlencode({"query": asked.sparql})) if asked else "")


def download(bench: Workbench, query: queries.NamedQuery, params: Mapping[str, str], fmt: str) -> bytes:
    """The answer as a file: ``csv`` and ``json`` as ``dipkg query --format`` writes them, ``xlsx``."""
    from kg.render import render as text

    asked = bench.ask(query, params)
    if fmt in ("csv", "json"):
        return text(asked.answer, fmt).encode("utf-8")
    if not can_xlsx():
        raise QueryError("XLSX downloads need openpyxl: pip install 'dipkg[xlsx]'")
    out = io.BytesIO()
    queries.frame(query, asked.columns, asked.terms).to_excel(out, index=False)
    return out.getvalue()


class _Graph:
    """What :func:`kg.plot.figure` asks of a graph (``query``), answered through the workbench."""

    def __init__(self, bench: Workbench):
        self.bench = bench

    def query(self, name: str, **params: Any) -> Any:
        query = queries.resolve(name)
        columns, rows = self.bench.select(queries.written(query, params))
        return queries.frame(query, columns, rows)


def figure(bench: Workbench, query: queries.NamedQuery, params: Mapping[str, str], fmt: str) -> bytes:
    """The figure ``dipkg plot`` draws for the question, as SVG or PNG."""
    if not has_figure(query.name):
        raise QueryError(f"{query.name} has no figure" if importlib.util.find_spec("matplotlib")
                         else "figures need matplotlib: pip install 'dipkg[plot]'")
    from kg import plot, plotstyle

    given = {k: v for k, v in params.items() if v != ""}
    drawn = plot.figure(_Graph(bench), query.name, given)
    out = io.BytesIO()
    with plotstyle.style():
        drawn.figure.savefig(out, format=fmt, dpi=110 if fmt == "png" else plot.DPI)
    import matplotlib.pyplot as plt

    plt.close(drawn.figure)
    return out.getvalue()


# --- entities ---------------------------------------------------------------------------------


@dataclass
class Value:
    """One value of a property on an entity page."""

    parts: list[Any]
    graph: str = ""
    note: str = ""


@dataclass
class Group:
    property: str
    label: str
    values: list[Value] = field(default_factory=list)


def entity(bench: Workbench, iri: str, href: Href = serving) -> tuple[str, bool]:
    """The page of a resource: label, types, statements about it and pointing at it, grouped by
    property, each dated fact with its dates, precision and sources. ``False`` if the graph holds
    nothing about it."""
    index = bench.index()
    about = bench.statements(iri)
    mentions = bench.mentions(iri)
    if not about.rows and not mentions.rows:
        return render("error.html", href, title="Not in the graph", status=404,
                      message=f"The graph holds nothing about {iri}.", iri=iri), False
    label, types, groups = "", [], _groups()
    for prop, prop_label, value, value_label, graph, is_iri in about.rows:
        if prop == RDFS_LABEL and not label:
            label = str(value)
        if prop == RDF_TYPE:
            types.append(cells.Link(value_label or short(value), cells.page(value)))
            continue
        if prop == SOURCE_PROPERTY and value in index.by_iri:
            source = index.by_iri[value]
            shown: Any = cells.Citation(source.label or source.id, source.url, source.publisher, cells.page(value))
        elif is_iri:
            known = index.by_iri.get(value)
            outside = value.startswith(PREFIXES["wd"])
            shown = cells.Link(value_label or (known.label if known else "") or short(value),
                               value if outside else cells.page(value), external=outside)
        elif isinstance(value, str) and value.startswith(("http://", "https://")):
            shown = cells.Link(value, value, external=True)
        else:
            shown = _literal(value)
        groups[prop].label = prop_label or NAMES.get(prop) or short(prop)
        groups[prop].values.append(Value([shown], short(graph)))
    incoming = _groups()
    for prop, prop_label, subject, subject_label, start, end, precision, sources in mentions.rows[:MAX_ROWS]:
        incoming[prop].label = prop_label or NAMES.get(prop) or short(prop)
        note = ", ".join(x for x in (_dates(start, end, precision),) if x)
        parts: list[Any] = [cells.Link(subject_label or short(subject), cells.page(subject))]
        if sources:
            parts += list(cells.citations(sources, index))
        incoming[prop].values.append(Value(parts, note=note))
    for prop, group in (*groups.items(), *incoming.items()):
        group.property = short(prop)
    about_groups = sorted(groups.values(), key=lambda g: (g.property == short(SOURCE_PROPERTY), g.label))
    title = label or short(iri)
    return render("entity.html", href, title=title, iri=iri, types=types, about=about_groups,
                  mentions=list(incoming.values()), turtle=_rdf_link(iri, "ttl"), jsonld=_rdf_link(iri, "jsonld"),
                  truncated=len(mentions.rows) > MAX_ROWS, max_rows=MAX_ROWS), True


def _groups() -> defaultdict[str, Group]:
    groups: defaultdict[str, Group] = defaultdict(lambda: Group("", ""))
    return groups


def _literal(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _dates(start: Any, end: Any, precision: Any) -> str:
    if start is None and end is None:
        return ""
    text = _literal(start) if start is not None else "?"
    if end is not None:
        text += f" to {_literal(end)}"
    if precision and precision != "day":
        text += f" (to the {precision})"
    return text


def _rdf_link(iri: str, suffix: str) -> str:
    if iri.startswith(ID_BASE):
        return f"{cells.page(iri)}.{suffix}"
    return f"{cells.page(iri)}&format={suffix}"


# --- editor and errors ------------------------------------------------------------------------


def examples(bench: Workbench) -> list[tuple[str, str, str]]:
    """The editor's examples: ``(key, title, SPARQL)`` for each named question with its defaults
    written in, then the cookbook's patterns; neither declares dipkg's prefixes (the endpoint does)."""
    out = []
    for name, query in bench.questions().items():
        try:
            out.append((name, query.title, readable(queries.written(query, {}), declare=False)))
        except DipkgError:
            continue
    from kg.cookbook import examples as cookbook

    for example in cookbook():
        try:
            out.append((f"cookbook/{example.name}", f"Cookbook: {example.title}",
                        readable(queries.written(example, {}), declare=False)))
        except DipkgError:
            continue
    return out


def editor(bench: Workbench, text: str | None, example: str | None, href: Href = serving) -> str:
    """The SPARQL editor: YASGUI where its files are installed, and always a plain form whose query
    runs here and shows its answer as a table (so the page works without JavaScript)."""
    listed = examples(bench)
    if text is None and example:
        text = next((sparql for key, _, sparql in listed if key == example), None)
        if text is None:
            raise QueryError(f"no example {example!r}; the editor lists them")
    answer, rows, problem = None, [], ""
    if text:
        try:
            columns, found = bench.select(text)
            from kg.answers import Answer

            answer = Answer(columns, found)
            rows = cells.table(answer.columns, answer.rows[:MAX_ROWS], bench.index())
        except DipkgError as exc:
            problem = str(exc)
    default = text or queries.system("editor-start").body
    return render("editor.html", href, title="SPARQL editor", text=default, chosen=example or "", answer=answer,
                  rows=rows, problem=problem, examples=listed, prefixes=_prefixes(), yasgui=_yasgui(),
                  max_rows=MAX_ROWS)


def _yasgui() -> bool:
    from kg.web import vendor

    return vendor.available()


def _prefixes() -> dict[str, str]:
    return dict(PREFIXES)


def error(message: str, status: int, href: Href = serving) -> str:
    return render("error.html", href, title="Error", status=status, message=message, iri="")
