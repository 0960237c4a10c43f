"""All network access to Wikidata lives here, with the manners the Wikidata Query Service asks for.

- A descriptive User-Agent (project, version, URL); generic agents are refused, sometimes
  with HTTP 403 and sometimes with a 200 whose body is an error page.
- One request at a time (a process-wide lock).
- HTTP 429: wait for ``Retry-After`` (or 60 s), then retry; 5xx and timeouts: bounded retries
  with exponential backoff.
- Queries stay well under the service's 60 s limit: lists of items go in ``VALUES`` batches.
- Every answer is cached on disk with its retrieval time, so a rebuild does not ask again
  unless ``refresh`` is set; ``offline`` answers from the cache only.

The endpoint is configurable (``--endpoint``, ``DIPKG_WIKIDATA_ENDPOINT``), so the tests point
it at a local Oxigraph server loaded with a Wikidata-shaped fixture.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import os
import re
import socket
import threading
import time
import urllib.error
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper import __version__ as sparqlwrapper_version
from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, EndPointNotFound, QueryBadFormed

from kg import __version__
from kg.errors import WikidataError
from kg.namespaces import WD as WIKIDATA_ENTITY
from kg.notices import tell
from kg.paths import WIKIDATA_CACHE, WIKIDATA_ENDPOINT
from kg.prefixes import HOMEPAGE, WIKIDATA

DEFAULT_ENDPOINT = WIKIDATA_ENDPOINT
#: In a checkout the cache ships with the project (``wikidata-cache/``), so ``--offline`` works from a
#: fresh clone once someone with network access has run ``dipkg link wikidata`` and committed the
#: answers; an installed package caches in the user's cache directory (``kg.paths.wikidata_cache``).
DEFAULT_CACHE = WIKIDATA_CACHE
USER_AGENT = (f"dipkg/{__version__} ({HOMEPAGE}; knowledge graph of international recognition "
              f"and diplomatic presence) SPARQLWrapper/{sparqlwrapper_version}")
#: Items per VALUES batch: keeps each query far below the service's 60 s limit.
BATCH = 200
_ONE_AT_A_TIME = threading.Lock()
_ID = re.compile(r"^[QP][1-9][0-9]*$")
_SLOT = re.compile(r"VALUES (\?\w+|\((?:\s*\?\w+)+\s*\)) \{\s*\}")
WD = str(WIKIDATA_ENTITY)
PROPERTY_FORMS = {form: WIKIDATA[form] for form in ("wdt", "p", "ps", "pq")}


@dataclass(frozen=True)
class Answer:
    """The bindings of a SELECT answer (variable -> string value) and when they were fetched."""

    rows: list[dict[str, str]]
    retrieved: dt.datetime
    cached: bool


@dataclass
class Client:
    """A polite client of one SPARQL endpoint, with an on-disk cache."""

    endpoint: str = DEFAULT_ENDPOINT
    cache: Path | None = DEFAULT_CACHE
    offline: bool = False
    refresh: bool = False
    timeout: float = 50.0
    retries: int = 4
    backoff: float = 2.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    def select(self, query: str) -> Answer:
        """Run a SELECT query: from the cache if it holds the answer, else from the endpoint."""
        path = self._cache_path(query)
        if path is not None and path.is_file() and not self.refresh:
            try:
                stored = json.loads(path.read_text(encoding="utf-8"))
                return Answer(_rows(stored["result"]), dt.datetime.fromisoformat(stored["retrieved"]), True)
            except (ValueError, KeyError, TypeError, AttributeError):
                if self.offline:
                    raise WikidataError(f"the cached answer {path} is damaged (not the JSON dipkg writes); delete "
                                        "it and run without --offline to fetch it again") from None
                tell(f"the cached answer {path} is damaged (not the JSON dipkg writes); asking {self.endpoint} again")
        elif self.offline:
            raise WikidataError(f"this Wikidata query is not in the cache ({self.cache}); run without --offline "
                                "to fetch it")
        result = self._fetch(query)
        retrieved = dt.datetime.now(dt.UTC).replace(microsecond=0)
        if path is not None:   # written beside and renamed: a crash never leaves half an answer
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
            partial.write_text(json.dumps({"endpoint": self.endpoint, "query": query,
                                           "retrieved": retrieved.isoformat(), "result": result},
                                          ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(partial, path)
        return Answer(_rows(result), retrieved, False)

    def select_batched(self, query: str, rows: Iterable[Term | tuple[Term, ...]], size: int = BATCH) -> list[Answer]:
        """Run ``query`` once per batch of ``rows``, filling its empty ``VALUES`` slot."""
        unique = sorted(set(rows), key=str)
        return [self.select(with_values(query, unique[start:start + size])) for start in range(0, len(unique), size)]

    # -- the network ------------------------------------------------------------------------

    def _fetch(self, query: str) -> dict[str, Any]:
        attempt = 0
        while True:
            attempt += 1
            try:
                with _ONE_AT_A_TIME:
                    body = self._request(query)
            except urllib.error.HTTPError as exc:
                if exc.code == 429:
                    wait = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
                    if wait > MAX_RETRY_AFTER:
                        when = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=wait)).strftime("%Y-%m-%d %H:%M UTC")
                        raise WikidataError(f"{self.endpoint} asked us to wait {wait:,.0f} s before the next request "
                                            f"(HTTP 429, Retry-After); try again after {when}") from None
                    self._wait_or_fail(attempt, wait, "the endpoint asked us to slow down (HTTP 429)")
                    continue
                if exc.code == 403:
                    raise WikidataError(f"{self.endpoint} refused the request (HTTP 403); the Wikidata Query "
                                        f"Service refuses clients without a descriptive User-Agent (we send "
                                        f"{USER_AGENT!r}) and clients that sent too many requests") from None
                if 500 <= exc.code < 600:
                    self._wait_or_fail(attempt, self.backoff * 2 ** (attempt - 1), f"HTTP {exc.code}")
                    continue
                raise WikidataError(f"{self.endpoint} answered HTTP {exc.code}: {exc.reason}") from None
            except EndPointInternalError:
                self._wait_or_fail(attempt, self.backoff * 2 ** (attempt - 1), "HTTP 500")
                continue
            except QueryBadFormed as exc:
                raise WikidataError(f"{self.endpoint} rejected the query as malformed: {_short(exc)}") from None
            except EndPointNotFound:
                raise WikidataError(f"no SPARQL endpoint at {self.endpoint} (HTTP 404); check --endpoint") from None
            except TimeoutError:
                self._wait_or_fail(attempt, self.backoff * 2 ** (attempt - 1), f"no answer within {self.timeout:g} s")
                continue
            except (http.client.HTTPException, ConnectionError) as exc:   # closed, reset, cut short
                self._wait_or_fail(attempt, self.backoff * 2 ** (attempt - 1),
                                   f"the connection was closed: {type(exc).__name__}")
                continue
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                    self._wait_or_fail(attempt, self.backoff * 2 ** (attempt - 1),
                                       f"no answer within {self.timeout:g} s")
                    continue
                raise WikidataError(f"cannot reach {self.endpoint}: {exc.reason}; check the network or use "
                                    "--offline to answer from the cache") from None
            return _parse(body, self.endpoint)

    def _request(self, query: str) -> bytes:
        sparql = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
        sparql.setQuery(query)
        sparql.setMethod(POST)
        sparql.setReturnFormat(JSON)
        sparql.setTimeout(int(self.timeout))
        response = sparql.query().response
        return response.read()

    def _wait_or_fail(self, attempt: int, wait: float, why: str) -> None:
        if attempt > self.retries:
            raise WikidataError(f"{self.endpoint} failed {attempt} times ({why}); try again later")
        self.sleep(wait)

    def _cache_path(self, query: str) -> Path | None:
        if self.cache is None:
            return None
        key = hashlib.sha256(f"{self.endpoint}\n{query}".encode()).hexdigest()
        return self.cache / f"{key}.json"


@dataclass(frozen=True)
class Text:
    """A string literal for a VALUES slot (a name, an ISO code, a handle)."""

    value: str
    lang: str | None = None

    def sparql(self) -> str:
        escaped = (self.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                   .replace("\r", "\\r"))
        return f'"{escaped}"' + (f"@{self.lang}" if self.lang else "")


@dataclass(frozen=True)
class Prop:
    """A Wikidata property in one of its RDF forms: ``wdt:`` (truthy, the default), ``p:`` (to
    its statements), ``ps:`` (statement value) or ``pq:`` (qualifier), e.g. ``Prop("P2002", "p")``."""

    pid: str
    form: str = "wdt"

    def sparql(self) -> str:
        if self.form not in PROPERTY_FORMS:
            raise ValueError(f"unknown property form {self.form!r}; expected one of {', '.join(PROPERTY_FORMS)}")
        return f"<{PROPERTY_FORMS[self.form]}{_checked(self.pid)}>"


def Direct(pid: str) -> Prop:  # noqa: N802 (reads like the wdt: form it stands for)
    """The truthy ``wdt:`` form of a property."""
    return Prop(pid, "wdt")


Term = str | Text | Prop


def with_values(query: str, rows: Sequence[Term | tuple[Term, ...]]) -> str:
    """``query`` with its one empty ``VALUES ?x {}`` (or ``VALUES (?x ?y) {}``) slot filled.

    Remote endpoints cannot bind parameters, so this is the one place a query's text is
    completed in Python: a ``str`` must be a Wikidata id (``Q…``/``P…``, checked) and becomes
    its entity IRI; :class:`Text` is escaped as a literal; :class:`Prop` is a property IRI.
    """
    slots = _SLOT.findall(query)
    if len(slots) != 1:
        raise ValueError("the query needs exactly one empty `VALUES ?x {}` slot")
    width = len(slots[0].split())
    rendered = []
    for row in rows:
        cells = row if isinstance(row, tuple) else (row,)
        if len(cells) != width:
            raise ValueError(f"a VALUES row needs {width} terms, got {len(cells)}")
        text = " ".join(_term(c) for c in cells)
        rendered.append(f"({text})" if width > 1 else text)
    return _SLOT.sub(lambda m: f"VALUES {m.group(1)} {{ {' '.join(rendered)} }}", query, count=1)


def _term(term: Term) -> str:
    if isinstance(term, str):
        return f"<{WD}{_checked(term)}>"
    return term.sparql()


def _checked(wikidata_id: str) -> str:
    if not _ID.match(wikidata_id):
        raise ValueError(f"not a Wikidata id: {wikidata_id}")
    return wikidata_id


#: The longest a ``Retry-After`` is waited for (seconds); a longer one is an error saying when to try.
MAX_RETRY_AFTER = 600.0


def _retry_after(header: str | None) -> float:
    """Seconds to wait: the ``Retry-After`` header (seconds or an HTTP date), else 60."""
    if header:
        header = header.strip()
        if header.isdigit():
            return float(header)
        try:
            from email.utils import parsedate_to_datetime

            return max(0.0, (parsedate_to_datetime(header) - dt.datetime.now(dt.UTC)).total_seconds())
        except (TypeError, ValueError):
            pass
    return 60.0


def _parse(body: bytes, endpoint: str) -> dict[str, Any]:
    """The SPARQL JSON result in ``body``; a 200 with anything else (an error page, a Java
    exception) is an error, never an empty result."""
    try:
        result = json.loads(body)
    except ValueError:
        raise WikidataError(f"{endpoint} answered 200 but not with SPARQL results: {_short(body)}") from None
    if not isinstance(result, dict) or "results" not in result or "bindings" not in result["results"]:
        raise WikidataError(f"{endpoint} answered 200 but not with SPARQL results: {_short(body)}")
    return result


def _rows(result: dict[str, Any]) -> list[dict[str, str]]:
    return [{var: cell["value"] for var, cell in binding.items()} for binding in result["results"]["bindings"]]


def _short(value: object) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    text = " ".join(text.split())
    return text[:200] + ("…" if len(text) > 200 else "")


def qid(iri: str) -> str:
    """``Q1246`` from ``http://www.wikidata.org/entity/Q1246``."""
    return iri.rsplit("/", 1)[-1]
