"""`dipkg serve` as a process: the workbench on loopback, the SPARQL 1.1 Protocol for other tools
(SPARQLWrapper, curl), the timeout kept, the store followed across rebuilds, and every child
stopped by Ctrl-C or SIGTERM."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper
from typer.testing import CliRunner

from kg import build as builder
from kg.cli import app
from kg.paths import DATA_DIR
from tests.servers import free_port, wait_until_up

COUNT = "SELECT (COUNT(?r) AS ?n) WHERE { ?r a dk:Recognition }"   # dipkg declares dk: for every query


@contextmanager
def serving(store: Path, *options: str, stop: signal.Signals = signal.SIGINT) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store",
                                str(store), "--bind", f"127.0.0.1:{port}", *options],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/sparql?query=ASK%7B%7D", process, seconds=30)
        yield base, process
    finally:
        if process.poll() is None:
            process.send_signal(stop)
        process.wait(timeout=30)


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in found.read_text().split()] if found.exists() else []


def alive(pids: list[int], seconds: float = 5) -> list[str]:
    """The command lines of ``pids`` still running after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        running = []
        for pid in pids:
            try:
                if Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z":   # not a zombie
                    running.append(Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"))
            except OSError:
                continue
        if not running:
            return []
        time.sleep(0.1)
    return running


def test_serve_prints_its_urls_answers_sparql_and_stops_every_child_on_ctrl_c(store_path: Path) -> None:
    with serving(store_path) as (base, process):
        workers = children(process.pid)
        assert len(workers) >= 2    # the query workers (and the resource tracker of multiprocessing)
        sparql = SPARQLWrapper(f"{base}/sparql")
        sparql.setQuery(COUNT)
        sparql.setReturnFormat(JSON)
        rows = sparql.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
        assert rows[0]["n"]["value"] == "127"   # every recognition act, contested ones included
        sparql.setReturnFormat(XML)
        xml = sparql.queryAndConvert()
        assert xml.getElementsByTagName("literal")[0].firstChild.data == "127"  # type: ignore[union-attr]
        sparql.setReturnFormat(CSV)
        assert sparql.queryAndConvert() == b"n\r\n127\r\n"
        sparql.setReturnFormat(TSV)
        assert sparql.queryAndConvert() == b"?n\n127\n"
        sparql.setQuery("CONSTRUCT { state:XKX rdfs:label ?l } WHERE { state:XKX rdfs:label ?l }")
        sparql.setReturnFormat(TURTLE)
        assert b'state:XKX rdfs:label "Kosovo"' in sparql.queryAndConvert()  # type: ignore[operator]
        request = urllib.request.Request(f"{base}/sparql", data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                                         headers={"Content-Type": "application/sparql-update"}, method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 403
        assert refused.value.read().decode() == "the workbench is read-only: SPARQL updates are refused\n"
        home = urllib.request.urlopen(f"{base}/", timeout=10).read().decode()
        assert "<title>dipkg workbench · dipkg</title>" in home
    assert process.returncode == 0, process.stderr.read()   # type: ignore[union-attr]
    out = process.stdout.read().splitlines()  # type: ignore[union-attr]
    port = base.rpartition(":")[2]
    assert out == [f"serving {store_path} (read-only, queries stopped after 30 s); Ctrl-C stops",
                   f"  workbench (browser)    http://127.0.0.1:{port}/",
                   f"  SPARQL editor          http://127.0.0.1:{port}/editor",
                   f"  SPARQL endpoint        http://127.0.0.1:{port}/sparql",
                   "stopped"]
    assert not alive(workers)


def test_sigterm_stops_the_server_and_its_workers(store_path: Path) -> None:
    with serving(store_path, stop=signal.SIGTERM) as (_, process):
        workers = children(process.pid)
        assert workers
    assert process.returncode == 0
    assert not alive(workers)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_speaks_the_protocol(store_path: Path) -> None:
    with serving(store_path) as (base, _):
        def curl(*args: str) -> str:
            done = subprocess.run(["curl", "-s", *args], capture_output=True, check=True, timeout=30)
            return done.stdout.decode("utf-8")

        assert curl("-H", "Accept: text/csv", "--data-urlencode", f"query={COUNT}", f"{base}/sparql") == "n\r\n127\r\n"
        found = json.loads(curl("-G", "--data-urlencode", f"query={COUNT}", f"{base}/query"))
        assert found["results"]["bindings"][0]["n"]["value"] == "127"
        turtle = curl("-H", "Accept: text/turtle", f"{base}/id/state/XKX")
        assert "state:XKX a dk:State" in turtle
        status = curl("-o", "/dev/null", "-w", "%{http_code}", "--data-urlencode", "update=CLEAR ALL", f"{base}/sparql")
        assert status == "403"


def test_a_query_past_the_timeout_is_stopped_with_an_http_error(store_path: Path) -> None:
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with serving(store_path, "--timeout", "2") as (base, _):
        started = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as stopped:
            urllib.request.urlopen(f"{base}/sparql?" + urllib.parse.urlencode({"query": endless}), timeout=60)
        took = time.monotonic() - started
        assert stopped.value.code == 504
        assert stopped.value.read().decode() == ("the query ran longer than 2 s and was stopped (`dipkg serve "
                                                 "--timeout SECONDS` gives queries longer)\n")
        assert took < 15
        # the worker was replaced: the next query is answered
        answer = urllib.request.urlopen(f"{base}/sparql?" + urllib.parse.urlencode({"query": COUNT}), timeout=30)
        assert json.loads(answer.read())["results"]["bindings"][0]["n"]["value"] == "127"


def test_the_workbench_follows_a_rebuild_without_a_restart(tmp_path: Path, data_copy: Path) -> None:
    store = tmp_path / "store"
    builder.build(DATA_DIR, store)
    note = '<script>alert("dipkg")</script> & a note'
    recognitions = data_copy / "recognitions.csv"
    lines = recognitions.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("FRA-XKX,"))
    assert lines[at].endswith(",")   # France's recognition has no note in data/
    lines[at] += '"' + note.replace('"', '""') + '"'
    recognitions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with serving(store) as (base, _):
        def page(path: str) -> str:
            return urllib.request.urlopen(base + path, timeout=30).read().decode()

        before, built = page("/id/recognition/FRA-XKX"), page("/")
        assert "alert" not in before
        time.sleep(1.1)   # the build time shown is to the second
        builder.build(data_copy, store)
        after = page("/id/recognition/FRA-XKX")
        assert '&lt;script&gt;alert(&#34;dipkg&#34;)&lt;/script&gt; &amp; a note' in after
        assert "<script>alert" not in after
        stamp = '<dd id="built">'
        assert page("/").split(stamp)[1][:23] != built.split(stamp)[1][:23]


def test_serve_checks_its_options() -> None:
    result = CliRunner().invoke(app, ["serve", "--bind", "7878", "--store", "."])
    assert result.exit_code == 2
    missing = CliRunner().invoke(app, ["serve", "--store", "/nonexistent/store"])
    assert missing.exit_code == 2 and "no dipkg store at /nonexistent/store" in missing.output


def test_a_public_bind_is_flagged_and_the_port_in_use_named(store_path: Path) -> None:
    from kg import serve

    bad = CliRunner().invoke(app, ["serve", "--bind", "7878", "--store", str(store_path)])
    assert bad.exit_code == 2 and "--bind '7878' is not HOST:PORT" in bad.output
    server = serve.plan(store_path, "0.0.0.0:7878")
    assert server.public and server.base == "http://127.0.0.1:7878"
    assert not serve.plan(store_path, "127.0.0.1:7878").public
    with serving(store_path) as (base, _):
        port = base.rpartition(":")[2]
        taken = CliRunner().invoke(app, ["serve", "--bind", f"127.0.0.1:{port}", "--store", str(store_path)])
        assert taken.exit_code == 2
        assert f"port {port} on 127.0.0.1 is in use (is another dipkg serve running?); pass --bind HOST:PORT" \
            in taken.output
    service = CliRunner().invoke(app, ["serve", "--allow-service", "ftp://x", "--store", str(store_path)])
    assert service.exit_code == 2 and "--allow-service 'ftp://x' is not an http(s) URL" in service.output


def test_the_workbench_follows_an_import_without_a_restart(tmp_path: Path) -> None:
    store = tmp_path / "store"
    builder.build(DATA_DIR, store)
    fixture = Path(__file__).parent / "fixtures" / "imports" / "followers-good.csv"
    with serving(store) as (base, _):
        def home() -> str:
            return urllib.request.urlopen(f"{base}/", timeout=30).read().decode()

        assert "<td>import-mine</td>" not in home()
        imported = CliRunner().invoke(app, ["import", "followers", str(fixture), "--name", "mine",
                                            "--store", str(store)])
        assert imported.exit_code == 0, imported.output
        page = home()
        assert "<tr><td>import-mine</td><td>followers</td><td>followers-good.csv</td>" in page
        assert '<td class="num">3</td></tr>' in page.split("<td>import-mine</td>")[1][:200]


def test_in_memory_answers_from_a_copy_keeps_the_timeout_and_follows_a_rebuild(tmp_path: Path,
                                                                                data_copy: Path) -> None:
    store = tmp_path / "store"
    builder.build(DATA_DIR, store)
    recognitions = data_copy / "recognitions.csv"
    lines = recognitions.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("FRA-XKX,"))
    lines[at] += "a note added for the copy in memory"
    recognitions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"

    def count(base: str) -> str:
        answer = urllib.request.urlopen(f"{base}/sparql?" + urllib.parse.urlencode({"query": COUNT}), timeout=60)
        return json.loads(answer.read())["results"]["bindings"][0]["n"]["value"]

    with serving(store, "--in-memory", "--timeout", "2", "--workers", "1") as (base, process):
        assert count(base) == "127"
        with pytest.raises(urllib.error.HTTPError) as stopped:
            urllib.request.urlopen(f"{base}/sparql?" + urllib.parse.urlencode({"query": endless}), timeout=60)
        assert stopped.value.code == 504
        # the worker was replaced, and its copy of the store is not counted against the 2 s
        assert count(base) == "127"
        page = urllib.request.urlopen(f"{base}/id/recognition/FRA-XKX", timeout=60).read().decode()
        assert "a note added for the copy in memory" not in page
        builder.build(data_copy, store)
        page = urllib.request.urlopen(f"{base}/id/recognition/FRA-XKX", timeout=60).read().decode()
        assert "a note added for the copy in memory" in page
    assert process.returncode == 0, process.stderr.read()   # type: ignore[union-attr]
    first = process.stdout.read().splitlines()[0]  # type: ignore[union-attr]
    assert first == f"serving {store} (read-only, from a copy in memory, queries stopped after 2 s); Ctrl-C stops"
