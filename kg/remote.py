"""Any SPARQL 1.1 endpoint: push the named graphs, run the named queries.

- ``push`` uploads each named graph through the SPARQL 1.1 Graph Store HTTP Protocol: the first
  chunk with ``PUT`` (replacing the remote graph, unless adding) and the rest with ``POST``, as
  N-Triples, then counts the remote graph's triples to check the upload.
- ``select`` runs a named query with its parameters written in (:func:`kg.queries.instantiate`)
  and pages through the answer with ``LIMIT``/``OFFSET``, because some servers cut answers
  silently (Virtuoso returns at most 10,000 rows by default).

Credentials come from options or ``DIPKG_REMOTE_USER``/``DIPKG_REMOTE_PASSWORD`` and are never
printed; HTTP Basic and Digest authentication are both answered (Virtuoso uses Digest).

A request that gets no answer within the timeout, or whose connection the server closes, is
tried again a bounded number of times with a growing pause (each retry is a notice), then
fails with a message naming the URL. Every request is safe to repeat: a ``PUT`` replaces, and
a ``POST`` adds triples the graph then holds once (a graph with blank nodes, whose labels a
repeat would duplicate, is sent whole with ``PUT``, or not repeated when added to).
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, serialize

from kg import queries
from kg.errors import RemoteError, visible
from kg.load import Progress
from kg.namespaces import GRAPH_BASE
from kg.notices import tell

PAGE = 10_000
CHUNK = 50_000


@dataclass(frozen=True)
class Endpoint:
    """A remote SPARQL service: its query URL, its Graph Store URL and credentials."""

    query_url: str
    graph_store_url: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: float = 60.0
    retries: int = 2
    backoff: float = 2.0
    #: What the last answer said about the server (its ``Server`` header), for :mod:`kg.engines`.
    seen: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, url: str, graph_store: str | None = None, user: str | None = None,
           password: str | None = None) -> Endpoint:
        """An endpoint; credentials written into the URL (``http://user:password@host/...``) are taken
        out of it and used as ``--user``/``--password`` would be (those given as options win)."""
        url, in_url = _credentials(url)
        if graph_store:
            graph_store, in_store = _credentials(graph_store)
            in_url = in_url if in_url[0] else in_store
        return cls(url, graph_store, user or in_url[0] or os.environ.get("DIPKG_REMOTE_USER"),
                   password or in_url[1] or os.environ.get("DIPKG_REMOTE_PASSWORD"))

    @property
    def store_url(self) -> str:
        """The Graph Store endpoint: given, or the usual one beside the query URL (Oxigraph
        ``/query`` -> ``/store``; Virtuoso ``/sparql`` -> ``/sparql-graph-crud[-auth]``)."""
        if self.graph_store_url:
            return self.graph_store_url
        base, _, last = self.query_url.rstrip("/").rpartition("/")
        if last == "query":
            return f"{base}/store"
        if last == "sparql":
            return f"{base}/sparql-graph-crud-auth" if self.user else f"{base}/sparql-graph-crud"
        raise RemoteError(f"cannot guess the Graph Store endpoint of {shown(self.query_url)}; pass --graph-store URL")

    def _authorization(self, method: str, url: str) -> str | None:
        """The ``Authorization`` header for a request, found before the body is sent.

        A server that wants credentials may answer 401 and close the connection while a large
        body is still being sent (Virtuoso does), so the challenge is fetched with an empty
        request first and answered (Digest, or Basic) on the real one.
        """
        if not self.user:
            return None
        basic = "Basic " + base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
        # HEAD changes nothing: an empty PUT would empty the graph on a server that asks no credentials
        probe = urllib.request.Request(url, method="HEAD")
        try:
            urllib.request.urlopen(probe, timeout=self.timeout).close()
            return basic
        except urllib.error.HTTPError as exc:
            challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        if not challenge.lower().startswith("digest"):
            return basic
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(challenge[len("digest"):].strip()))
        return _digest(fields, method, url, self.user, self.password or "")

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: Mapping[str, str] | None = None, *, repeatable: bool = True) -> bytes:
        """Send one request and return the answer's body; a hung or closed connection is tried
        again (``retries`` times, pausing ``backoff`` seconds, doubled each time) if ``repeatable``."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._send(method, url, body, headers)
            except _Dropped as exc:
                if not repeatable or attempt > self.retries:
                    tries = f", {attempt} times" if attempt > 1 else ""
                    raise RemoteError(f"{method} {shown(url)}: {exc}{tries}; check that the server is up and not "
                                      "overloaded, and try again") from None
                wait = self.backoff * 2 ** (attempt - 1)
                tell(f"{method} {shown(url)}: {exc}; trying again in {wait:g} s "
                     f"(attempt {attempt + 1} of {self.retries + 1})")
                time.sleep(wait)

    def _send(self, method: str, url: str, body: bytes | None, headers: Mapping[str, str] | None) -> bytes:
        extra = dict(headers or {})
        authorization = None
        try:
            authorization = self._authorization(method, url)   # its probe fails as the request would
            if authorization:
                extra["Authorization"] = authorization
            request = urllib.request.Request(url, data=body, method=method, headers=extra)
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                self.seen["server"] = response.headers.get("Server", "")
                return response.read()
        except urllib.error.HTTPError as exc:
            detail = self._hidden(" ".join(exc.read().decode("utf-8", "replace").split())[:300], authorization)
            hint = " (check --user/--password or DIPKG_REMOTE_USER/DIPKG_REMOTE_PASSWORD)" \
                if exc.code in (401, 403) else ""
            if "SR353" in detail:   # Virtuoso sorts at most MaxSortedTopRows rows (10,000 by default)
                hint = (" (Virtuoso sorts at most MaxSortedTopRows rows, 10000 by default, and dipkg reads an "
                        f"answer in pages of {PAGE} sorted rows: narrow the question, or raise MaxSortedTopRows "
                        "in the [Parameters] section of virtuoso.ini)")
            raise RemoteError(f"{method} {shown(url)} answered HTTP {exc.code}{hint}: {detail}") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise _Dropped(f"no answer within {self.timeout:g} s") from None
            raise RemoteError(f"cannot reach {shown(url)}: {self._hidden(str(exc.reason))}") from None
        except TimeoutError:
            raise _Dropped(f"no answer within {self.timeout:g} s") from None
        except (http.client.HTTPException, ConnectionError) as exc:   # closed, reset, cut short
            raise _Dropped(f"the server closed the connection ({type(exc).__name__})") from None

    def _hidden(self, text: str, authorization: str | None = None) -> str:
        """``text`` without the password or the credentials sent (a server may echo the request back)."""
        for secret in (self.password, (authorization or "").partition(" ")[2]):
            if secret:
                text = text.replace(secret, "***")
        return text

    def select_json(self, text: str) -> dict[str, Any]:
        # dipkg's queries read the union of the named graphs as their default graph: Oxigraph
        # does so when asked with `union-default-graph`; Virtuoso does so by default.
        body = urllib.parse.urlencode({"query": text, "union-default-graph": ""}).encode()
        raw = self.request("POST", self.query_url, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                            "Accept": "application/sparql-results+json"})
        try:
            answer = json.loads(raw)
            if isinstance(answer["head"]["vars"], list) and isinstance(answer["results"]["bindings"], list):
                return answer
        except (ValueError, KeyError, TypeError):
            pass
        raise RemoteError(f"{shown(self.query_url)} did not answer with SPARQL JSON results (head.vars and "
                          f"results.bindings): {visible(raw[:200].decode('utf-8', 'replace'))}")


class _Dropped(Exception):
    """A request that got no answer in time, or whose connection the server closed: worth repeating."""


def _credentials(url: str) -> tuple[str, tuple[str | None, str | None]]:
    """``url`` without the user and password written into it, and those two (unquoted)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, (None, None)
    host = parts.hostname or ""
    netloc = f"[{host}]" if ":" in host else host
    if parts.port:
        netloc += f":{parts.port}"
    password = urllib.parse.unquote(parts.password) if parts.password is not None else None
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc)), (urllib.parse.unquote(parts.username), password)


def shown(url: str) -> str:
    """A URL as a message may print it: without credentials written into it or its query string."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def _digest(challenge: Mapping[str, str], method: str, url: str, user: str, password: str) -> str:
    """An RFC 7616 Digest answer (MD5, ``qop=auth``) to ``challenge`` for one request."""
    def h(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()  # noqa: S324 (the protocol's hash)

    parts = urllib.parse.urlsplit(url)
    uri = parts.path + (f"?{parts.query}" if parts.query else "")
    realm, nonce = challenge.get("realm", ""), challenge.get("nonce", "")
    cnonce, count = secrets.token_hex(8), "00000001"
    a1, a2 = h(f"{user}:{realm}:{password}"), h(f"{method}:{uri}")
    if "auth" in challenge.get("qop", "").split(","):
        response = h(f"{a1}:{nonce}:{count}:{cnonce}:auth:{a2}")
        extra = f', qop=auth, nc={count}, cnonce="{cnonce}"'
    else:
        response, extra = h(f"{a1}:{nonce}:{a2}"), ""
    opaque = f', opaque="{challenge["opaque"]}"' if "opaque" in challenge else ""
    return (f'Digest username="{user}", realm="{realm}", nonce="{nonce}", uri="{uri}", '
            f'response="{response}"{extra}{opaque}, algorithm=MD5')


@dataclass(frozen=True)
class Pushed:
    graph: str
    local: int
    remote: int


def push(store: Store, endpoint: Endpoint, *, add: bool = False, chunk: int = CHUNK,
         progress: Progress | None = None) -> list[Pushed]:
    """Upload every named graph of ``store`` and check the remote triple counts."""
    results = []
    graphs = sorted(g.value for g in store.named_graphs())
    for name in graphs:
        graph = NamedNode(name)
        quads = list(store.quads_for_pattern(None, None, None, graph))
        # Blank node labels only hold within one document: a graph with any is sent whole.
        size = len(quads) if any(_has_blank(q) for q in quads) else chunk
        for n, start in enumerate(range(0, max(len(quads), 1), max(size, 1))):
            part = quads[start:start + size]
            body = serialize([Quad(q.subject, q.predicate, q.object) for q in part], format=RdfFormat.N_TRIPLES)
            method = "POST" if (n or add) else "PUT"
            url = f"{endpoint.store_url}?{urllib.parse.urlencode({'graph': name})}"
            endpoint.request(method, url, body or b"", {"Content-Type": "application/n-triples"},
                             repeatable=method == "PUT" or size == chunk)
            if progress:
                progress(f"pushing {name.removeprefix(GRAPH_BASE)}", min(start + size, len(quads)), len(quads))
        results.append(Pushed(name, len(quads), count(endpoint, name)))
    wrong = [r for r in results if not add and r.remote != r.local]
    if wrong:
        listing = ", ".join(f"{r.graph} ({r.local} here, {r.remote} there)" for r in wrong)
        raise RemoteError(f"the remote triple counts differ after the upload: {listing}")
    return results


def count(endpoint: Endpoint, graph: str) -> int:
    """Triples in ``graph`` on the endpoint (``queries/system/graph-size.rq``)."""
    answer = endpoint.select_json(queries.instantiate(queries.system("graph-size"), {"graph": graph}))
    return int(answer["results"]["bindings"][0]["triples"]["value"])


def select(endpoint: Endpoint, query: queries.NamedQuery, params: Mapping[str, Any] | None = None,
           page: int = PAGE) -> pd.DataFrame:
    """Run a named query on the endpoint, paging with LIMIT/OFFSET; the same typed frame as locally."""
    text = queries.instantiate(query, params)
    columns: list[str] = []
    rows: list[list[Any]] = []
    offset = 0
    while True:
        answer = endpoint.select_json(f"{text}\nLIMIT {page} OFFSET {offset}")
        columns = answer["head"]["vars"]
        batch = answer["results"]["bindings"]
        rows += [[_term(cell.get(c)) for c in columns] for cell in batch]
        if len(batch) < page:
            break
        offset += page
    return queries.frame(query, columns, rows)


def _term(cell: Mapping[str, str] | None) -> Any:
    if cell is None:
        return None
    kind = cell["type"]
    if kind == "uri":
        return NamedNode(cell["value"])
    if kind == "bnode":
        return BlankNode(cell["value"])
    if "datatype" in cell:
        return Literal(cell["value"], datatype=NamedNode(cell["datatype"]))
    if "xml:lang" in cell:
        return Literal(cell["value"], language=cell["xml:lang"])
    return Literal(cell["value"])


def _has_blank(quad: Quad) -> bool:
    return isinstance(quad.subject, BlankNode) or isinstance(quad.object, BlankNode)


__all__ = ["Endpoint", "Pushed", "RemoteError", "count", "push", "select"]

