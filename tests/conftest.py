"""Shared fixtures: the graph built from the shipped data, and the CSVs read independently."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from kg import KnowledgeGraph
from kg import build as builder
from kg.paths import DATA_DIR


@pytest.fixture(scope="session")
def graph() -> KnowledgeGraph:
    """The shipped data, built in memory once per test session."""
    return KnowledgeGraph.build(DATA_DIR)


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store built from the shipped data (read by CLI tests)."""
    path = tmp_path_factory.mktemp("store") / "store"
    builder.build(DATA_DIR, path)
    return path


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def csv_states() -> pd.DataFrame:
    return _read("states")


@pytest.fixture(scope="session")
def csv_recognitions() -> pd.DataFrame:
    return _read("recognitions")


@pytest.fixture(scope="session")
def csv_claims() -> pd.DataFrame:
    return _read("withdrawal_claims")


@pytest.fixture(scope="session")
def csv_sources() -> pd.DataFrame:
    return _read("sources")


@pytest.fixture(scope="session")
def csv_organisations() -> pd.DataFrame:
    return _read("organisations")


@pytest.fixture(scope="session")
def csv_memberships() -> pd.DataFrame:
    return _read("memberships")


@pytest.fixture(scope="session")
def csv_applications() -> pd.DataFrame:
    return _read("applications")


@pytest.fixture(scope="session")
def csv_steps() -> pd.DataFrame:
    return _read("application_steps")


@pytest.fixture(scope="session")
def csv_relations() -> pd.DataFrame:
    return _read("relations")


@pytest.fixture(scope="session")
def csv_missions() -> pd.DataFrame:
    return _read("missions")


@pytest.fixture(scope="session")
def csv_platforms() -> pd.DataFrame:
    return _read("platforms")


@pytest.fixture(scope="session")
def csv_campaigns() -> pd.DataFrame:
    return _read("campaigns")


@pytest.fixture(scope="session")
def csv_accounts() -> pd.DataFrame:
    return _read("accounts")


@pytest.fixture(scope="session")
def csv_follower_observations() -> pd.DataFrame:
    return _read("follower_observations")


@pytest.fixture(scope="session")
def csv_external_actors() -> pd.DataFrame:
    return _read("external_actors")


@pytest.fixture(scope="session")
def csv_instruments() -> pd.DataFrame:
    return _read("instruments")


@pytest.fixture(scope="session")
def csv_incidents() -> pd.DataFrame:
    return _read("incidents")


@pytest.fixture(scope="session")
def csv_indicators() -> pd.DataFrame:
    return _read("indicators")


@pytest.fixture(scope="session")
def wikidata_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real SPARQL server (the `oxigraph` package's `serve-read-only`) on 127.0.0.1 and a free
    port, loaded with the Wikidata-shaped fixture; stopped after the session."""
    import gc
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from pyoxigraph import RdfFormat, Store

    location = tmp_path_factory.mktemp("wikidata") / "store"
    store = Store(str(location))
    store.load(path=str(Path(__file__).parent / "fixtures" / "wikidata" / "fixture.ttl"), format=RdfFormat.TURTLE)
    store.flush()
    del store
    gc.collect()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    server = subprocess.Popen([binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"the oxigraph server did not start on port {port}")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def start_oxigraph(location: Path, *, read_only: bool = False) -> tuple[object, str]:
    """Start `oxigraph serve` (or `serve-read-only`) on 127.0.0.1 and a free port; return the
    process and the base URL once it answers."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    command = [binary, "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
            return server, base
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError(f"the oxigraph server did not start on port {port}")


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """An empty, writable Oxigraph server (as an institution's triple store); its base URL."""
    server, base = start_oxigraph(tmp_path / "remote-store")
    try:
        yield base
    finally:
        server.terminate()  # type: ignore[attr-defined]
        server.wait(timeout=10)  # type: ignore[attr-defined]
