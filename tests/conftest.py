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


# -- the slow tests and the fuzz test's budget ---------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also run the tests marked slow, and fuzz ten times longer")


def pytest_configure(config: pytest.Config) -> None:
    from hypothesis import settings

    config.addinivalue_line("markers", "slow: a long test, run only with --slow")
    config.addinivalue_line("markers", "internal_error: the test makes the CLI fail with an internal error (exit 3)")
    # make test: a fixed set of examples, so CI is repeatable; --slow: ten times as many, at random
    settings.register_profile("dipkg", max_examples=30, derandomize=True, database=None)
    settings.register_profile("dipkg-slow", max_examples=300, database=None)
    settings.load_profile("dipkg-slow" if config.getoption("--slow") else "dipkg")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


# -- no CLI invocation of the suite ends in a traceback ------------------------------------------

@pytest.fixture(autouse=True)
def _no_traceback(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every `dipkg` command a test runs in-process (typer's CliRunner) must end in a message: no
    exception may escape the CLI (it would print a traceback), no output may hold one, and none
    may be an internal error (exit 3) unless the test is marked ``internal_error``."""
    from typer.testing import CliRunner

    invoke = CliRunner.invoke
    seen: list[tuple[list[str], object]] = []

    def checked(self: CliRunner, *args: object, **kwargs: object) -> object:
        result = invoke(self, *args, **kwargs)  # type: ignore[arg-type]
        seen.append((list(args[1]) if len(args) > 1 else [], result))  # type: ignore[call-overload]
        return result

    monkeypatch.setattr(CliRunner, "invoke", checked)
    yield
    if request.node.get_closest_marker("internal_error"):
        return
    for command, result in seen:
        escaped = result.exception if not isinstance(result.exception, SystemExit) else None  # type: ignore[attr-defined]
        assert escaped is None, f"dipkg {' '.join(command)}: {type(escaped).__name__} escaped the CLI: {escaped}"
        assert "Traceback" not in result.output, f"dipkg {' '.join(command)} printed a traceback"  # type: ignore[attr-defined]
        assert result.exit_code != 3, f"dipkg {' '.join(command)}: {result.output}"  # type: ignore[attr-defined]
