"""One writer per store, and a swap that survives a crash (issue 20): a writer waits for another
with a message naming it; a build racing an import loses nothing; a build killed while swapping
leaves a store that answers as before, imports included, and no stray folders."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import KnowledgeGraph, notices
from kg import build as builder
from kg import store as stores
from kg.cli import app
from kg.errors import StoreError
from kg.paths import DATA_DIR

FOLLOWERS = Path(__file__).parent / "fixtures" / "imports" / "followers-good.csv"
HOLD = ("import sys, time\nfrom pathlib import Path\nfrom kg import store\n"
        "with store.writer(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(float(sys.argv[2]))\n")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "store"
    builder.build(DATA_DIR, path)
    with KnowledgeGraph.open(path, writable=True) as graph:
        graph.import_followers(FOLLOWERS, name="mine")
    return path


@pytest.fixture
def built(template: Path, tmp_path: Path) -> Path:
    """The shipped data's store with one import, in a folder of its own."""
    path = tmp_path / "store"
    shutil.copytree(template, path)
    return path


def _imports(path: Path) -> list[str]:
    with KnowledgeGraph.open(path) as graph:
        return graph.imports()["name"].tolist()


def _hold(path: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def _rocksdb_errors(path: Path) -> list[str]:
    return [line for line in (path / "LOG").read_text().splitlines() if "[ERROR]" in line]


def test_a_build_closes_the_new_store_before_moving_it_into_place(built: Path) -> None:
    # A handle still open when the folder moves writes its last changes to the old path: RocksDB
    # logs "MANIFEST verification on Close ... failed" in the store that was swapped in.
    builder.build(DATA_DIR, built)
    assert _rocksdb_errors(built) == []
    assert _imports(built) == ["import-mine"]


def test_a_fill_that_fails_leaves_the_store_and_no_new_folder(built: Path) -> None:
    before = sorted(p.name for p in built.parent.iterdir())

    def fill(store: object) -> None:
        raise ValueError("bad row")

    with pytest.raises(ValueError, match="bad row"):
        stores.staged(built, fill)
    assert sorted(p.name for p in built.parent.iterdir()) == before
    assert _imports(built) == ["import-mine"]


def test_a_writer_waits_for_another_and_names_it(built: Path) -> None:
    holder = _hold(built, 3)
    try:
        with pytest.raises(StoreError) as busy, stores.writer(built, wait=0.3):
            pass
        assert str(busy.value).startswith(f"the store at {built} is being written by process {holder.pid} (-c ")
        assert str(busy.value).endswith("waited 0.3 s. Run the command again when it is done")
        started = time.monotonic()
        done = CliRunner().invoke(app, ["import", "followers", str(FOLLOWERS), "--name", "again", "--store", str(built)])
        assert done.exit_code == 0, done.output
        assert f"note: waiting for the store at {built}: process {holder.pid}" in done.output
        assert time.monotonic() - started > 1.5    # it waited for the holder, then imported
    finally:
        holder.wait(timeout=30)
    assert _imports(built) == ["import-again", "import-mine"]


def test_two_builds_and_an_import_started_at_once_all_succeed_in_turn(built: Path) -> None:
    command = [sys.executable, "-c", "from kg.cli import main; main()"]
    builds = [subprocess.Popen([*command, "build", "--store", str(built)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True) for _ in range(2)]
    time.sleep(0.5)
    imported = subprocess.run([*command, "import", "followers", str(FOLLOWERS), "--name", "racing", "--store",
                               str(built)], capture_output=True, text=True, timeout=300)
    waited = imported.stderr
    for build in builds:
        out, errors = build.communicate(timeout=300)
        assert build.returncode == 0, errors
        assert out.splitlines()[0].startswith("built ")
        waited += errors
    assert imported.returncode == 0, imported.stderr
    assert f"note: waiting for the store at {built}: process " in waited   # someone waited, and said so
    assert "Traceback" not in waited
    assert _imports(built) == ["import-mine", "import-racing"]
    assert sorted(p.name for p in built.parent.iterdir()) == ["store", "store.lock"]


def test_a_build_killed_between_the_renames_is_undone_by_the_next_command(built: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    before = KnowledgeGraph.open(built).query("recognition-timeline", as_of="2012-12-31")
    rename = Path.rename

    def killed(self: Path, target: Path) -> Path:   # the process dies as the new store is moved in
        if self.name.startswith("store.new-"):
            raise KeyboardInterrupt
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", killed)
    with pytest.raises(KeyboardInterrupt):
        builder.build(DATA_DIR, built)
    monkeypatch.undo()
    siblings = sorted(p.name.split("-")[0] for p in built.parent.iterdir() if p.name.startswith("store."))
    assert not built.exists() and siblings == ["store.lock", "store.new", "store.old"]
    told: list[str] = []
    notices.listeners.append(told.append)
    try:
        after = KnowledgeGraph.open(built).query("recognition-timeline", as_of="2012-12-31")   # a reader recovers
    finally:
        notices.listeners.remove(told.append)
    assert after.equals(before) and _imports(built) == ["import-mine"]
    assert told[0].startswith(f"put back the store {built} from store.old-")
    assert told[1].startswith("removed store.new-") and told[1].endswith(", left by an unfinished build")
    assert sorted(p.name for p in built.parent.iterdir()) == ["store", "store.lock"]


#: A build that kills itself (SIGKILL: no cleanup, no finally) at a named step, for the test below.
KILL = """
import os, shutil, signal, sys
from pathlib import Path
from kg import build as builder, imports
from kg.paths import DATA_DIR

store, step = Path(sys.argv[1]), sys.argv[2]


def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def wrap(module, name, when=lambda *a, **k: True, after=False):
    real = getattr(module, name)

    def patched(*args, **kwargs):
        if not after and when(*args, **kwargs):
            die()
        result = real(*args, **kwargs)
        if after and when(*args, **kwargs):
            die()
        return result

    setattr(module, name, patched)


at = {
    "checking the CSV files": lambda: wrap(builder.DataPackage, "check"),
    "loading the tables": lambda: wrap(builder, "load_tables"),
    "deriving": lambda: wrap(builder, "derive"),
    "loading the streamed tables": lambda: wrap(builder, "load_streamed"),
    "labelling": lambda: wrap(builder, "label"),
    "compacting": lambda: wrap(builder, "_step", lambda p, what, *a: what == "compacting the store and validating (checks)"),
    "running the checks": lambda: wrap(builder, "violations"),
    "copying the imports": lambda: wrap(imports, "carry_over", after=True),
    "counting the graphs": lambda: wrap(builder, "graph_counts", after=True),
    "moving the old store aside": lambda: wrap(Path, "rename", lambda self, target: self == store),
    "moving the new store in": lambda: wrap(Path, "rename", lambda self, target: self.name.startswith("store.new-")),
    "removing the old store": lambda: wrap(shutil, "rmtree", lambda p, *a, **k: Path(p).name.startswith("store.old-")),
}
at[step]()
builder.build(DATA_DIR, store)
"""


@pytest.mark.parametrize("step", ["checking the CSV files", "loading the tables", "deriving",
                                  "loading the streamed tables", "labelling", "compacting", "running the checks",
                                  "copying the imports", "counting the graphs", "moving the old store aside",
                                  "moving the new store in", "removing the old store"])
def test_a_build_killed_at_any_step_leaves_the_store_as_it_was(built: Path, step: str) -> None:
    """The build is killed outright (SIGKILL, as by the OOM killer or a power cut: nothing of it
    runs after) at each step; the next command, a reader, finds the store answering as before,
    the import included, and removes what the build left."""
    before = KnowledgeGraph.open(built).query("recognisers-as-of", as_of="2020-01-01")
    killed = subprocess.run([sys.executable, "-c", KILL, str(built), step], capture_output=True, text=True,
                            timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with KnowledgeGraph.open(built) as graph:   # a reader
        assert graph.query("recognisers-as-of", as_of="2020-01-01").equals(before)
        assert graph.imports()["name"].tolist() == ["import-mine"]
    assert sorted(p.name for p in built.parent.iterdir()) == ["store", "store.lock"]


def _graph(path: Path, name: str) -> list[str]:
    with KnowledgeGraph.open(path) as graph:
        from kg.imports import import_graph

        return sorted(str(q) for q in graph.store.quads_for_pattern(None, None, None, import_graph(name)))


def test_a_replacement_that_fails_leaves_the_earlier_import_whole(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from kg import imports

    before = _graph(built, "mine")
    assert len(before) > 10

    def full(self: object, quads: object) -> None:   # the disk fills up while the new graph is written
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(imports.Store, "extend", full)
    done = CliRunner().invoke(app, ["import", "followers", str(FOLLOWERS), "--name", "mine", "--store", str(built)])
    monkeypatch.undo()
    assert done.exit_code == 2 and "error: No space left on device" in done.output
    assert _graph(built, "mine") == before
    with KnowledgeGraph.open(built) as graph:
        assert not [g for g in graph.store.named_graphs() if g.value.endswith(".previous")]


def test_an_import_interrupted_while_replaced_is_put_back(built: Path) -> None:
    from kg import imports

    before = _graph(built, "mine")
    with KnowledgeGraph.open(built, writable=True) as graph:   # as a process killed after setting it aside
        imports.move(graph.store, imports.import_graph("mine"), imports.set_aside("mine"))
    told: list[str] = []
    notices.listeners.append(told.append)
    try:
        with KnowledgeGraph.open(built, writable=True):
            pass
    finally:
        notices.listeners.remove(told.append)
    assert told == ["put back the import mine: its replacement was interrupted"]
    assert _graph(built, "mine") == before
