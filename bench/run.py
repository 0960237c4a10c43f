"""Benchmark dipkg on synthetic graphs: build time, peak memory, median latency of every named query.

For each size, ``bench/generate.py`` writes a data directory, ``dipkg build`` loads it into an
on-disk store in a child process (wall time and peak resident memory of that process), and
every named query (but the federated ones) runs ``--repeat`` times on the embedded store with
its default parameters (or those in ``PARAMS``), through the API (a DataFrame) and on the engine
alone; the medians are kept. Beside the build, the bulk loader alone is timed on the follower counts'
triples (:func:`engine_floor`), the least any build can take. At the sizes given with ``--rdflib`` the same
queries run once on rdflib's in-memory store (the union of the named graphs), as a baseline.
Results go to ``bench/results/<size>.json``; ``bench/README.md`` shows them as a table.

    python bench/run.py --sizes 100000 1000000 --rdflib 100000
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402
from kg import KnowledgeGraph, __version__, queries  # noqa: E402

FEDERATED = {"recognisers-population", "bloc-members-wikidata"}
#: Parameters that differ from a query's defaults: the question a scholar asks at scale. The
#: default of follower-growth lists every count of every account (a table export, not a question).
PARAMS = {"follower-growth": {"account": "x-bench-0"}}
#: Questions "as of" a day inside the synthetic series (2024), beside the defaults (as of today,
#: after every count): timed once each, as ``name@as_of``.
AS_OF = {"digital-presence": "2024-06-01", "digital-vs-traditional": "2024-06-01"}


def build(data: Path, store: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of `dipkg build` in a child process."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "build", "--data", str(data),
                    "--store", str(store)], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak


def engine_floor(data: Path, work: Path) -> tuple[float, int]:
    """Wall seconds of Oxigraph's bulk loader alone on the follower counts: the N-Triples the build
    streams (written to a file first by the build's own generator, not timed), loaded from that
    file by ``Store.bulk_load`` in a child process into a new store. No build can be faster than
    this on the same machine. Returns the seconds and the number of triples."""
    from pyoxigraph import Store

    from kg import iris
    from kg.load import _text
    from kg.load._rdf import TextReader
    from kg.load.cube import FollowerSeries
    from kg.load.declared import Declared
    from kg.schema import DataPackage

    package = DataPackage(data)
    package.check(streamed_rows=False)
    text, store = work / "floor.nt", work / "floor-store"
    mapping = Declared(package.tables["follower_observations"], package.tables)
    series = FollowerSeries(Store())   # the edges of each series; no labels (no accounts in an empty store)
    reader, triples = TextReader(_text(package.checker("follower_observations"), mapping, [series], None)), 0
    with text.open("wb") as fh:
        while block := reader.read(1 << 20):
            fh.write(block)
            triples += block.count(b"\n")
    shutil.rmtree(store, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sys; from pyoxigraph import NamedNode, RdfFormat, Store; "
                    "Store(sys.argv[1]).bulk_load(path=sys.argv[2], format=RdfFormat.N_TRIPLES, "
                    "to_graph=NamedNode(sys.argv[3]), lenient=True)",
                    str(store), str(text), iris.graph("follower_observations").value], check=True)
    wall = time.perf_counter() - started
    text.unlink()
    shutil.rmtree(store, ignore_errors=True)
    return wall, triples


def query_medians(store: Path, repeat: int) -> tuple[dict[str, float], dict[str, float]]:
    """Median seconds of every named query through the API (``KnowledgeGraph.query``: a typed
    DataFrame) and on the engine alone (the same text, solutions read, as rdflib is timed)."""
    from kg.namespaces import PREFIXES

    graph = KnowledgeGraph.open(store)
    medians, engine = {}, {}
    cases = [(name, name, PARAMS.get(name, {}), repeat) for name in sorted(set(queries.registry()) - FEDERATED)]
    cases += [(f"{name}@{day}", name, {"as_of": day}, 1) for name, day in AS_OF.items()]
    for label, name, params, times in cases:
        text = queries.written(queries.resolve(name), params)
        api_times, engine_times = [], []
        for _ in range(times):
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
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rdflib-limit", type=int, default=60, help="seconds before an rdflib query is given up")
    parser.add_argument("--work", type=Path, default=Path("/tmp/dipkg-bench"))
    parser.add_argument("--reuse", action="store_true",
                        help="time the queries on the stores already in --work; keep the recorded build "
                             "figures and rdflib times")
    parser.add_argument("--keep-rdflib", action="store_true",
                        help="rebuild and retime dipkg, but keep the recorded rdflib times (the same generated "
                             "data: rdflib's times do not depend on dipkg's build)")
    args = parser.parse_args()
    for size in args.sizes:
        data, store = args.work / f"data-{size}", args.work / f"store-{size}"
        out = ROOT / "bench" / "results" / f"{size}.json"
        old_result: dict = {}
        recorded = json.loads(out.read_text(encoding="utf-8")) if out.is_file() else {}
        if args.reuse and store.is_dir() and out.is_file():
            old_result = json.loads(out.read_text(encoding="utf-8"))
            rows, wall, peak = old_result["rows"], old_result["build_seconds"], old_result["build_peak_mib"]
        else:
            rows = generate(data, size)
            wall, peak = build(data, store)
        floor, floor_triples = (old_result["floor_seconds"], old_result["floor_triples"]) if "floor_seconds" in \
            old_result else engine_floor(data, args.work)
        graph = KnowledgeGraph.open(store)
        triples = sum(c.triples for c in graph.graph_counts())
        classes = dict(zip(graph.class_counts()["class"], graph.class_counts()["entities"], strict=True))
        counted = classes.get("https://w3id.org/dipkg/ontology#FollowerObservation", 0)
        if counted != rows["follower_observations"]:  # the build must load every generated row
            sys.exit(f"{size}: {counted} follower observations in the store, {rows['follower_observations']} generated")
        del graph
        api, engine = query_medians(store, args.repeat)
        result = {
            "target_triples": size, "triples": triples, "rows": rows, "build_seconds": round(wall, 2),
            "build_peak_mib": round(peak, 1), "floor_seconds": round(floor, 2), "floor_triples": floor_triples,
            "params": PARAMS,
            "query_median_seconds": {k: round(v, 4) for k, v in api.items()},
            "engine_median_seconds": {k: round(v, 4) for k, v in engine.items()},
            "machine": {"python": platform.python_version(), "platform": platform.platform(),
                        "cpus": __import__("os").cpu_count(), "dipkg": __version__,
                        "pyoxigraph": pyoxigraph.__version__},
        }
        out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        if (args.reuse or args.keep_rdflib) and "rdflib_seconds" in recorded and size in args.rdflib:
            result["rdflib_seconds"] = recorded["rdflib_seconds"]
        elif size in args.rdflib:
            result["rdflib_seconds"] = {k: (round(v, 4) if v is not None else None)
                                        for k, v in rdflib_times(store, args.rdflib_limit).items()}
        out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        print(f"{size}: {triples} triples, build {wall:.1f} s, peak {peak:.0f} MiB -> {out}")


if __name__ == "__main__":
    main()
