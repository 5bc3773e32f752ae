"""Benchmark: the local Iceberg pipeline vs the naive seed-style script on all 3M flights, same run.

Every pipeline run is ``python -m medallion_local.runner`` in its own process (JVM start-up counts
for both sides). Measures, in this order (the JSON is rewritten after each step, so a cut-short
run keeps what it measured):

1. layout: every day of flights-3m as one CSV per day (with the usual bad rows); the 2001-06-30
   drop is held back;
2. first run: the naive script over the drops vs the pipeline bronze -> silver (``--skip-gold``),
   then the first gold build (no new bronze object);
3. one new day: the held-back drop is put back; the naive script again (it re-reads and overwrites
   everything) vs the bookmarked pipeline run (``--skip-gold``);
4. gold after that day: incremental (silver snapshot summaries) vs ``--full-rebuild``;
5. 10,000 rows over 150 monthly partitions (one CSV, a fresh lake), bronze -> silver;
6. history growth (``--history-factors``, e.g. ``1,2,4``): silver grows to N years of flights
   (extra years are the flights with their dates shifted by +k years and ids offset by
   ``k * 10**9``, laid out with the day 2001-06-30 + k years held back and loaded in one bookmarked
   run), then that held-back day is put back and the same one-new-day run is timed.

Writes ``bench/results/etl-<timestamp>.json`` (per run: wall seconds, the runner's per-dataset
``seconds``, its counts, and the job log lines with their offset from the process start) and
prints a Markdown table.
Usage: ``.venv/bin/python bench/etl/run_bench.py [--work-dir /tmp/etl-bench] [--days N]
[--history-factors 1,2,4]``
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
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "glue"))

from medallion_local.layout import FLIGHTS_PARQUET, layout_flights  # noqa: E402 - needs the path above

PYTHON = sys.executable
HELD_BACK_DAY = dt.date(2001, 6, 30)
#: Flight ids of the copy shifted by +k years are offset by ``k * ID_OFFSET`` (above the injected ids).
ID_OFFSET = 10**9
#: The many-partitions case: rows, and months they are spread over.
SPREAD_ROWS = 10_000
SPREAD_MONTHS = 150
#: The issue's goals, as printed in the table.
GOALS = {
    "first_run_throughput_ratio": "≥ 1.0×",
    "incremental_vs_naive_rerun": "≤ 0.25×",
    "history_growth": "flat within ±25 %",
    "gold_incremental_vs_full": "≤ 0.3×",
    "spread_seconds": "≤ 20 s",
}
#: The figures before Iceberg (issue 13's "today" column).
BEFORE = {
    "first_run_throughput_ratio": "0.43×",
    "incremental_vs_naive_rerun": "1.37×",
    "history_growth": "—",
    "gold_incremental_vs_full": "—",
    "spread_seconds": "73.5 s",
}


def files_and_bytes(directory: Path) -> tuple[int, int]:
    files = [p for p in directory.rglob("*.parquet") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def log_timeline(stderr: str, started_wall: float) -> list[str]:
    """The job log lines (``asctime LEVEL name: message``) as ``+seconds message``."""
    lines = []
    for line in stderr.splitlines():
        try:
            stamp = dt.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()
        except ValueError:
            continue
        lines.append(f"+{stamp - started_wall:6.1f}s {line[24:][:300]}")
    return lines


def timed(command: list[str]) -> tuple[float, str, list[str]]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "glue")}
    started_wall = time.time()
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO)
    seconds = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return seconds, result.stdout, log_timeline(result.stderr, started_wall)


def naive(flights: Path, out: Path) -> dict[str, Any]:
    seconds, _, _ = timed(
        [PYTHON, str(REPO / "bench" / "etl" / "naive_seed_style.py"), str(flights), str(out)]
    )
    files, size = files_and_bytes(out)
    return {"wall_seconds": round(seconds, 1), "files": files, "bytes": size}


def runner(lake: Path, *extra: str) -> dict[str, Any]:
    """One runner process on the flights dataset: wall seconds, its summary and its log timeline."""
    command = [PYTHON, "-m", "medallion_local.runner", "--lake-dir", str(lake), "--dataset", "flights"]
    seconds, out, timeline = timed([*command, *extra])
    summary = json.loads(out.strip().splitlines()[-1])["datasets"]["flights"]
    return {
        "wall_seconds": round(seconds, 1),
        "runner_seconds": summary["seconds"],
        "counts": summary,
        "log": timeline,
    }


def csv_rows(directory: Path) -> int:
    return sum(sum(1 for _ in p.open()) - 1 for p in directory.rglob("*.csv"))


def shifted_source(work: Path, years: int) -> Path:
    """flights-3m with every date moved ``years`` later (same month, day and time)."""
    table = pq.read_table(FLIGHTS_PARQUET)
    days = pc.cast(table["date"], pa.date32())
    unique = pc.unique(days)
    micros_per_day = 86_400 * 10**6
    deltas = pa.array(
        [(d.replace(year=d.year + years) - d).days * micros_per_day for d in unique.to_pylist()], pa.int64()
    )
    shift = pc.take(deltas, pc.index_in(days, value_set=unique))
    moved = pc.add(pc.cast(table["date"], pa.int64()), shift).cast(pa.timestamp("us"))
    out = work / f"flights-plus-{years}y.parquet"
    pq.write_table(table.set_column(0, "date", moved), out)
    return out


def offset_ids(path: Path, offset: int) -> None:
    lines = path.read_text().splitlines()
    fixed = [lines[0]]
    for line in lines[1:]:
        head, sep, rest = line.partition(",")
        fixed.append(f"{int(head) + offset}{sep}{rest}" if head.isdigit() else line)
    path.write_text("\n".join(fixed) + "\n")


def layout_shifted_year(work: Path, lake: Path, years: int, days: int | None) -> list[Path]:
    """Lay out the flights shifted by ``years`` (ids offset by ``years * ID_OFFSET``); return the drops."""
    report = layout_flights(lake, days=days, source=shifted_source(work, years))
    drops = [lake / relative for relative in report.files]
    for drop in drops:
        offset_ids(drop, years * ID_OFFSET)
    return drops


def hold_back(work: Path, drops: list[Path], years: int, days: int | None) -> tuple[Path, Path]:
    """Move the day 2001-06-30 + ``years`` (with ``days``: the next-to-last drop) out of bronze;
    return (its place, where it waits)."""
    day = HELD_BACK_DAY.replace(year=HELD_BACK_DAY.year + years)
    held = sorted(drops)[-2] if days else next(p for p in drops if p.name == f"flights-{day}.csv")
    aside = work / f"held-back-plus-{years}y.csv"
    shutil.move(held, aside)
    return held, aside


def layout_spread(lake: Path) -> Path:
    """One CSV of ``SPREAD_ROWS`` flights whose dates are moved over ``SPREAD_MONTHS`` months."""
    table = pq.read_table(FLIGHTS_PARQUET).slice(0, SPREAD_ROWS).to_pylist()
    out = lake / "bronze" / "flights" / "2001" / "01" / "01" / "flights-spread.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = ["flight_id,date,delay,distance,origin,destination"]
    for i, row in enumerate(table):
        month = i % SPREAD_MONTHS
        when = row["date"].replace(
            year=2001 + month // 12, month=1 + month % 12, day=min(row["date"].day, 28)
        )
        fields = [
            i + 1,
            f"{when:%Y/%m/%d %H:%M}",
            row["delay"],
            row["distance"],
            row["origin"],
            row["destination"],
        ]
        lines.append(",".join(str(f) for f in fields))
    out.write_text("\n".join(lines) + "\n")
    return out


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×"


def table(result: dict[str, Any]) -> str:
    """The Markdown table measure | before | now | goal, from what was measured."""
    now: dict[str, str] = {}
    first, incr = result.get("first_run"), result.get("one_new_day")
    if first:
        n, p = first["naive"]["wall_seconds"], first["pipeline"]["wall_seconds"]
        now["first_run_throughput_ratio"] = f"{n / p:.2f}× ({n} s naive / {p} s)"
    if incr:
        n, p = incr["naive"]["wall_seconds"], incr["pipeline"]["wall_seconds"]
        now["incremental_vs_naive_rerun"] = f"{ratio(p, n)} ({p} s / {n} s naive)"
    history = result.get("history", {})
    if history:
        base = history.get("1", {}).get("incremental", {}).get("wall_seconds")
        parts = []
        for factor, step in history.items():
            s = step["incremental"]["wall_seconds"]
            parts.append(f"{factor}×: {s} s" + (f" ({s / base - 1:+.0%})" if base and factor != "1" else ""))
        now["history_growth"] = ", ".join(parts)
    gold = result.get("gold_after_one_day")
    if gold:
        i, f = gold["incremental"]["wall_seconds"], gold["full_rebuild"]["wall_seconds"]
        now["gold_incremental_vs_full"] = f"{ratio(i, f)} ({i} s / {f} s)"
    spread = result.get("spread")
    if spread:
        now["spread_seconds"] = f"{spread['pipeline']['wall_seconds']} s"
    names = {
        "first_run_throughput_ratio": "first-run throughput / naive script's",
        "incremental_vs_naive_rerun": "one new day after the full load / naive full re-run",
        "history_growth": "that incremental run as silver history grows",
        "gold_incremental_vs_full": "gold after one new day / full gold rebuild",
        "spread_seconds": f"{SPREAD_ROWS:,} rows over {SPREAD_MONTHS} monthly partitions, bronze → silver",
    }
    rows = ["| measure | before | now | goal |", "|---|---|---|---|"]
    rows += [f"| {names[k]} | {BEFORE[k]} | {now.get(k, 'not measured')} | {GOALS[k]} |" for k in names]
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/etl-bench"))
    parser.add_argument("--days", type=int, help="lay out only the first N days (quick check); default all")
    parser.add_argument(
        "--history-factors",
        default="1,2,4",
        help="years of silver history for the growth measure, comma-separated, 1 first (default %(default)s)",
    )
    args = parser.parse_args()
    factors = sorted({int(f) for f in args.history_factors.split(",") if f.strip()})
    if not factors or factors[0] != 1:
        parser.error(
            f"--history-factors {args.history_factors!r}: must contain 1 (the base lake) and be >= 1"
        )
    work = args.work_dir.resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    lake = work / "lake"
    stamp = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}"
    out = REPO / "bench" / "results" / f"etl-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {
        "started": stamp,
        "machine": {"cores": os.cpu_count(), "load_avg_at_start": os.getloadavg()},
        "args": {"days": args.days, "history_factors": factors},
    }

    def save(step: str) -> None:
        result["machine"][f"load_avg_after_{step}"] = os.getloadavg()
        out.write_text(json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False))
        print(f"[{dt.datetime.now(dt.UTC):%H:%M:%S}] {step} done; load {os.getloadavg()[0]:.2f}", flush=True)

    layout = [
        PYTHON,
        str(REPO / "scripts" / "layout_bronze.py"),
        "--lake-dir",
        str(lake),
        "--dataset",
        "flights",
    ]
    layout += ["--days", str(args.days)] if args.days else ["--all-days"]
    layout_seconds, _, _ = timed(layout)
    flights = lake / "bronze" / "flights"
    drops = sorted(flights.rglob("*.csv"))
    held, aside = hold_back(work, drops, 0, args.days)
    rows_first = csv_rows(flights)
    result["layout"] = {
        "seconds": round(layout_seconds, 1),
        "drops": len(drops),
        "rows_first_run": rows_first,
    }

    naive_out = work / "naive"
    result["first_run"] = {"naive": naive(flights, naive_out), "pipeline": runner(lake, "--skip-gold")}
    result["first_run"]["pipeline"]["silver_files_bytes"] = files_and_bytes(lake / "silver")
    result["first_gold"] = runner(lake)
    save("first_run")

    shutil.move(aside, held)
    result["one_new_day"] = {"naive": naive(flights, naive_out), "pipeline": runner(lake, "--skip-gold")}
    save("one_new_day")
    result["gold_after_one_day"] = {
        "incremental": runner(lake),
        "full_rebuild": runner(lake, "--full-rebuild"),
    }
    save("gold_after_one_day")

    spread_lake = work / "spread-lake"
    layout_spread(spread_lake)
    result["spread"] = {
        "rows": SPREAD_ROWS,
        "months": SPREAD_MONTHS,
        "pipeline": runner(spread_lake, "--skip-gold"),
    }
    save("spread")

    result["history"] = {"1": {"incremental": result["one_new_day"]["pipeline"]}}
    years = 1
    for factor in factors[1:]:
        for k in range(years, factor):
            shifted = layout_shifted_year(work, lake, k, args.days)
        held_k, aside_k = hold_back(work, shifted, factor - 1, args.days)
        load = runner(lake, "--skip-gold")
        shutil.move(aside_k, held_k)
        result["history"][str(factor)] = {"load": load, "incremental": runner(lake, "--skip-gold")}
        years = factor
        save(f"history_{factor}x")

    result["machine"]["uptime_at_end"] = subprocess.run(
        ["uptime"], capture_output=True, text=True
    ).stdout.strip()
    save("all")
    print(f"results: {out}")
    print(table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
