"""Run the pipeline locally: bronze -> silver -> gold on directories, with a local Spark session.

Usage (from the repository root; pyproject's pytest config and ``PYTHONPATH=glue`` both work)::

    PYTHONPATH=glue .venv/bin/python -m medallion_local.runner --lake-dir .lake --dataset all

Lake layout under ``--lake-dir``: ``bronze/<prefix>/...`` (input, see
:mod:`medallion_local.layout`), ``silver/<table>/year=YYYY/month=M/``, ``quarantine/<dataset>/
run_id=.../reason=.../``, ``gold/<table>/``, ``_catalog/catalog.json`` (the local Data Catalog) and
``_state/bookmarks/<job>.json`` (local job bookmarks: a second run reads only new objects).

Progress goes to stderr; the last stdout line is one JSON summary:
``{"datasets": {name: {<reconciliation counts>, "gold": {table: rows}}}, "catalog": path, "ok": true}``.
Exit code 0 on success, 1 when a run fails (spec error, reconciliation error).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from medallion_glue import defaults
from medallion_glue.errors import JobArgumentError, ReconciliationError, SpecError
from medallion_glue.gold.tables import run_silver_to_gold
from medallion_glue.runtime.bronze_to_silver import run_bronze_to_silver
from medallion_glue.runtime.spark_session import local_session
from medallion_glue.spec.model import DatasetSpec
from medallion_glue.spec.schema import REPO_ROOT
from pyspark.sql import SparkSession

from medallion_local.bookmark import LocalBookmark
from medallion_local.catalog import LocalCatalog
from medallion_local.spec_check import load_specs
from medallion_local.stores import LocalGoldWriter, LocalSilverStore

LOG = logging.getLogger("medallion_local.runner")

#: Defaults of the runner's folders (relative to the repository root).
DEFAULT_DATASETS_DIR = REPO_ROOT / "datasets"
DEFAULT_SQL_DIR = REPO_ROOT / "glue" / "sql" / "gold"
DEFAULT_DIMENSIONS_DIR = REPO_ROOT / "datasets" / "dimensions"
#: Bookmark job names (one state file per job and dataset).
BRONZE_TO_SILVER_JOB = "bronze_to_silver"


def bronze_objects(lake_dir: Path, spec: DatasetSpec) -> list[Path]:
    """Every file under ``<lake>/bronze/<prefix>`` whose name ends with the spec's suffix or one of its
    ``bronze.legacy_suffixes`` (:meth:`DatasetSpec.is_bronze_object`), sorted."""
    root = lake_dir / defaults.LOCAL_BRONZE_DIR / spec.bronze_prefix
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and spec.is_bronze_object(p.name))


def select_source_objects(lake_dir: Path, spec: DatasetSpec, source_keys: Sequence[str]) -> list[Path]:
    """The ``--source-keys`` files that belong to ``spec`` (under its bronze prefix, with its suffix or
    one of its ``bronze.legacy_suffixes``); other files are skipped.

    Raises:
        JobArgumentError: a key does not exist.
    """
    root = (lake_dir / defaults.LOCAL_BRONZE_DIR / spec.bronze_prefix).resolve()
    chosen = []
    for key in source_keys:
        path = Path(key).resolve()
        if not path.is_file():
            raise JobArgumentError(f"--source-keys: {key} does not exist. Pass existing bronze files.")
        if path.is_relative_to(root) and spec.is_bronze_object(path.name):
            chosen.append(path)
    return sorted(chosen)


def run_dataset(
    spark: SparkSession,
    spec: DatasetSpec,
    lake_dir: Path,
    sql_dir: Path,
    dimensions_dir: Path,
    source_keys: Sequence[str] | None = None,
    skip_gold: bool = False,
) -> dict[str, Any]:
    """Bronze -> silver -> gold for one dataset; returns its summary (counts, gold rows, seconds)."""
    started = time.monotonic()
    catalog = LocalCatalog(lake_dir / defaults.LOCAL_CATALOG_FILE)
    bookmark = LocalBookmark(
        lake_dir / defaults.LOCAL_STATE_DIR / "bookmarks" / f"{BRONZE_TO_SILVER_JOB}-{spec.name}.json"
    )
    if source_keys:
        objects = select_source_objects(lake_dir, spec, source_keys)
        LOG.info("[%s] %d objects given by --source-keys (bookmark not used)", spec.name, len(objects))
    else:
        candidates = bronze_objects(lake_dir, spec)
        objects = bookmark.new_objects(candidates)
        LOG.info(
            "[%s] %d bronze objects, %d new since the bookmark", spec.name, len(candidates), len(objects)
        )
    store = LocalSilverStore(
        spark,
        lake_dir / defaults.LOCAL_SILVER_DIR / spec.silver_table,
        catalog,
        defaults.LOCAL_SILVER_DATABASE,
        spec.silver_table,
        spec.compression,
    )
    counts = run_bronze_to_silver(
        spark, spec, [str(p) for p in objects], store, str(lake_dir / defaults.LOCAL_QUARANTINE_DIR)
    )
    if not source_keys:
        bookmark.commit()
    LOG.info(
        "[%s] silver: read %d, written %d, quarantined %d, duplicates %d",
        spec.name,
        counts.rows_read,
        counts.rows_written,
        counts.rows_quarantined,
        counts.duplicates_removed,
    )
    summary: dict[str, Any] = counts.as_dict()
    silver = store.read()
    if skip_gold or silver is None or not spec.gold_tables:
        summary["gold"] = {}
    else:
        writer = LocalGoldWriter(lake_dir / defaults.LOCAL_GOLD_DIR, catalog, compression=spec.compression)
        summary["gold"] = run_silver_to_gold(spark, spec, silver, str(sql_dir), writer, str(dimensions_dir))
        LOG.info("[%s] gold: %s", spec.name, summary["gold"])
    summary["seconds"] = round(time.monotonic() - started, 2)
    return summary


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the runner's command line."""
    parser = argparse.ArgumentParser(
        prog="python -m medallion_local.runner", description="Run bronze -> silver -> gold locally."
    )
    parser.add_argument("--lake-dir", type=Path, required=True, help="local lake root (bronze/ must exist)")
    parser.add_argument(
        "--dataset", default="all", help="dataset name from --datasets-dir, or 'all' (default)"
    )
    parser.add_argument(
        "--datasets-dir", type=Path, default=DEFAULT_DATASETS_DIR, help="folder of *.yaml specs"
    )
    parser.add_argument(
        "--sql-dir", type=Path, default=DEFAULT_SQL_DIR, help="folder of gold <table>.sql files"
    )
    parser.add_argument(
        "--dimensions-dir", type=Path, default=DEFAULT_DIMENSIONS_DIR, help="folder of dimension files"
    )
    parser.add_argument(
        "--source-keys", nargs="+", help="process exactly these bronze files (bookmark untouched)"
    )
    parser.add_argument("--skip-gold", action="store_true", help="stop after silver")
    parser.add_argument("--master", default="local[*]", help="Spark master (default %(default)s)")
    parser.add_argument("--quiet", action="store_true", help="only print the JSON summary")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point. Returns the process exit code."""
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    lake_dir = args.lake_dir.resolve()
    result: dict[str, Any] = {
        "datasets": {},
        "catalog": str(lake_dir / defaults.LOCAL_CATALOG_FILE),
        "ok": True,
    }
    try:
        specs = load_specs(args.datasets_dir)
        if args.dataset != "all" and args.dataset not in specs:
            raise JobArgumentError(f"--dataset {args.dataset!r}: not one of {sorted(specs)} or 'all'")
        chosen = sorted(specs) if args.dataset == "all" else [args.dataset]
        spark = local_session(master=args.master)
        spark.sparkContext.setLogLevel("ERROR")
        for name in chosen:
            LOG.info("[%s] starting", name)
            result["datasets"][name] = run_dataset(
                spark,
                specs[name],
                lake_dir,
                args.sql_dir,
                args.dimensions_dir,
                args.source_keys,
                args.skip_gold,
            )
    except (SpecError, ReconciliationError, JobArgumentError, FileNotFoundError) as exc:
        LOG.error("%s", exc)
        result.update(ok=False, error=str(exc))
    print(json.dumps(result, sort_keys=True), flush=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
