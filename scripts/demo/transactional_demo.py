"""The demo's transactional source, raw to gold, in one local Spark session (one JVM start).

The demo runs it in its Python worker (``python_worker.py``), on the session every Python step shares;
run as a script it starts its own (:func:`demo_session`).

Against a running PostgreSQL (the demo starts a throwaway one, as the tests do):

1. the simulator's local twin (``lambdas/simulator/local-run.ts``) writes ``--first-minutes`` simulated
   minutes: inserts, and updates and soft deletes of earlier rows;
2. incremental ingestion to bronze (``medallion_local.jdbc_ingest``, bookmark on ``change_seq``);
3. ``--second-minutes`` more simulated minutes and a second ingestion: only the rows inserted or changed
   since the bookmark;
4. bronze_to_silver of the ``transactions`` spec over both increments (the Glue entry script on the awsglue
   stand-in: the versions of one ``id`` collapse to the latest ``updated_at``), then silver_to_gold. One
   silver run keeps the demo short; the pipeline test (glue/tests/jdbc/test_transactional_pipeline.py)
   also runs silver after each ingestion, merging changes into stored rows.

Usage::

    PYTHONPATH=glue .venv/bin/python scripts/demo/transactional_demo.py --lake-dir .lake/demo \\
        --port 5432 --database medallion_test [--user postgres] [--first-minutes 30] [--second-minutes 20]

Progress goes to stderr; the last stdout line is one JSON object: ``simulated`` (totals of each simulation),
``ingestions`` (per run: previous and new bookmark, rows read, of which new and changed rows), ``silver``
(the reconciliation counts of the bronze_to_silver run), ``gold`` (rows per gold table) and ``source``
(rows and live rows of the table). Exit code 1 on
any failure (the message on stderr).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import psycopg
from medallion_glue import defaults
from medallion_glue.jdbc.source import DEFAULT_SOURCE_TABLE, JdbcSource
from medallion_glue.runtime.job_start import LOG_FORMAT
from medallion_glue.runtime.spark_session import local_session
from medallion_glue.spec.schema import REPO_ROOT
from medallion_local.catalog import LocalCatalog
from medallion_local.glue_lake import GlueLake
from medallion_local.glue_scripts import mount_s3_buckets
from medallion_local.iceberg_catalog import create_namespaces, iceberg_session_settings, lake_catalog
from medallion_local.jdbc_bookmarks import LocalBookmarkStore
from medallion_local.jdbc_ingest import ingest_increment
from medallion_local.runner import (
    DATABASES,
    DEFAULT_DATASETS_DIR,
    DEFAULT_DIMENSIONS_DIR,
    DEFAULT_SQL_DIR,
    lake_iceberg_catalog,
    load_dataset_specs,
    run_dataset,
)
from medallion_local.session_catalog import register_catalog
from pyspark.sql import SparkSession

#: The dataset spec of the transactional source (datasets/transactions.yaml).
DATASET: Final = "transactions"
#: Bronze folder of the JDBC source under the bronze zone (PostgresSource's ``ingestion.bronzePrefix``).
BRONZE_FOLDER: Final = "transactional"
#: Simulated clock of the first simulator invocation, and the seeds of the two simulations.
SIMULATION_START: Final = "2026-01-01T08:00:00Z"
SEEDS: Final = (7, 8)
LOG = logging.getLogger("medallion_local.transactional_demo")


def simulate(args: argparse.Namespace, start: str, minutes: int, seed: int) -> dict[str, Any]:
    """Runs the simulator's local twin; returns its totals line."""
    argv = [
        "npx",
        "--no-install",
        "tsx",
        str(REPO_ROOT / "lambdas" / "simulator" / "local-run.ts"),
        f"--host={args.host}",
        f"--port={args.port}",
        f"--user={args.user}",
        f"--database={args.database}",
        f"--start={start}",
        f"--minutes={minutes}",
        f"--seed={seed}",
    ]
    done = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the simulator exited {done.returncode}: {done.stderr.strip()}")
    totals = json.loads(done.stdout.strip().splitlines()[-1])
    LOG.info(
        "simulator: %s invocations from %s: %s inserted, %s updated, %s soft-deleted",
        totals["invocations"],
        start,
        totals["inserted"],
        totals["updated"],
        totals["deleted"],
    )
    return totals


def ingest(
    spark: Any, args: argparse.Namespace, lake_dir: Path, db: psycopg.Connection, known_ids: int
) -> dict[str, Any]:
    """One incremental ingestion. ``known_ids``: the highest id an earlier ingestion copied; the rows read
    with an id up to it are changes of earlier rows (updates, soft deletes), the others are new rows."""
    bookmarks = LocalBookmarkStore(lake_dir / defaults.LOCAL_STATE_DIR / "jdbc_bookmarks.json")
    source = JdbcSource(url=f"jdbc:postgresql://{args.host}:{args.port}/{args.database}", user=args.user)
    previous = bookmarks.get(source.table, source.bookmark_key)
    result = ingest_increment(
        spark,
        source,
        bronze_uri=str(lake_dir / defaults.LOCAL_BRONZE_DIR / BRONZE_FOLDER),
        quarantine_uri=str(lake_dir / defaults.LOCAL_QUARANTINE_DIR / BRONZE_FOLDER),
        bookmarks=bookmarks,
    )
    low, high = previous or 0, result.new_bookmark or 0
    changed = db.execute(
        "SELECT count(*) FROM random_data WHERE change_seq > %s AND change_seq <= %s AND id <= %s",
        [low, high, known_ids],
    ).fetchone()[0]
    entry = {
        "previous_bookmark": result.previous_bookmark,
        "new_bookmark": result.new_bookmark,
        "rows_read": result.rows_read,
        "rows_written": result.rows_written,
        "rows_quarantined": result.rows_quarantined,
        "new_rows": result.rows_read - changed,
        "changed_rows": changed,
        "source_rows": db.execute("SELECT count(*) FROM random_data").fetchone()[0],
        "max_id": db.execute("SELECT coalesce(max(id), 0) FROM random_data").fetchone()[0],
    }
    LOG.info(
        "jdbc_to_bronze: change_seq %s -> %s, %s rows (%s new, %s changed earlier rows) of %s in the table",
        result.previous_bookmark,
        result.new_bookmark,
        result.rows_read,
        entry["new_rows"],
        changed,
        entry["source_rows"],
    )
    return entry


def main(argv: Sequence[str] | None = None, spark: SparkSession | None = None) -> int:
    """CLI entry point; ``spark``: a running session to use and leave running (the demo's one process,
    ``python_worker.py``), else :func:`demo_session` is started. Returns the exit code."""
    parser = argparse.ArgumentParser(prog="transactional_demo.py", description=__doc__.splitlines()[0])
    parser.add_argument("--lake-dir", type=Path, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", default="postgres")
    parser.add_argument("--database", required=True)
    parser.add_argument("--first-minutes", type=int, default=30)
    parser.add_argument("--second-minutes", type=int, default=20)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, stream=sys.stderr)
    os.environ.setdefault("TZ", "UTC")
    try:
        result = run(args, spark)
    except Exception as error:  # the demo shows the cause; the trace is in the log
        LOG.exception("the transactional demo failed")
        print(json.dumps({"ok": False, "error": f"{type(error).__name__}: {error}"}), flush=True)
        return 1
    print(json.dumps({"ok": True, **result}, default=str), flush=True)
    return 0


def demo_session(lake: GlueLake) -> SparkSession:
    """A local session for this script alone: the lake's Iceberg catalog, the cached jars (the PostgreSQL
    driver among them, :func:`medallion_local.iceberg_catalog.local_jar`), the JVM in UTC (the driver reads
    timestamps in the JVM's zone) and 2 shuffle partitions (a few hundred rows: the runner's 8 only add
    per-task overhead on 2 cores)."""
    settings = {
        **iceberg_session_settings(*lake_iceberg_catalog(lake)),
        "spark.driver.extraJavaOptions": "-Duser.timezone=UTC",
        "spark.sql.shuffle.partitions": "2",
    }
    return local_session(app_name="medallion-demo-transactional", extra_settings=settings)


def run(args: argparse.Namespace, spark: SparkSession | None = None) -> dict[str, Any]:
    lake = GlueLake(args.lake_dir)
    lake_dir = lake.lake_dir
    catalog = LocalCatalog(lake_dir / defaults.LOCAL_CATALOG_FILE)
    specs, errors = load_dataset_specs(DEFAULT_DATASETS_DIR, [DATASET])
    if DATASET in errors:
        raise errors[DATASET]
    spec = specs[DATASET]
    lake.prepare()
    catalog_db, warehouse = lake_iceberg_catalog(lake)
    simulated = [simulate(args, SIMULATION_START, args.first_minutes, SEEDS[0])]
    if spark is None:
        spark = demo_session(lake)
    spark.sparkContext.setLogLevel("ERROR")
    mount_s3_buckets(spark, lake.root)
    ingestions: list[dict[str, Any]] = []
    with psycopg.connect(
        host=args.host, port=args.port, user=args.user, dbname=args.database, autocommit=True
    ) as db, lake_catalog(spark, catalog_db, warehouse):  # fmt: skip
        create_namespaces(spark, DATABASES)
        register_catalog(spark, catalog, lake, DATABASES)
        ingestions.append(ingest(spark, args, lake_dir, db, known_ids=0))
        second_start = f"2026-01-01T{8 + args.first_minutes // 60:02d}:{args.first_minutes % 60:02d}:00Z"
        simulated.append(simulate(args, second_start, args.second_minutes, SEEDS[1]))
        ingestions.append(ingest(spark, args, lake_dir, db, known_ids=ingestions[0]["max_id"]))
        silver = run_dataset(spark, spec, lake, catalog, DEFAULT_SQL_DIR, DEFAULT_DIMENSIONS_DIR)
        live = db.execute("SELECT count(*) FILTER (WHERE NOT deleted), count(*) FROM random_data").fetchone()
    return {
        "table": DEFAULT_SOURCE_TABLE,
        "simulated": simulated,
        "ingestions": ingestions,
        "silver": silver,
        "gold": silver["gold"],
        "source": {"rows": live[1], "live_rows": live[0]},
    }


if __name__ == "__main__":
    raise SystemExit(main())
