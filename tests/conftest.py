"""Shared fixtures: the graph built from the shipped data, and the CSVs read independently."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from kg import KnowledgeGraph
from kg import build as builder
from kg.paths import DATA_DIR
from tests.servers import start_oxigraph


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
def csv_acts() -> pd.DataFrame:
    return _read("recognition_claims")


@pytest.fixture(scope="session")
def held_today(csv_recognitions: pd.DataFrame, csv_acts: pd.DataFrame, csv_claims: pd.DataFrame) -> dict[str, set[str]]:
    """The polities recognising Kosovo today under each viewpoint, computed from the CSVs
    (``tests/viewpoints.py``), not by the graph."""
    from tests import viewpoints

    today = dt.date.today().isoformat()
    return {v: viewpoints.recognisers(csv_recognitions, csv_acts, csv_claims, v, today) for v in viewpoints.VIEWPOINTS}


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

    from pyoxigraph import RdfFormat, Store

    location = tmp_path_factory.mktemp("wikidata") / "store"
    store = Store(str(location))
    store.load(path=str(Path(__file__).parent / "fixtures" / "wikidata" / "fixture.ttl"), format=RdfFormat.TURTLE)
    store.flush()
    del store
    gc.collect()
    server, base = start_oxigraph(location, read_only=True)
    try:
        yield f"{base}/query"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def oxigraph_server(tmp_path: Path) -> Iterator[str]:
    """An empty, writable Oxigraph server (as an institution's triple store); its base URL."""
    server, base = start_oxigraph(tmp_path / "remote-store")
    try:
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
