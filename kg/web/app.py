"""The workbench as a Starlette application: HTML pages, downloads and the SPARQL endpoint.

Starlette (with Jinja2 templates and uvicorn) rather than a larger framework: the workbench is a
handful of read-only routes whose pages must also be written out as files (``dipkg site``), so the
pages are plain functions of the request's parameters (:mod:`kg.web.pages`) and the routes here
only read the request, pick the format and map dipkg's typed errors to HTTP statuses.

Routes:

- ``/`` what the graph holds, and the research questions with their named questions;
- ``/questions/NAME`` a named question as a form and its answer; ``.csv``, ``.json``, ``.xlsx``
  siblings with the same parameters give the answer as a file, ``.svg``/``.png`` its figure;
- ``/id/KIND/KEY`` every resource under its own path: HTML, or Turtle / JSON-LD by content
  negotiation or a ``.ttl`` / ``.jsonld`` suffix; ``/resource?iri=`` any other IRI;
- ``/sparql`` (and ``/query``) the SPARQL 1.1 Protocol, read-only; ``/editor`` the editor.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.errors import DipkgError, ForbiddenQueryError, QueryError, QueryTimeoutError, StoreError
from kg.prefixes import ID_BASE
from kg.web import pages
from kg.web.engine import GRAPH_FORMATS, preferred
from kg.web.workbench import Workbench

STATIC = Path(__file__).parent / "static"
#: Media types an entity IRI answers, the page first.
ENTITY_TYPES = ("text/html", "text/turtle", "application/ld+json", "application/n-triples")
SUFFIXES = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples"}
DOWNLOADS = {"csv": "text/csv; charset=utf-8", "json": "application/json",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
FIGURES = {"svg": "image/svg+xml", "png": "image/png"}


def status(exc: DipkgError) -> int:
    """The HTTP status of a typed error."""
    if isinstance(exc, QueryTimeoutError):
        return 504
    if isinstance(exc, ForbiddenQueryError):
        return 403
    if isinstance(exc, StoreError):
        return 503
    if isinstance(exc, QueryError):
        return 400
    return 500


def _handled(endpoint: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """Turn a typed error into a page (or plain text for machines) with its HTTP status."""
    def wrapper(request: Request) -> Response:
        try:
            return endpoint(request)
        except DipkgError as exc:
            if "text/html" in request.headers.get("accept", ""):
                return HTMLResponse(pages.error(str(exc), status(exc)), status(exc))
            return PlainTextResponse(str(exc) + "\n", status(exc))
    wrapper.__name__ = endpoint.__name__
    return wrapper


def _bench(request: Request) -> Workbench:
    bench: Workbench = request.app.state.workbench
    return bench


@_handled
def home(request: Request) -> Response:
    return HTMLResponse(pages.home(_bench(request)))


@_handled
def question(request: Request) -> Response:
    bench = _bench(request)
    name, _, suffix = request.path_params["name"].partition(".")
    query = bench.question(name)
    params = _params(request)
    if suffix in DOWNLOADS:
        return Response(pages.download(bench, query, params, suffix), media_type=DOWNLOADS[suffix],
                        headers={"Content-Disposition": f'inline; filename="{name}.{suffix}"'})
    if suffix in FIGURES:
        return Response(pages.figure(bench, query, params, suffix), media_type=FIGURES[suffix])
    if suffix:
        raise QueryError(f"no {suffix!r} form of a question; ask for .csv, .json, .xlsx, .svg or .png")
    try:
        return HTMLResponse(pages.question(bench, query, params))
    except DipkgError as exc:   # the form again, saying what was wrong (and what is known)
        return HTMLResponse(pages.question(bench, query, params, problem=str(exc)), status(exc))


@_handled
def entity(request: Request) -> Response:
    path = request.path_params["path"]
    media = None
    for suffix, kind in SUFFIXES.items():
        if path.endswith(suffix):
            path, media = path.removesuffix(suffix), kind
    iri = ID_BASE + path
    return _resource(request, iri, media)


@_handled
def resource(request: Request) -> Response:
    iri = request.query_params.get("iri", "")
    if not iri:
        raise QueryError("give the resource as ?iri=...")
    if iri.startswith(ID_BASE):
        return RedirectResponse("/id/" + iri.removeprefix(ID_BASE), 303)
    return _resource(request, iri, SUFFIXES.get("." + request.query_params.get("format", "")))


def _resource(request: Request, iri: str, media: str | None) -> Response:
    bench = _bench(request)
    media = media or preferred(request.headers.get("accept", "text/html"), ENTITY_TYPES) or "text/html"
    if media != "text/html":
        kind, body = bench.describe(iri, media)
        if not body.strip():
            return PlainTextResponse(f"no resource {iri} in the graph\n", 404)
        return Response(body, media_type=kind, headers={"Vary": "Accept"})
    page, found = pages.entity(bench, iri)
    return HTMLResponse(page, 200 if found else 404, headers={"Vary": "Accept"})


async def sparql(request: Request) -> Response:
    """The SPARQL 1.1 Protocol: ``query`` by GET or POST (form or ``application/sparql-query``);
    updates are refused. The answer's format follows ``Accept`` (JSON by default)."""
    form: dict[str, Any] = dict(request.query_params)
    if request.method == "POST":
        kind = request.headers.get("content-type", "").split(";")[0].strip()
        if kind == "application/sparql-update":
            return PlainTextResponse("the workbench is read-only: SPARQL updates are refused\n", 403)
        if kind == "application/sparql-query":
            form["query"] = (await request.body()).decode("utf-8", errors="replace")
        elif kind == "application/x-www-form-urlencoded":
            fields = (await request.body()).decode("utf-8", errors="replace")
            form.update({k: v[-1] for k, v in parse_qs(fields, keep_blank_values=True).items()})
        else:
            return PlainTextResponse(f"a SPARQL POST is application/x-www-form-urlencoded or application/sparql-query, "
                                     f"not {kind or 'without a content type'}\n", 415)
    if "update" in form:
        return PlainTextResponse("the workbench is read-only: SPARQL updates are refused\n", 403)
    text = form.get("query")
    if not text:
        if "text/html" in request.headers.get("accept", ""):
            return RedirectResponse("/editor", 303)
        return PlainTextResponse("give a SPARQL query as ?query=... (SPARQL 1.1 Protocol)\n", 400)
    from starlette.concurrency import run_in_threadpool

    accept = form.get("format") or request.headers.get("accept", "")
    try:
        media, body = await run_in_threadpool(_bench(request).serialise, text, accept)
    except DipkgError as exc:
        return PlainTextResponse(str(exc) + "\n", status(exc))
    if media in GRAPH_FORMATS or media.startswith("text/"):
        media += "; charset=utf-8"
    return Response(body, media_type=media)


@_handled
def editor(request: Request) -> Response:
    bench = _bench(request)
    text = request.query_params.get("query")
    example = request.query_params.get("example")
    return HTMLResponse(pages.editor(bench, text, example))


def _params(request: Request) -> dict[str, str]:
    """The parameters in the URL; a parameter given several times (a multiple select) is a list."""
    out: dict[str, str] = {}
    for key in request.query_params:
        values = request.query_params.getlist(key)
        out[key] = ";".join(v for v in values if v) if len(values) > 1 else values[0]
    return out


def create(bench: Workbench) -> Starlette:
    """The application serving ``bench``."""
    app = Starlette(routes=[
        Route("/", home),
        Route("/questions/{name}", question),
        Route("/id/{path:path}", entity),
        Route("/resource", resource),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/query", sparql, methods=["GET", "POST"]),
        Route("/editor", editor),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ])
    app.state.workbench = bench
    return app

