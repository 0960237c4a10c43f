"""A graph opened in memory (``KnowledgeGraph.open(path, in_memory=True)``, ``dipkg serve
--in-memory``): the same quads and the same answers as the on-disk store it was copied from."""

from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
import pytest

from kg import KnowledgeGraph, queries
from kg.errors import DipkgError, StoreError

#: Questions that call Wikidata (SERVICE): not asked here, as tests never touch the internet.
FEDERATED = {name for name, query in queries.registry().items() if query.federated}


@pytest.fixture(scope="module")
def both(store_path: Path) -> tuple[KnowledgeGraph, KnowledgeGraph]:
    return KnowledgeGraph.open(store_path), KnowledgeGraph.open(store_path, in_memory=True)


def test_the_copy_holds_every_quad_of_the_store(both: tuple[KnowledgeGraph, KnowledgeGraph]) -> None:
    disk, memory = both
    assert len(memory.store) == len(disk.store) > 10_000
    assert set(memory.store.named_graphs()) == set(disk.store.named_graphs())
    assert sorted(map(str, memory.store.quads_for_pattern(None, None, None, None))) == \
        sorted(map(str, disk.store.quads_for_pattern(None, None, None, None)))


@pytest.mark.parametrize("name", sorted(set(queries.registry()) - FEDERATED))
def test_every_named_question_answers_the_same_in_memory(both: tuple[KnowledgeGraph, KnowledgeGraph],
                                                         name: str) -> None:
    disk, memory = both
    pd.testing.assert_frame_equal(memory.query(name), disk.query(name))


def test_two_federated_questions_are_left_out() -> None:
    assert {"recognisers-population", "bloc-members-wikidata"} == FEDERATED


def test_a_copy_in_memory_cannot_be_opened_for_writing(store_path: Path) -> None:
    with pytest.raises(DipkgError) as refused:
        KnowledgeGraph.open(store_path, writable=True, in_memory=True)
    assert str(refused.value) == ("a graph opened in memory is a read-only copy; open it writable without "
                                  "in_memory")


def test_the_copy_is_made_in_a_thread_of_its_own(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its allocations then go to another of the C library's memory arenas, not to the one of the
    thread that plans the questions (kg.store.copy_in_memory)."""
    from pyoxigraph import Store

    from kg import store as stores

    copied: list[tuple[str, int]] = []

    class Recording:
        read_only = staticmethod(Store.read_only)

        def bulk_extend(self, quads: object) -> None:
            copied.append((threading.current_thread().name, sum(1 for _ in quads)))  # type: ignore[attr-defined]

    quads = len(Store.read_only(str(store_path)))
    monkeypatch.setattr(stores, "Store", Recording)
    stores.copy_in_memory(store_path)
    assert copied == [("dipkg-copy", quads)] and threading.current_thread().name == "MainThread"


def test_no_store_is_named_as_on_disk(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as missing:
        KnowledgeGraph.open(tmp_path / "nothing", in_memory=True)
    assert str(missing.value).startswith(f"no dipkg store at {tmp_path / 'nothing'}. Run `dipkg build` first")


def test_a_workers_copy_is_waited_for_and_not_counted_against_the_timeout() -> None:
    import multiprocessing
    import threading
    import time

    from kg.errors import QueryTimeoutError
    from kg.web.engine import LOADED, LOADING, receive

    ours, theirs = multiprocessing.Pipe()

    def worker(copying: float, answering: float) -> None:
        theirs.send(LOADING)
        time.sleep(copying)
        theirs.send(LOADED)
        time.sleep(answering)
        theirs.send(("ok", 127))

    slow_copy = threading.Thread(target=worker, args=(1.0, 0.1))
    slow_copy.start()
    assert receive(ours, timeout=0.5) == ("ok", 127)   # 1.1 s in all, 0.1 s of it the query
    slow_copy.join()
    slow_query = threading.Thread(target=worker, args=(0.0, 1.0))
    slow_query.start()
    with pytest.raises(QueryTimeoutError) as stopped:
        receive(ours, timeout=0.5)
    assert str(stopped.value) == ("the query ran longer than 0.5 s and was stopped (`dipkg serve --timeout "
                                  "SECONDS` gives queries longer)")
    slow_query.join()


def test_a_damaged_store_is_named_not_copied(tmp_path: Path) -> None:
    from kg import build as builder
    from kg.paths import DATA_DIR
    from kg.store import copy_in_memory

    store = tmp_path / "store"
    builder.build(DATA_DIR, store)
    for table in store.glob("*.sst"):
        table.write_bytes(b"\0" * 100)
    with pytest.raises(StoreError) as damaged:
        copy_in_memory(store)
    assert str(damaged.value).startswith(f"the store at {store} is damaged (")
    assert str(damaged.value).endswith(f"Rebuild it with `dipkg build --store {store} --force`, which keeps the "
                                       "imports it can still read")
