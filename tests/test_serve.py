"""`dipkg serve`: the Oxigraph server on the built store, read-only, on loopback, stopped by Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper
from typer.testing import CliRunner

from kg.cli import app
from tests.servers import free_port, wait_until_up


def test_serve_answers_queries_refuses_updates_and_stops_on_ctrl_c(store_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store",
                                str(store_path), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/query?query=ASK%7B%7D", process)
        sparql = SPARQLWrapper(f"{base}/query")
        sparql.setQuery("PREFIX dk: <https://w3id.org/dipkg/ontology#> "
                        "SELECT (COUNT(?r) AS ?n) WHERE { ?r a dk:Recognition }")  # union default graph
        sparql.setReturnFormat(JSON)
        rows = sparql.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
        assert rows[0]["n"]["value"] == "127"   # every recognition act, contested ones included
        request = urllib.request.Request(f"{base}/update", data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                         headers={"Content-Type": "application/sparql-update"}, method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 403 and refused.value.read().decode() == "The server is read-only"
        page = urllib.request.urlopen(f"{base}/", timeout=5).read().decode()
        assert "<html" in page.lower()
    finally:
        process.send_signal(signal.SIGINT)
        out, errors = process.communicate(timeout=20)
    assert process.returncode == 0, errors
    assert out.splitlines() == [f"serving {store_path} (read-only); Ctrl-C stops",
                                f"  query page (browser)     http://127.0.0.1:{port}/",
                                f"  SPARQL query endpoint    http://127.0.0.1:{port}/query",
                                "stopped"]


def test_serve_warns_before_leaving_loopback_and_checks_the_bind() -> None:
    result = CliRunner().invoke(app, ["serve", "--bind", "7878", "--store", "."])
    assert result.exit_code == 2 and "--bind '7878' is not HOST:PORT" in result.output
    missing = CliRunner().invoke(app, ["serve", "--store", "/nonexistent/store"])
    assert missing.exit_code == 2 and "no dipkg store at /nonexistent/store" in missing.output


def test_a_public_bind_is_flagged() -> None:
    from kg import serve

    server = serve.plan(Path("."), "0.0.0.0:7878")
    assert server.public and server.base == "http://127.0.0.1:7878"
    assert server.command[1:4] == ["serve-read-only", "--location", "."]
    assert "--union-default-graph" in server.command and server.command[-2:] == ["--timeout-s", "30"]
    assert not serve.plan(Path("."), "127.0.0.1:7878").public
