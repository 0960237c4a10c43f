"""`dipkg push` and `dipkg query --endpoint` against a real Oxigraph server started on loopback."""

from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg import KnowledgeGraph, iris, queries, remote
from kg.cli import app

runner = CliRunner()


def test_push_uploads_every_graph_and_checks_the_counts(store_path: Path, oxigraph_server: str) -> None:
    result = runner.invoke(app, ["push", "--endpoint", f"{oxigraph_server}/query", "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    local = {c.graph: c.triples for c in KnowledgeGraph.open(store_path).graph_counts()}
    lines = result.output.splitlines()
    assert lines[0] == f"pushed {len(local)} graphs to {oxigraph_server}/store"
    reported = {line.split()[0]: tuple(int(n) for n in line.split()[-4::2]) for line in lines[1:]}
    # the 198 states' reaches on one line
    reaches = sum(n for g, n in local.items() if iris.of_kind(g, "reach"))
    assert reported == {g: (n, n) for g, n in local.items() if not iris.of_kind(g, "reach")} | {
        "https://w3id.org/dipkg/id/reach/…": (reaches, reaches)}
    assert "https://w3id.org/dipkg/id/reach/… (198 graphs)" in result.output
    endpoint = remote.Endpoint.of(f"{oxigraph_server}/query")
    assert remote.count(endpoint, "https://w3id.org/dipkg/graph/recognitions") == local[
        "https://w3id.org/dipkg/graph/recognitions"]
    again = runner.invoke(app, ["push", "--endpoint", f"{oxigraph_server}/query", "--store", str(store_path)])
    assert again.exit_code == 0 and again.output == result.output  # replacing, not doubling


@pytest.mark.parametrize(("name", "params"), [
    ("recognition-timeline", ["viewpoint=serbia"]),
    ("traditional-reach", ["as_of=2020-01-01"]),
    ("digital-vs-traditional", ["as_of=2020-01-01"]),
    ("follower-growth", ["account=x-ediramaal"]),
    ("bloc-recognition", ["bloc=EU", "as_of=2025-01-01"]),
])
def test_a_named_query_on_the_endpoint_answers_as_the_local_store(store_path: Path, oxigraph_server: str,
                                                                  name: str, params: list[str]) -> None:
    pushed = runner.invoke(app, ["push", "--endpoint", f"{oxigraph_server}/query", "--store", str(store_path)])
    assert pushed.exit_code == 0, pushed.output
    args = ["query", name, "--format", "csv", *[x for p in params for x in ("--param", p)]]
    here = runner.invoke(app, [*args, "--store", str(store_path)])
    there = runner.invoke(app, [*args, "--endpoint", f"{oxigraph_server}/query"])
    assert there.exit_code == 0, there.output
    assert there.output == here.output and len(here.output.splitlines()) > 1


def test_answers_are_paged(store_path: Path, oxigraph_server: str, held_today) -> None:  # noqa: ANN001
    runner.invoke(app, ["push", "--endpoint", f"{oxigraph_server}/query", "--store", str(store_path)])
    endpoint = remote.Endpoint.of(f"{oxigraph_server}/query")
    paged = remote.select(endpoint, queries.resolve("recognisers-as-of"), {}, page=50)
    assert len(paged) == len(held_today["kosovo"]) == 125
    assert paged.equals(KnowledgeGraph.open(store_path).query("recognisers-as-of"))


def _push_as_scholar(handler: type[BaseHTTPRequestHandler], store_path: Path, in_url: bool = False) -> Any:
    """``dipkg push`` with a user and password (as options, or written into the endpoint's URL) to a
    local server answering with ``handler``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    given = ["--endpoint", f"http://scholar:s3cret-pw@127.0.0.1:{port}/query"] if in_url else \
        ["--endpoint", f"http://127.0.0.1:{port}/query", "--user", "scholar", "--password", "s3cret-pw"]
    try:
        return runner.invoke(app, ["push", *given, "--store", str(store_path)])
    finally:
        server.shutdown()


@pytest.mark.parametrize("in_url", [False, True], ids=["options", "in-the-url"])
def test_credentials_are_sent_but_never_shown(store_path: Path, tmp_path: Path, in_url: bool) -> None:
    seen: list[str] = []

    class Refuse(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:  # noqa: N802
            seen.append(self.headers.get("Authorization", ""))
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="dipkg-test"')
            self.send_header("Content-Length", "6")
            self.end_headers()
            self.wfile.write(b"denied")

        def log_message(self, *args: object) -> None:
            pass

    result = _push_as_scholar(Refuse, store_path, in_url)
    assert result.exit_code == 2
    assert "answered HTTP 401 (check --user/--password or DIPKG_REMOTE_USER/DIPKG_REMOTE_PASSWORD)" in result.output
    assert "s3cret-pw" not in result.output and "scholar" not in result.output
    basic = "Basic " + base64.b64encode(b"scholar:s3cret-pw").decode()
    assert seen and set(seen) == {basic}   # the credentials were offered, taken out of the URL if written there


def test_booleans_are_read_in_either_lexical_form() -> None:
    # Virtuoso writes xsd:boolean values as "1" and "0" (both are lexical forms of xsd:boolean).
    boolean = "http://www.w3.org/2001/XMLSchema#boolean"
    cells = [{"type": "typed-literal", "datatype": boolean, "value": v} for v in ("1", "0", "true", "false")]
    table = queries.frame(queries.resolve("recognisers-as-of"), ["withdrawal_claimed"],
                          [[remote._term(cell)] for cell in cells])
    assert table["withdrawal_claimed"].tolist() == [True, False, True, False]


def test_credentials_are_asked_for_without_writing_and_never_printed(store_path: Path) -> None:
    """With --user, the challenge is fetched with HEAD (an empty PUT would empty the graph on a server
    that asks no credentials), and a server echoing the request back does not print the password."""
    methods: list[tuple[str, str]] = []

    class Echo(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            methods.append((self.command, self.headers.get("Authorization", "")))
            body = f"you sent {self.headers.get('Authorization', '')}".encode()
            self.send_response(403)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_HEAD = do_PUT = do_POST = _answer  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    result = _push_as_scholar(Echo, store_path)
    assert result.exit_code == 2
    assert methods[0] == ("HEAD", "") and all(auth for method, auth in methods[1:])
    assert not [m for m, auth in methods if m in ("PUT", "POST") and not auth]   # nothing written unasked
    assert "s3cret-pw" not in result.output and "answered HTTP 403" in result.output
    assert "you sent Basic ***" in result.output   # the header echoed back, its credentials hidden


class _Misbehaving:
    """A server on loopback that answers each connection with the next of ``replies`` (the last
    repeats): ``None`` closes the connection unanswered, ``"hang"`` never answers, bytes are sent."""

    def __init__(self, *replies: bytes | str | None):
        import socket

        self.replies, self.connections = list(replies), 0
        self.held: list[socket.socket] = []
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/query"
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            reply = self.replies[min(self.connections, len(self.replies) - 1)]
            self.connections += 1
            conn.recv(1 << 16)
            if reply == "hang":
                self.held.append(conn)   # open, unanswered, until close()
                continue
            if isinstance(reply, bytes):
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                             b"Content-Length: %d\r\n\r\n%s" % (len(reply), reply))
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.socket.close()
        for conn in self.held:
            conn.close()


SIZE = b'{"head": {"vars": ["triples"]}, "results": {"bindings": [{"triples": {"type": "literal", "value": "7"}}]}}'


@pytest.mark.parametrize(("replies", "expected", "connections"), [
    ((None,), "POST {url}: the server closed the connection (RemoteDisconnected), 3 times; check that the server "
              "is up and not overloaded, and try again", 3),
    (("hang",), "POST {url}: no answer within 0.5 s, 2 times; check that the server is up and not overloaded, "
                "and try again", 2),
    ((b"{}",), "{url} did not answer with SPARQL JSON results (head.vars and results.bindings): {{}}", 1),
    ((b'{"head": {"vars": []}, "boolean": true}',), "{url} did not answer with SPARQL JSON results (head.vars and "
                                                    'results.bindings): {{"head": {{"vars": []}}, "boolean": true}}', 1),
], ids=["closes", "hangs", "empty-json", "no-results"])
def test_a_misbehaving_endpoint_is_a_message_after_bounded_retries(replies: tuple[Any, ...], expected: str,
                                                                   connections: int) -> None:
    server = _Misbehaving(*replies)
    retries = 1 if replies == ("hang",) else 2
    endpoint = remote.Endpoint(server.url, timeout=0.5, retries=retries, backoff=0.01)
    try:
        with pytest.raises(remote.RemoteError) as failure:
            remote.count(endpoint, "https://w3id.org/dipkg/graph/states")
    finally:
        server.close()
    assert str(failure.value) == expected.format(url=server.url)
    assert server.connections == connections


def test_a_connection_closed_once_is_tried_again_with_a_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import notices

    told: list[str] = []
    monkeypatch.setattr(notices, "listeners", [told.append])
    server = _Misbehaving(None, SIZE)
    try:
        assert remote.count(remote.Endpoint(server.url, backoff=0.01), "https://w3id.org/dipkg/graph/states") == 7
    finally:
        server.close()
    assert told == [f"POST {server.url}: the server closed the connection (RemoteDisconnected); trying again in "
                    "0.01 s (attempt 2 of 3)"]
