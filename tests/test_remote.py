"""`dipkg push` and `dipkg query --endpoint` against a real Oxigraph server started on loopback."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg import KnowledgeGraph, queries, remote
from kg.cli import app

runner = CliRunner()


def test_push_uploads_every_graph_and_checks_the_counts(store_path: Path, oxigraph_server: str) -> None:
    result = runner.invoke(app, ["push", "--endpoint", f"{oxigraph_server}/query", "--store", str(store_path)])
    assert result.exit_code == 0, result.output
    local = {c.graph: c.triples for c in KnowledgeGraph.open(store_path).graph_counts()}
    lines = result.output.splitlines()
    assert lines[0] == f"pushed {len(local)} graphs to {oxigraph_server}/store"
    reported = {line.split()[0]: (int(line.split()[1]), int(line.split()[3])) for line in lines[1:]}
    assert reported == {g: (n, n) for g, n in local.items()}
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


def _push_as_scholar(handler: type[BaseHTTPRequestHandler], store_path: Path) -> Any:
    """``dipkg push`` with a user and password to a local server answering with ``handler``."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/query"
    try:
        return runner.invoke(app, ["push", "--endpoint", url, "--user", "scholar", "--password", "s3cret-pw",
                                   "--store", str(store_path)])
    finally:
        server.shutdown()


def test_credentials_are_sent_but_never_shown(store_path: Path, tmp_path: Path) -> None:
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

    result = _push_as_scholar(Refuse, store_path)
    assert result.exit_code == 2
    assert "answered HTTP 401 (check --user/--password or DIPKG_REMOTE_USER/DIPKG_REMOTE_PASSWORD)" in result.output
    assert "s3cret-pw" not in result.output
    assert any(header.startswith("Basic ") for header in seen)  # the credentials were offered


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
