"""The command line's wall time, end to end: `dipkg --version`, `dipkg queries` and three small
questions on the shipped data, each the median of several runs, and as a ratio to `python -c pass`
on the same machine (so machines of different speed compare).

    python bench/cli.py [--repeat 7]     # writes bench/results/cli.json
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "cli.json"
DIPKG = str(Path(sys.executable).with_name("dipkg"))
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "dipkg --version": [DIPKG, "--version"],
    "dipkg queries": [DIPKG, "queries"],
    "dipkg query relations-events --param state=ALB": [DIPKG, "query", "relations-events", "--param", "state=ALB"],
    "dipkg query hosted-missions --param host=XKX": [DIPKG, "query", "hosted-missions", "--param", "host=XKX"],
    "dipkg query recognition-timeline --format csv": [DIPKG, "query", "recognition-timeline", "--format", "csv"],
}


def wall(command: list[str], cwd: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dipkg-cli-bench-"))
    try:
        subprocess.run([DIPKG, "build"], cwd=work, check=True, stdout=subprocess.DEVNULL)
        found = {name: wall(command, work, args.repeat) for name, command in COMMANDS.items()}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = found["python -c pass"]
    result = {"machine": f"{platform.platform()}, Python {platform.python_version()}", "repeat": args.repeat,
              "seconds": {k: round(v, 4) for k, v in found.items()},
              "ratio_to_python": {k: round(v / base, 1) for k, v in found.items()}}
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for name, seconds in found.items():
        print(f"{seconds * 1000:8.0f} ms  {seconds / base:6.1f}x  {name}")


if __name__ == "__main__":
    main()
