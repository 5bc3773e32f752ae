"""Benchmark: the local pipeline vs the naive seed-style script on all 3M flights, same run.

Steps (each pipeline in its own process, so JVM start-up counts for both):

1. lay out every day of flights-3m as one CSV per day (with the usual sprinkle of bad rows) and
   hold back the 2001-06-30 drop;
2. naive script over the drops -> Parquet; the pipeline (bronze -> silver, ``--skip-gold``);
   the pipeline's gold stage alone (no new bronze objects);
3. put the held-back day back; naive script again (it must re-read and overwrite everything);
   the pipeline again (its bookmark reads only the new day).

Writes ``bench/results/etl-<timestamp>.json`` and prints a Markdown table.
Usage: ``.venv/bin/python bench/etl/run_bench.py [--work-dir /tmp/etl-bench] [--days N]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
HELD_BACK_DAY = dt.date(2001, 6, 30)


def files_and_bytes(directory: Path) -> tuple[int, int]:
    files = [p for p in directory.rglob("*.parquet") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def timed(command: list[str]) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "glue")}
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{result.stderr[-3000:]}")
    return seconds, result.stdout


def runner(lake: Path, *extra: str) -> tuple[float, dict]:
    seconds, out = timed(
        [
            PYTHON,
            "-m",
            "medallion_local.runner",
            "--lake-dir",
            str(lake),
            "--dataset",
            "flights",
            "--quiet",
            *extra,
        ]
    )
    return seconds, json.loads(out.strip().splitlines()[-1])["datasets"]["flights"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/etl-bench"))
    parser.add_argument("--days", type=int, help="lay out only the first N days (quick check); default all")
    args = parser.parse_args()
    work = args.work_dir.resolve()
    shutil.rmtree(work, ignore_errors=True)
    lake = work / "lake"
    layout = [
        PYTHON,
        str(REPO / "scripts" / "layout_bronze.py"),
        "--lake-dir",
        str(lake),
        "--dataset",
        "flights",
    ]
    layout += ["--days", str(args.days)] if args.days else ["--all-days"]
    layout_seconds, _ = timed(layout)
    flights = lake / "bronze" / "flights"
    drops = sorted(flights.rglob("*.csv"))
    held = drops[-2] if args.days else flights / f"{HELD_BACK_DAY:%Y/%m/%d}" / f"flights-{HELD_BACK_DAY}.csv"
    aside = work / "held-back.csv"
    shutil.move(held, aside)
    rows_first = sum(1 for p in flights.rglob("*.csv") for _ in p.open()) - len(drops) + 1

    naive_out = work / "naive"
    naive_first, _ = timed(
        [PYTHON, str(REPO / "bench" / "etl" / "naive_seed_style.py"), str(flights), str(naive_out)]
    )
    naive_files, naive_bytes = files_and_bytes(naive_out)
    ours_first, counts_first = runner(lake, "--skip-gold")
    ours_files, ours_bytes = files_and_bytes(lake / "silver" / "flights")
    gold_seconds, counts_gold = runner(lake)

    shutil.move(aside, held)
    naive_second, _ = timed(
        [PYTHON, str(REPO / "bench" / "etl" / "naive_seed_style.py"), str(flights), str(naive_out)]
    )
    ours_second, counts_second = runner(lake, "--skip-gold")

    result = {
        "machine": {"cores": os.cpu_count(), "load_avg_1m_at_end": os.getloadavg()[0]},
        "layout_seconds": round(layout_seconds, 1),
        "bronze_drops": len(drops),
        "rows_first_run": rows_first,
        "naive": {
            "first_run_seconds": round(naive_first, 1),
            "rows_per_second": round(rows_first / naive_first),
            "files": naive_files,
            "bytes": naive_bytes,
            "second_run_seconds": round(naive_second, 1),
        },
        "pipeline": {
            "first_run_seconds": round(ours_first, 1),
            "rows_per_second": round(counts_first["rows_read"] / ours_first),
            "files": ours_files,
            "bytes": ours_bytes,
            "gold_seconds": round(gold_seconds, 1),
            "gold_rows": counts_gold["gold"],
            "second_run_seconds": round(ours_second, 1),
            "first_run_counts": counts_first,
            "second_run_counts": counts_second,
        },
    }
    out_dir = REPO / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"etl-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps(result, indent=2, sort_keys=True))
    n, p = result["naive"], result["pipeline"]
    print(f"results: {out}")
    print("| | naive seed-style script | medallion pipeline (bronze -> silver) |")
    print("|---|---|---|")
    print(f"| first run, {rows_first:,} rows | {n['first_run_seconds']} s | {p['first_run_seconds']} s |")
    print(f"| rows per second | {n['rows_per_second']:,} | {p['rows_per_second']:,} |")
    print(f"| Parquet files written | {n['files']} | {p['files']} |")
    print(f"| bytes written | {n['bytes']:,} | {p['bytes']:,} |")
    second = f"{n['second_run_seconds']} s (re-reads all) | {p['second_run_seconds']} s"
    print(f"| second run after one more day | {second} |")
    print(f"| gold stage (2 tables) | - | {p['gold_seconds']} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
