"""Generate a realistic synthetic data directory for benchmarks (never for data/).

Every shipped table is copied (so the named queries' default questions, about Kosovo and
Albania, have their real answers), with each row's sources replaced by one synthetic source,
``bench-synthetic``. On top come synthetic rows: random recognitions among states,
memberships, missions, and accounts with daily follower counts over a year. The size is
chosen by a target number of triples (about 7 per follower count).

    python bench/generate.py --triples 1000000 --out /tmp/bench-1m
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCE = "bench-synthetic"
TRIPLES_PER_COUNT = 7
#: Triples of everything but the follower counts (states, organisations, recognitions, missions...).
BASE = 50_000


def _read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (DATA / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write(out: Path, name: str, header: list[str], rows: list[dict[str, str]]) -> None:
    with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: r.get(k, "") for k in header} for r in rows)


def generate(out: Path, triples: int, seed: int = 7) -> dict[str, int]:
    """Write a data directory of about ``triples`` triples to ``out``; return rows per table."""
    rng = random.Random(seed)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    (out / "datapackage.json").write_text(json.dumps(package, indent=1), encoding="utf-8")
    headers = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in package["resources"]}
    # the columns that cite sources, as the schema says (replaced by the synthetic source in copied rows)
    cites = {r["name"]: [f["name"] for f in r["schema"]["fields"]
                         if (f.get("dipkg:listOf") or {}).get("resource") == "sources"] for r in package["resources"]}
    rows: dict[str, list[dict[str, str]]] = {name: [] for name in headers}
    rows["sources"] = [{"id": SOURCE, "title": "Synthetic benchmark data (bench/generate.py)", "publisher": "dipkg",
                        "url": "https://w3id.org/dipkg", "accessed": "2026-11-23"}]
    for name in headers:
        if name == "sources":
            continue
        _, copied = _read(name)
        for row in copied:
            for column in cites[name]:
                if row.get(column):
                    row[column] = SOURCE
        rows[name] = copied
    ids = {name: {r.get("id") for r in table} for name, table in rows.items()}
    pairs = {(r["recognizer"], r["recognized"]) for r in rows["recognitions"]}
    # A synthetic membership must not contradict a real application's outcome.
    applied = {(r["applicant"], r["organisation"]) for r in rows["applications"]}
    states = [r["id"] for r in rows["states"] if r["kind"] == "state"]
    orgs = [r["id"] for r in rows["organisations"] if r["id"] not in ("UN", "UNSC")]  # UN: derived from states
    start = dt.date(2008, 1, 1)
    # Nothing synthetic of a state may predate it (the build rejects it): dates are clamped to the
    # independence day, so the random draws, and the graph of every other state, stay the same.
    born = {r["id"]: dt.date.fromisoformat(r["independence"]) for r in rows["states"] if r.get("independence")}
    born_year = {state: day.year for state, day in born.items()}
    for recognized in rng.sample(states, 10):
        for recognizer in rng.sample(states, 120):
            if recognizer != recognized and (recognizer, recognized) not in pairs:
                pairs.add((recognizer, recognized))
                day = max(start + dt.timedelta(days=rng.randrange(6000)), born.get(recognized, start))
                rows["recognitions"].append({"id": f"{recognizer}-{recognized}", "recognizer": recognizer,
                                             "recognized": recognized, "date": day.isoformat(), "form": "explicit",
                                             "sources": SOURCE})
    for state in states:
        for org in rng.sample(orgs, 8):
            if f"{state}-{org}" in ids["memberships"] or (state, org) in applied:
                continue
            rows["memberships"].append({"id": f"{state}-{org}", "member": state, "organisation": org,
                                        "role": "member", "sources": SOURCE,
                                        "start": str(max(rng.randrange(1950, 2020), born_year.get(state, 0)))})
        for host in rng.sample(states, 10):
            if host != state and f"{state}-{host}-embassy-capital" not in ids["missions"]:
                rows["missions"].append({"id": f"{state}-{host}-embassy-capital", "sender": state, "kind": "embassy",
                                         "host": host, "city": "Capital",
                                         "opened": str(max(rng.randrange(1950, 2024), born_year.get(state, 0))),
                                         "sources": SOURCE})
    counts = max(1, (triples - BASE) // TRIPLES_PER_COUNT)
    days = 365
    accounts = max(1, counts // days)
    for n in range(accounts):
        account = f"x-bench-{n}"
        rows["accounts"].append({"id": account, "platform": "x", "handle": f"bench_{n}", "holder_type": "ministry",
                                 "state": rng.choice(states), "holder": f"Synthetic holder {n}", "sources": SOURCE})
        followers = rng.randrange(100, 100_000)
        for d in range(days):
            followers += rng.randrange(-50, 200)
            rows["follower_observations"].append({
                "account": account, "date": (dt.date(2024, 1, 1) + dt.timedelta(days=d)).isoformat(),
                "followers": str(max(0, followers)), "sources": SOURCE})
    for name, header in headers.items():
        _write(out, name, header, rows[name])
    return {name: len(table) for name, table in rows.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000, help="about how many triples")
    parser.add_argument("--out", type=Path, required=True, help="the data directory to write")
    args = parser.parse_args()
    sizes = generate(args.out, args.triples)
    print(json.dumps(sizes))


if __name__ == "__main__":
    main()
