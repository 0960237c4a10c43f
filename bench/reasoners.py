"""Time `dipkg reason`'s three engines on the benchmark graphs (after `bench/run.py` built them).

    python bench/reasoners.py --sizes 100000 1000000 10000000

Each engine runs in its own process on a fresh copy of the size's store, so the wall time and the
peak memory (the process's and, for HermiT and Pellet, its Java child's) are its own. The figures
go to ``bench/results/reasoners.json`` and into the reasoners table of ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "reasoners.json"
README = HERE / "README.md"
ENGINES = ("hermit", "owlrl", "reasonable")

_CHILD = """
import json, resource, sys, time
from kg import store as stores
from kg.reason import reason
store = stores.open_writable(__import__("pathlib").Path(sys.argv[1]))
started = time.perf_counter()
found = reason(store, sys.argv[2])
seconds = time.perf_counter() - started
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
classified = {c.rsplit("#", 1)[1]: len(m) for c, m in found.classified.items()}
print(json.dumps({"seconds": round(seconds, 1), "peak_mib": round(peak / 1024), "input_triples": found.input_triples,
                  "written": found.written, "classified": classified}))
"""


def measure(store: Path, engine: str, timeout: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "store"
        shutil.copytree(store, copy)
        try:
            done = subprocess.run([sys.executable, "-c", _CHILD, str(copy), engine], capture_output=True, text=True,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return {"error": f"over {timeout} s"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(results: dict[str, dict[str, dict[str, object]]]) -> str:
    sizes = sorted(results, key=int)
    lines = ["| engine (what it reads) | " + " | ".join(f"{int(s):,} target triples" for s in sizes) + " |",
             "|---|" + "---:|" * len(sizes)]
    reads = {"hermit": "HermiT, OWL 2 DL: ontology + curated tables",
             "owlrl": "OWL 2 RL rules in the store: everything",
             "reasonable": "reasonable, OWL 2 RL: ontology + curated tables"}
    for engine in ENGINES:
        cells = []
        for size in sizes:
            r = results[size].get(engine, {})
            cells.append(str(r["error"]) if "error" in r else
                         f"{r['seconds']} s, {r['peak_mib']} MiB ({int(str(r['input_triples'])):,} triples read)")
        lines.append(f"| `{engine}` ({reads[engine]}) | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["100000", "1000000", "10000000"])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "dipkg-bench")
    parser.add_argument("--timeout", type=int, default=1800)
    args = parser.parse_args()
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for size in args.sizes:
        store = args.work / f"store-{size}"
        if not store.is_dir():
            sys.exit(f"no store at {store}: run `python bench/run.py --sizes {size}` first")
        results[size] = {engine: measure(store, engine, args.timeout) for engine in ENGINES}
        print(size, json.dumps(results[size]), flush=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    text = README.read_text(encoding="utf-8")
    start, end = "<!-- reasoners -->\n", "<!-- /reasoners -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        README.write_text(head + start + table(results) + end + rest.split(end, 1)[1], encoding="utf-8")


if __name__ == "__main__":
    main()
