"""Benchmark: copy-on-write against merge-on-read for the silver ``MERGE INTO``, side by side in one run.

Issue 13 item 2 asks to pick the Iceberg row-level mode by measuring both. This runs, in one Spark session
and for each mode on its own table with the silver table's other properties
(:data:`medallion_glue.silver.store.WRITE_PROPERTIES`, identity ``year``/``month`` partitions, zstd,
locally ordered by event time):

1. load: the flights of ``--months`` months of ``flights-3m`` (each row keyed by ``flight_id``, its
   position in the file, as the layout does);
2. ``--rounds`` bookmarked-style runs, each one ``MERGE INTO`` on ``flight_id`` of a batch that holds one
   new day of flights (new keys, shifted past the loaded range) and ``--update-share`` of the loaded rows
   re-sent with a changed delay (late corrections, spread over every month): timed, with the data and
   delete files each commit added (``<table>.snapshots`` summaries);
3. after each merge, a reader's query (the gold aggregate per origin and month, a full scan): timed,
   because merge-on-read moves the cost of the merge to every reader (Athena, gold) until compaction.

Both modes see the same batches; the merges are interleaved, the first mode alternating per round.
Writes ``bench/results/merge-modes-<timestamp>.json`` and prints a Markdown table. Usage:
``.venv/bin/python bench/etl/merge_modes.py [--months 2] [--rounds 3] [--update-share 0.01]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "glue"))

from medallion_glue import defaults  # noqa: E402 - needs the path above
from medallion_glue.runtime.spark_session import local_session  # noqa: E402
from medallion_glue.silver.store import WRITE_PROPERTIES  # noqa: E402
from medallion_local.iceberg_catalog import create_namespaces, iceberg_session_settings  # noqa: E402
from medallion_local.layout import FLIGHTS_PARQUET  # noqa: E402

MODES = ("copy-on-write", "merge-on-read")
ROW_LEVEL_KEYS = ("write.merge.mode", "write.update.mode", "write.delete.mode")
NAMESPACE = "bench"
READ_QUERY = (
    "SELECT origin, year, month, count(*) AS departures, avg(delay) AS avg_delay FROM {table} "
    "GROUP BY origin, year, month"
)


def table_name(mode: str) -> str:
    return f"{defaults.ICEBERG_CATALOG}.{NAMESPACE}.flights_{mode.replace('-', '_')}"


def table_properties(mode: str) -> dict[str, str]:
    """The silver properties with the row-level mode set to ``mode``."""
    properties = {**WRITE_PROPERTIES, "write.parquet.compression-codec": "zstd"}
    properties.update(dict.fromkeys(ROW_LEVEL_KEYS, mode))
    return properties


def load_flights(spark: Any, months: int, work: Path) -> Any:
    """Flights of the first ``months`` months, with ``flight_id``, ``departure_time``, ``year`` and ``month``,
    written to ``work`` and read back (a MERGE source must be deterministic)."""
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    raw = spark.read.parquet(str(FLIGHTS_PARQUET))
    ids = raw.withColumn("flight_id", F.row_number().over(Window.orderBy(F.monotonically_increasing_id())))
    typed = ids.select(
        F.col("flight_id").cast("bigint").alias("flight_id"),
        F.col("date").cast("timestamp").alias("departure_time"),
        F.col("delay").cast("int").alias("delay"),
        F.col("distance").cast("int").alias("distance"),
        "origin",
        "destination",
    )
    dated = typed.withColumn("year", F.year("departure_time")).withColumn("month", F.month("departure_time"))
    dated.where(F.col("month") <= months).write.parquet(str(work / "loaded"))
    return spark.read.parquet(str(work / "loaded"))


def create_table(spark: Any, mode: str, rows: Any) -> None:
    table = table_name(mode)
    listed = ", ".join(f"'{k}'='{v}'" for k, v in table_properties(mode).items())
    spark.sql(f"DROP TABLE IF EXISTS {table}")
    spark.sql(
        f"CREATE TABLE {table} (flight_id bigint, departure_time timestamp, delay int, distance int, "
        f"origin string, destination string, year int, month int) USING iceberg "
        f"PARTITIONED BY (year, month) TBLPROPERTIES ({listed})"
    )
    spark.sql(f"ALTER TABLE {table} WRITE LOCALLY ORDERED BY departure_time")
    rows.writeTo(table).append()


def merge_batch(loaded: Any, round_no: int, update_share: float, max_id: int) -> Any:
    """One new day (new keys, dates moved past the loaded range) plus ``update_share`` corrected rows."""
    from pyspark.sql import functions as F

    day = loaded.where(F.dayofmonth("departure_time") == round_no).where(F.col("month") == 1)
    shifted = (
        day.withColumn("flight_id", F.col("flight_id") + F.lit(max_id * round_no))
        .withColumn("departure_time", F.col("departure_time") + F.expr("INTERVAL 2 YEARS"))
        .withColumn("year", F.year("departure_time"))
    )
    corrections = loaded.sample(fraction=update_share, seed=round_no).withColumn(
        "delay", F.col("delay") + F.lit(round_no)
    )
    return shifted.unionByName(corrections)


def run_merge(spark: Any, table: str, batch_view: str) -> float:
    started = time.perf_counter()
    spark.sql(
        f"MERGE INTO {table} t USING {batch_view} s ON t.flight_id = s.flight_id "
        "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *"
    )
    return time.perf_counter() - started


def run_read(spark: Any, table: str) -> float:
    started = time.perf_counter()
    spark.sql(READ_QUERY.format(table=table)).collect()
    return time.perf_counter() - started


def last_summary(spark: Any, table: str) -> dict[str, str]:
    row = spark.sql(f"SELECT summary FROM {table}.snapshots ORDER BY committed_at DESC LIMIT 1").first()
    return dict(row["summary"])


def file_counts(spark: Any, table: str) -> dict[str, int]:
    """Live data and delete files of the current snapshot."""
    data = spark.sql(f"SELECT count(*) AS n FROM {table}.data_files").first()["n"]
    deletes = spark.sql(f"SELECT count(*) AS n FROM {table}.delete_files").first()["n"]
    return {"data_files": int(data), "delete_files": int(deletes)}


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "| mode | round | merge s | read s | data files added | delete files added "
        "| live data / delete files |",
        "|---|---|---|---|---|---|---|",
    ]
    for mode in MODES:
        for r in result["modes"][mode]["rounds"]:
            s = r["summary"]
            lines.append(
                f"| {mode} | {r['round']} | {r['merge_seconds']:.1f} | {r['read_seconds']:.1f} | "
                f"{s.get('added-data-files', '0')} | {s.get('added-delete-files', '0')} | "
                f"{r['files']['data_files']} / {r['files']['delete_files']} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=2, help="months of flights loaded first (1-6)")
    parser.add_argument("--rounds", type=int, default=3, help="merges per mode")
    parser.add_argument("--update-share", type=float, default=0.01, help="share of loaded rows re-sent")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="merge-modes-"))
    settings = iceberg_session_settings(work / "catalog.db", str(work / "warehouse"))
    spark = local_session("merge-modes-bench", extra_settings=settings)
    create_namespaces(spark, [NAMESPACE])
    loaded = load_flights(spark, args.months, work)
    max_id = int(loaded.agg({"flight_id": "max"}).first()[0])
    result: dict[str, Any] = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "args": vars(args),
        "rows_loaded": loaded.count(),
        "load_average_start": os.getloadavg(),
        "modes": {},
    }
    batches = []
    for round_no in range(1, args.rounds + 1):
        path = str(work / f"batch-{round_no}")
        merge_batch(loaded, round_no, args.update_share, max_id).write.parquet(path)
        batches.append(spark.read.parquet(path))
    for mode in MODES:
        started = time.perf_counter()
        create_table(spark, mode, loaded)
        loaded_in = time.perf_counter() - started
        load = {"load_seconds": loaded_in, "read_seconds": run_read(spark, table_name(mode))}
        result["modes"][mode] = {"load": load, "rounds": []}
    # Interleaved, the first mode alternating per round, so neither mode gets the warm JVM or the idle moment.
    for round_no, batch in enumerate(batches, start=1):
        batch.createOrReplaceTempView("merge_batch")
        order = MODES if round_no % 2 else tuple(reversed(MODES))
        for mode in order:
            table = table_name(mode)
            merge_seconds = run_merge(spark, table, "merge_batch")
            result["modes"][mode]["rounds"].append(
                {
                    "round": round_no,
                    "batch_rows": batch.count(),
                    "merge_seconds": merge_seconds,
                    "read_seconds": run_read(spark, table),
                    "summary": last_summary(spark, table),
                    "files": file_counts(spark, table),
                }
            )
    result["load_average_end"] = os.getloadavg()
    out = REPO / "bench" / "results" / f"merge-modes-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")
    print(markdown(result))
    print(f"rows loaded {result['rows_loaded']}; written {out}")
    spark.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
