"""Benchmark dipkg on synthetic graphs: build time, peak memory, median latency of every named query.

For each size, ``bench/generate.py`` writes a data directory, ``dipkg build`` loads it into an
on-disk store in a child process (wall time and peak resident memory of that process), and
every named query (but the federated ones) runs at least ``--repeat`` times (:func:`repeats`) on
the embedded store with its default parameters (or those in ``PARAMS``), through the API (a
DataFrame) and on the engine alone; the medians are kept. Each build is followed by the loader's floor on its output
(:func:`floor`: Oxigraph's bulk loader and compaction alone on the same N-Quads), interleaved,
and the questions are asked of Virtuoso in turn with the embedded engine
(:func:`against_virtuoso`). At the sizes given with ``--rdflib`` the same queries run once on
rdflib's in-memory store (the union of the named graphs), as a baseline.
Results go to ``bench/results/<size>.json``; ``bench/README.md`` shows them as a table.

    python bench/run.py --sizes 100000 1000000 --rdflib 100000
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402
from kg import KnowledgeGraph, __version__, queries  # noqa: E402
from kg.errors import RemoteError  # noqa: E402

FEDERATED = {"recognisers-population", "bloc-members-wikidata"}
#: Parameters that differ from a query's defaults: the question a scholar asks at scale. The
#: default of follower-growth lists every count of every account (a table export, not a question).
PARAMS = {"follower-growth": {"account": "x-bench-0"}}
#: Questions "as of" a day inside the synthetic series (2024), beside the defaults (as of today,
#: after every count): timed at least once each, as ``name@as_of``.
AS_OF = {"digital-presence": "2024-06-01", "digital-vs-traditional": "2024-06-01"}
#: Seconds before a question asked of Virtuoso is given up (recorded as over the limit, null).
VIRTUOSO_LIMIT = 60.0


def build(data: Path, store: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of `dipkg build` in a child process."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "build", "--data", str(data),
                    "--store", str(store)], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak


def floor(store: Path, work: Path) -> tuple[float, float, int]:
    """The loader's floor: the built store's N-Quads (``dipkg export``, not timed) loaded by
    Oxigraph's ``Store.bulk_load`` into a new store, then compacted (``Store.optimize``), in a
    child process. Returns the seconds of the load, of the compaction, and the number of quads."""
    text, target = work / "floor.nq", work / "floor-store"
    with text.open("wb") as fh:
        KnowledgeGraph.open(store).export(fh, "nq")
    quads = sum(1 for _ in text.open("rb"))
    shutil.rmtree(target, ignore_errors=True)
    out = subprocess.run([sys.executable, "-c", "import sys, time; from pyoxigraph import RdfFormat, Store; "
                          "s = Store(sys.argv[1]); t = time.perf_counter(); "
                          "s.bulk_load(path=sys.argv[2], format=RdfFormat.N_QUADS, lenient=True); "
                          "u = time.perf_counter(); s.optimize(); print(u - t, time.perf_counter() - u)",
                          str(target), str(text)], check=True, capture_output=True, text=True).stdout.split()
    text.unlink()
    shutil.rmtree(target, ignore_errors=True)
    return float(out[0]), float(out[1]), quads


def builds_and_floors(data: Path, store: Path, work: Path, rounds: int) -> dict:
    """``rounds`` pairs of a build and the loader's floor on its output, interleaved (build,
    floor, build, floor...) so that the machine's drift touches both; the ratio of each pair."""
    pairs = []
    for _ in range(rounds):
        wall, peak = build(data, store)
        load, compact, quads = floor(store, work)
        pairs.append({"build_seconds": round(wall, 2), "build_peak_mib": round(peak, 1), "bulk_load_seconds":
                      round(load, 2), "optimize_seconds": round(compact, 2), "quads": quads,
                      "ratio": round(wall / (load + compact), 2)})
    return {"pairs": pairs, "build_seconds": statistics.median(p["build_seconds"] for p in pairs),
            "build_peak_mib": max(p["build_peak_mib"] for p in pairs),
            "floor_seconds": statistics.median(p["bulk_load_seconds"] + p["optimize_seconds"] for p in pairs),
            "floor_ratio": statistics.median(p["ratio"] for p in pairs)}


#: A question is timed at least ``--repeat`` times (an "as of" case at least once) and, while its
#: timings have taken under BUDGET seconds in all, again, up to MOST times. A median of five
#: moved by half from one size to the next where the question's data did not change
#: (`hosted-missions` on disk: 4.2, 9.0, 5.4 ms in turns with Virtuoso at 169k, 1.46M and 14.4M
#: triples); a fast question now gets 21 timings for a second or two, while one that takes
#: Virtuoso 51 s is still timed once.
MOST = 21
BUDGET = 2.0


def repeats(least: int) -> Iterator[int]:
    """0, 1, 2...: at least ``least`` of them, and more while the loop has taken under
    :data:`BUDGET` seconds, at most :data:`MOST`."""
    started, done = time.perf_counter(), 0
    while done < least or (done < MOST and time.perf_counter() - started < BUDGET):
        yield done
        done += 1


def _cases(repeat: int) -> list[tuple[str, str, dict, int]]:
    cases = [(name, name, PARAMS.get(name, {}), repeat) for name in sorted(set(queries.registry()) - FEDERATED)]
    return cases + [(f"{name}@{day}", name, {"as_of": day}, 1) for name, day in AS_OF.items()]


def in_child(function: str, **arguments: object) -> Any:
    """``function(**arguments)`` of this module in a new Python process; its JSON answer. Every
    timing is taken in a process that has done nothing else: one that has read a whole store
    (the floor's export, a push to Virtuoso, a copy into memory) answers the named questions
    1.1-1.5x slower afterwards, whether the copy is kept or not (at 1.45M triples,
    recognitions-by-region 8.7 ms in a new process, 13 ms in the one that had built, exported
    and pushed)."""
    answer = subprocess.run([sys.executable, __file__, "--child", function, json.dumps(arguments)],
                            check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(answer)


def against_virtuoso(store: Path, work: Path, repeat: int) -> dict:
    """Virtuoso 7.2 (Debian's, started on loopback as the tests start it) given the same graph with
    ``dipkg push``; then every named question asked of the embedded engine and of Virtuoso in
    turn (:func:`turns`, in a process of its own). Then the same turns with a copy of the store
    in memory (``dipkg serve --in-memory``), in another process: asked in the same turns as the
    on-disk store, each slowed the other about twofold (each evicts the other's data from the
    processor's caches). Returns the push's and the copy's seconds and, per question, each
    engine's median with Virtuoso's in its pass."""
    from kg import remote
    from tests.virtuoso import virtuoso

    shutil.rmtree(work / "virtuoso", ignore_errors=True)
    with virtuoso(work / "virtuoso") as url:
        started = time.perf_counter()
        remote.push(KnowledgeGraph.open(store).store, remote.Endpoint.of(url, user="dba", password="dba"))
        pushed = time.perf_counter() - started
        on_disk = in_child("turns", store=str(store), url=url, repeat=repeat, in_memory=False, over=[])
        in_memory = in_child("turns", store=str(store), url=url, repeat=repeat, in_memory=True,
                             over=on_disk["over"])
    shutil.rmtree(work / "virtuoso", ignore_errors=True)
    return {"virtuoso_push_seconds": round(pushed, 2), "memory_copy_seconds": in_memory["copy_seconds"],
            "engine_vs_virtuoso_seconds": on_disk["medians"], "memory_vs_virtuoso_seconds": in_memory["medians"]}


def turns(store: str, url: str, repeat: int, in_memory: bool, over: list[str]) -> dict:
    """Every named question asked of the embedded engine (the store at ``store``, or its copy in
    memory) and of the Virtuoso at ``url`` in turn (engine, Virtuoso, engine, Virtuoso...), each
    the same written text, every solution read (Virtuoso's as SPARQL JSON over loopback HTTP, one
    page of ``--endpoint``: ``LIMIT remote.PAGE``). One try per question, and at most
    :data:`VIRTUOSO_LIMIT` seconds: a question Virtuoso cannot answer in that time (or in an
    earlier pass: ``over``) is recorded as over the limit (null) rather than ending the run.
    Returns the medians, the questions over the limit and the seconds the copy took."""
    from kg import remote
    from kg.namespaces import PREFIXES

    started = time.perf_counter()
    ours = KnowledgeGraph.open(Path(store), in_memory=in_memory).store
    copied = time.perf_counter() - started
    endpoint = dataclasses.replace(remote.Endpoint.of(url, user=None), timeout=VIRTUOSO_LIMIT, retries=0)
    medians: dict[str, list[float | None]] = {}
    for label, name, params, times in _cases(repeat):
        query = queries.resolve(name)
        local = queries.written(query, params)
        sent = f"{queries.instantiate(query, params)}\nLIMIT {remote.PAGE}"
        here_times, there_times = [], []
        # Each engine answers once before it is timed: ours reads the question's part of the store
        # into its caches, Virtuoso compiles and caches its plan (ours plans each time).
        list(ours.query(local, prefixes=PREFIXES, use_default_graph_as_union=True))  # type: ignore[arg-type]
        if label not in over:
            try:
                endpoint.select_json(sent)
            except RemoteError as error:
                print(f"Virtuoso, {label}: {error}", file=sys.stderr)
                over.append(label)
        for _ in range(1) if label in over else repeats(times):
            started = time.perf_counter()
            list(ours.query(local, prefixes=PREFIXES, use_default_graph_as_union=True))  # type: ignore[arg-type]
            here_times.append(time.perf_counter() - started)
            if label in over:
                continue
            started = time.perf_counter()
            endpoint.select_json(sent)
            there_times.append(time.perf_counter() - started)
        medians[label] = [round(statistics.median(here_times), 4),
                          None if label in over else round(statistics.median(there_times), 4)]
    return {"medians": medians, "over": over, "copy_seconds": round(copied, 2) if in_memory else None}


def query_medians(store: str, repeat: int) -> tuple[dict[str, float], dict[str, float]]:
    """Median seconds of every named query through the API (``KnowledgeGraph.query``: a typed
    DataFrame) and on the engine alone (the same text, solutions read, as rdflib is timed); run
    in a process of its own (:func:`in_child`)."""
    from kg.namespaces import PREFIXES

    graph = KnowledgeGraph.open(Path(store))
    medians, engine = {}, {}
    for label, name, params, times in _cases(repeat):
        text = queries.written(queries.resolve(name), params)
        api_times, engine_times = [], []
        for _ in repeats(times):
            started = time.perf_counter()
            graph.query(name, **params)
            api_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            list(graph.store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True))  # type: ignore[arg-type]
            engine_times.append(time.perf_counter() - started)
        medians[label], engine[label] = statistics.median(api_times), statistics.median(engine_times)
    return medians, engine


class _TooSlow(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _TooSlow


def rdflib_times(store: Path, limit: int) -> dict[str, float | None]:
    """Each named query once on rdflib's in-memory Dataset (default graph = union); a query that
    takes longer than ``limit`` seconds, or that rdflib cannot run, is recorded as None."""
    import io
    import signal

    import rdflib

    out = io.BytesIO()
    KnowledgeGraph.open(store).export(out, "nq")
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=out.getvalue(), format="nquads")
    results: dict[str, float | None] = {}
    signal.signal(signal.SIGALRM, _alarm)
    for name in sorted(set(queries.registry()) - FEDERATED):
        text = queries.instantiate(queries.resolve(name), PARAMS.get(name, {}))
        started = time.perf_counter()
        signal.alarm(limit)
        try:
            list(dataset.query(text))
            results[name] = time.perf_counter() - started
        except _TooSlow:
            results[name] = None
            print(f"rdflib: {name} took over {limit} s", file=sys.stderr)
        except Exception as exc:  # noqa: BLE001 (a query rdflib cannot run: recorded as None, reason printed)
            results[name] = None
            print(f"rdflib: {name} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        finally:
            signal.alarm(0)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 10_000_000])
    parser.add_argument("--rdflib", type=int, nargs="*", default=[100_000], help="sizes to run rdflib at")
    parser.add_argument("--repeat", type=int, default=5,
                        help="the least number of timings of a question (more while they take under "
                             f"{BUDGET:g} s in all, at most {MOST})")
    parser.add_argument("--rounds", type=int, default=3,
                        help="builds, each followed by the loader's floor (the median pair is reported: one "
                             "slow round on a shared machine does not decide it)")
    parser.add_argument("--rdflib-limit", type=int, default=60, help="seconds before an rdflib query is given up")
    parser.add_argument("--work", type=Path, default=Path("/tmp/dipkg-bench"))
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results",
                        help="where <size>.json goes (make bench-quick writes elsewhere)")
    parser.add_argument("--no-virtuoso", action="store_true", help="leave out the comparison with Virtuoso")
    parser.add_argument("--keep-rdflib", action="store_true",
                        help="rebuild and retime dipkg, but keep the recorded rdflib times (the same generated "
                             "data: rdflib's times do not depend on dipkg's build)")
    parser.add_argument("--child", nargs=2, metavar=("FUNCTION", "JSON"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:  # in_child: one function of this module, its answer as JSON on stdout
        function, arguments = args.child
        print(json.dumps(globals()[function](**json.loads(arguments))))
        return
    args.work.mkdir(parents=True, exist_ok=True)
    args.results.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        data, store = args.work / f"data-{size}", args.work / f"store-{size}"
        out = args.results / f"{size}.json"
        recorded = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else {}
        rows = generate(data, size)
        loads = builds_and_floors(data, store, args.work, args.rounds)
        graph = KnowledgeGraph.open(store)
        triples = sum(c.triples for c in graph.graph_counts())
        classes = dict(zip(graph.class_counts()["class"], graph.class_counts()["entities"], strict=True))
        counted = classes.get("https://w3id.org/dipkg/ontology#FollowerObservation", 0)
        if counted != rows["follower_observations"]:  # the build must load every generated row
            sys.exit(f"{size}: {counted} follower observations in the store, {rows['follower_observations']} generated")
        del graph
        api, engine = in_child("query_medians", store=str(store), repeat=args.repeat)
        result = {
            "target_triples": size, "triples": triples, "rows": rows, **loads, "params": PARAMS,
            "query_median_seconds": {k: round(v, 4) for k, v in api.items()},
            "engine_median_seconds": {k: round(v, 4) for k, v in engine.items()},
            "machine": {"python": platform.python_version(), "platform": platform.platform(),
                        "cpus": __import__("os").cpu_count(), "dipkg": __version__,
                        "pyoxigraph": pyoxigraph.__version__},
        }
        if not args.no_virtuoso:
            result.update(against_virtuoso(store, args.work, args.repeat))
        if args.keep_rdflib and "rdflib_seconds" in recorded and size in args.rdflib:
            result["rdflib_seconds"] = recorded["rdflib_seconds"]
        elif size in args.rdflib:
            result["rdflib_seconds"] = {k: (round(v, 4) if v is not None else None)
                                        for k, v in rdflib_times(store, args.rdflib_limit).items()}
        out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(f"{size}: {triples} triples, build {loads['build_seconds']:.1f} s ({loads['floor_ratio']}x the "
              f"loader's floor), peak {loads['build_peak_mib']:.0f} MiB -> {out}")


if __name__ == "__main__":
    main()
