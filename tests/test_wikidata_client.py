"""The Wikidata client's manners, against a small local HTTP stub (no internet): 429 with
Retry-After, a 200 whose body is an error, timeouts, 5xx, 403, the User-Agent, the cache."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg import wikidata
from kg.errors import WikidataError
from kg.wikidata import Client

RESULT = {"head": {"vars": ["item"]},
          "results": {"bindings": [{"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1246"}}]}}


class Stub:
    """Answers each POST with the next scripted reply: (status, headers, body, delay); status 0
    closes the connection unanswered."""

    def __init__(self) -> None:
        self.script: list[tuple[int, dict[str, str], bytes, float]] = []
        self.requests: list[dict[str, str]] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                self.rfile.read(length)
                stub.requests.append(dict(self.headers))
                status, headers, body, delay = stub.script.pop(0)
                time.sleep(delay)
                if status == 0:   # close the connection without an answer
                    self.close_connection = True
                    return
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def reply(self, status: int = 200, body: bytes | dict = RESULT, delay: float = 0.0, **headers: str) -> None:
        raw = json.dumps(body).encode() if isinstance(body, dict) else body
        ctype = {"Content-Type": "application/sparql-results+json"} if isinstance(body, dict) else {}
        self.script.append((status, {**ctype, **{k.replace("_", "-"): v for k, v in headers.items()}}, raw, delay))


@pytest.fixture
def stub() -> Iterator[Stub]:
    server = Stub()
    yield server
    server.server.shutdown()


def client(stub: Stub, tmp_path: Path, **options: object) -> Client:
    return Client(endpoint=stub.url, cache=tmp_path / "cache", **options)  # type: ignore[arg-type]


QUERY = "SELECT ?item WHERE { VALUES ?item { <http://www.wikidata.org/entity/Q1246> } }"


def test_a_429_is_waited_out_then_retried(stub: Stub, tmp_path: Path) -> None:
    stub.reply(429, b"Too Many Requests", Retry_After="1")
    stub.reply()
    started = time.monotonic()
    answer = client(stub, tmp_path).select(QUERY)
    assert time.monotonic() - started >= 1.0
    assert answer.rows == [{"item": "http://www.wikidata.org/entity/Q1246"}] and not answer.cached
    assert len(stub.requests) == 2


def test_a_retry_after_of_a_day_is_an_error_saying_when_to_try(stub: Stub, tmp_path: Path) -> None:
    waits: list[float] = []
    stub.reply(429, b"Too Many Requests", Retry_After="86400")
    with pytest.raises(WikidataError, match=r"asked us to wait 86,400 s before the next request \(HTTP 429, "
                                            r"Retry-After\); try again after \d{4}-\d\d-\d\d \d\d:\d\d UTC$"):
        client(stub, tmp_path, sleep=waits.append).select(QUERY)
    assert waits == [] and len(stub.requests) == 1


def test_a_review_file_is_written_only_into_a_folder_that_exists(tmp_path: Path) -> None:
    import pandas as pd

    from kg.linking import write_review

    target = tmp_path / "nonexistent" / "dir" / "c.csv"
    with pytest.raises(WikidataError, match="the folder .*/nonexistent/dir does not exist"):
        write_review(pd.DataFrame({"key": ["XKX"]}), target)
    assert not (tmp_path / "nonexistent").exists()


def test_a_200_with_an_error_body_is_an_error_not_an_empty_result(stub: Stub, tmp_path: Path) -> None:
    stub.reply(200, b"<html><body>java.util.concurrent.TimeoutException</body></html>")
    with pytest.raises(WikidataError, match=r"answered 200 but not with SPARQL results: <html><body>java.util"):
        client(stub, tmp_path).select(QUERY)
    assert not list((tmp_path / "cache").glob("*.json")) if (tmp_path / "cache").exists() else True


def test_a_timeout_is_retried_with_backoff(stub: Stub, tmp_path: Path) -> None:
    waits: list[float] = []
    stub.reply(delay=2.5)
    stub.reply(503, b"Service Unavailable")
    stub.reply()
    answer = client(stub, tmp_path, timeout=1, backoff=0.5, sleep=waits.append).select(QUERY)
    assert waits == [0.5, 1.0] and len(answer.rows) == 1


def test_a_closed_connection_is_retried(stub: Stub, tmp_path: Path) -> None:
    waits: list[float] = []
    stub.reply(0)
    stub.reply()
    answer = client(stub, tmp_path, backoff=0.5, sleep=waits.append).select(QUERY)
    assert waits == [0.5] and len(answer.rows) == 1 and len(stub.requests) == 2


def test_a_damaged_cached_answer_is_fetched_again_or_named_offline(stub: Stub, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import notices

    told: list[str] = []
    monkeypatch.setattr(notices, "listeners", [told.append])
    stub.reply()
    client(stub, tmp_path).select(QUERY)
    (cached,) = (tmp_path / "cache").glob("*.json")
    cached.write_text(cached.read_text(encoding="utf-8")[:40], encoding="utf-8")   # cut short, as by a crash
    with pytest.raises(WikidataError) as failure:
        client(stub, tmp_path, offline=True).select(QUERY)
    assert str(failure.value) == (f"the cached answer {cached} is damaged (not the JSON dipkg writes); delete it and "
                                  "run without --offline to fetch it again")
    stub.reply()
    answer = client(stub, tmp_path).select(QUERY)
    assert not answer.cached and len(answer.rows) == 1 and len(stub.requests) == 2
    assert told == [f"the cached answer {cached} is damaged (not the JSON dipkg writes); asking {stub.url} again"]
    assert client(stub, tmp_path, offline=True).select(QUERY).rows == answer.rows   # repaired
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [cached.name]   # nothing partial left


def test_retries_are_bounded(stub: Stub, tmp_path: Path) -> None:
    for _ in range(3):
        stub.reply(502, b"Bad Gateway")
    with pytest.raises(WikidataError, match=r"failed 3 times \(HTTP 502\); try again later"):
        client(stub, tmp_path, retries=2, sleep=lambda _: None).select(QUERY)


def test_a_403_names_the_user_agent_policy(stub: Stub, tmp_path: Path) -> None:
    stub.reply(403, b"Forbidden")
    with pytest.raises(WikidataError, match="refused the request \\(HTTP 403\\).*descriptive User-Agent"):
        client(stub, tmp_path).select(QUERY)


def test_requests_carry_a_descriptive_user_agent(stub: Stub, tmp_path: Path) -> None:
    stub.reply()
    client(stub, tmp_path).select(QUERY)
    agent = stub.requests[0]["User-Agent"]
    assert agent.startswith("dipkg/") and "https://w3id.org/dipkg" in agent and "SPARQLWrapper/" in agent


def test_answers_are_cached_with_their_retrieval_time(stub: Stub, tmp_path: Path) -> None:
    stub.reply()
    first = client(stub, tmp_path).select(QUERY)
    again = client(stub, tmp_path, offline=True).select(QUERY)
    assert again.cached and again.rows == first.rows and again.retrieved == first.retrieved
    stored = json.loads(next((tmp_path / "cache").glob("*.json")).read_text(encoding="utf-8"))
    assert stored["endpoint"] == stub.url and stored["query"] == QUERY and stored["retrieved"]
    assert len(stub.requests) == 1
    with pytest.raises(WikidataError, match="not in the cache .* run without --offline"):
        client(stub, tmp_path, offline=True).select(QUERY.replace("Q1246", "Q222"))


def test_values_batches_only_take_wikidata_ids() -> None:
    query = "SELECT ?item WHERE { VALUES ?item {} }"
    assert wikidata.with_values(query, ["Q1246", "Q222"]) == (
        "SELECT ?item WHERE { VALUES ?item { <http://www.wikidata.org/entity/Q1246> "
        "<http://www.wikidata.org/entity/Q222> } }")
    with pytest.raises(ValueError, match="not a Wikidata id: Q1> } ; DROP"):
        wikidata.with_values(query, ["Q1> } ; DROP"])
    with pytest.raises(ValueError, match="exactly one empty"):
        wikidata.with_values("SELECT * WHERE { ?s ?p ?o }", ["Q1"])
