"""Write the table of ``bench/results/*.json`` into ``bench/README.md`` (between the markers)."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

HERE = Path(__file__).resolve().parent
START, END = "<!-- results -->", "<!-- /results -->"


def table() -> str:
    results = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(HERE.glob("results/[0-9]*.json"))]
    results.sort(key=lambda r: r["triples"])
    if not results:
        return "No results yet: run `make bench`."
    machine = results[0]["machine"]
    lines = [f"Measured on {machine['platform']}, {machine['cpus']} CPUs, Python {machine['python']}, "
             f"dipkg {machine['dipkg']}, pyoxigraph {machine['pyoxigraph']}.", "",
             "| | " + " | ".join(f"{r['triples']:,} triples" for r in results) + " |",
             "|---|" + "---:|" * len(results),
             "| build (s) | " + " | ".join(f"{r['build_seconds']:.1f}" for r in results) + " |",
             "| build peak memory (MiB) | " + " | ".join(f"{r['build_peak_mib']:.0f}" for r in results) + " |",
             "| loader's floor: bulk load + compaction of the same N-Quads (s) | "
             + " | ".join(_floor(r) for r in results) + " |",
             "| build / floor (median of the interleaved pairs) | "
             + " | ".join(f"{r['floor_ratio']:.2f}x" if "floor_ratio" in r else "-" for r in results) + " |",
             "| Virtuoso 7.2: `dipkg push` (s) | "
             + " | ".join(f"{r['virtuoso_push_seconds']:.1f}" if "virtuoso_push_seconds" in r else "-"
                          for r in results) + " |"]
    names = sorted({n for r in results for n in r["query_median_seconds"]})
    for name in names:
        cells = []
        for r in results:
            ox = r["query_median_seconds"].get(name)
            engine = (r.get("engine_median_seconds") or {}).get(name)
            rd = (r.get("rdflib_seconds") or {}).get(name)
            cell = f"{ox * 1000:.0f} ms" if ox is not None else "-"
            if engine is not None:
                cell += f" (engine {_ms(engine)}"
                if "rdflib_seconds" in r:
                    cell += f"; rdflib {rd * 1000:.0f} ms, {rd / engine:.0f}x)" if rd is not None else \
                        "; rdflib: over the limit or failed)"
                else:
                    cell += ")"
            cells.append(cell)
        lines.append(f"| `{name}` median | " + " | ".join(cells) + " |")
    lines += ["", "Each question asked of the embedded engine and of Virtuoso in turn (the same written text, "
              "every solution read; Virtuoso over loopback HTTP; each asked once untimed first): median ms, "
              "and the embedded engine's time over Virtuoso's (under 1: the embedded engine is faster).", "",
              "| | " + " | ".join(f"{r['triples']:,} triples" for r in results) + " |",
              "|---|" + "---:|" * len(results)]
    lines += _versus(results, "engine_vs_virtuoso_seconds")
    if any("memory_vs_virtuoso_seconds" in r for r in results):
        lines += ["", "The same questions in a pass of their own, the embedded engine answering from a copy of "
                  "the store in memory (`dipkg serve --in-memory`, `KnowledgeGraph.open(path, in_memory=True)`), "
                  "Virtuoso asked in turn again.", "",
                  "| | " + " | ".join(f"{r['triples']:,} triples" for r in results) + " |",
                  "|---|" + "---:|" * len(results),
                  "| copying the store into memory (s) | "
                  + " | ".join(f"{r['memory_copy_seconds']:.1f}" if "memory_copy_seconds" in r else "-"
                               for r in results) + " |"]
        lines += _versus(results, "memory_vs_virtuoso_seconds")
    return "\n".join(lines)


def _versus(results: list[dict], key: str) -> list[str]:
    """A row per question: ours / Virtuoso's median = the ratio (under 1: ours is faster)."""
    lines = []
    for name in sorted({n for r in results for n in r.get(key, {})}):
        cells = []
        for r in results:
            pair = r.get(key, {}).get(name)
            if pair and pair[1] is None:
                cells.append(f"{_ms(pair[0])} / Virtuoso over the limit")
            else:
                cells.append(f"{_ms(pair[0])} / {_ms(pair[1])} = **{pair[0] / pair[1]:.2f}**" if pair else "-")
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return lines


def _floor(r: dict) -> str:
    if "pairs" not in r:
        return "-"
    load = statistics.median(p["bulk_load_seconds"] for p in r["pairs"])
    compact = statistics.median(p["optimize_seconds"] for p in r["pairs"])
    return f"{r['floor_seconds']:.1f} ({load:.1f} + {compact:.1f}; {r['pairs'][0]['quads']:,} quads)"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 0.01 else f"{seconds * 1000:.0f} ms"


def main() -> None:
    readme = HERE / "README.md"
    text = readme.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    readme.write_text(f"{before}{START}\n{table()}\n{END}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
