"""Run the pipeline locally: the Glue entry scripts EtlJob uploads, bronze -> silver -> gold, on a lake.

Usage (from the repository root; pyproject's pytest config and ``PYTHONPATH=glue`` both work)::

    PYTHONPATH=glue .venv/bin/python -m medallion_local.runner --lake-dir .lake --dataset all

Per dataset, ``glue/jobs/bronze_to_silver.py`` and then ``glue/jobs/silver_to_gold.py`` run unchanged on a
local Spark session through the ``awsglue`` stand-in (:mod:`medallion_local.glue_scripts`), with the arguments
the stack gives them (:func:`medallion_local.job_runs.job_run_arguments`, from the job contract). The lake's
folders are the buckets (:mod:`medallion_local.glue_lake`): ``bronze/<prefix>/...`` (input, see
:mod:`medallion_local.layout`), ``silver/<table>/year=YYYY/month=M/``, ``quarantine/<dataset>/run_id=.../
reason=.../`` and ``gold/<table>/`` are ``s3://local-bronze/`` etc.; ``_glue/`` is the stand-in's state:
job bookmarks (``_glue/bookmarks/<dataset>-bronze-to-silver.json``, per ``transformation_ctx``, committed
by ``Job.commit()``: a second run reads only new or changed objects), the spec, SQL and dimension files as
uploaded, and the CloudWatch metrics the jobs published (``_glue/cloudwatch/metrics.jsonl``; boto3 is kept
offline, :mod:`medallion_local.local_cloudwatch`). ``_catalog/catalog.json`` is the local Data Catalog: its
tables are registered in the Spark session before the runs and written back after each
(:mod:`medallion_local.session_catalog`).

``--source-keys FILE...`` (files under ``<lake>/bronze/``) run each dataset on exactly its files among them,
passed as the job's ``--source_keys`` (``s3://local-bronze/<key>``); the bookmark is neither read nor moved.
A dataset none of the files belongs to is not run and has no entry in the summary.

Progress goes to stderr; the last stdout line is one JSON summary:
``{"datasets": {name: {<reconciliation counts>, "gold": {table: rows}, "seconds": s}}, "catalog": path,
"ok": true}``, the counts being those the job logged (``reconciliation {...}``) and published as metrics.
Exit codes: 0 on success; 1 when a run fails (spec error, argument error, reconciliation error, quarantine
guard,
failed quality rule: the JSON summary has "ok": false and "error", a one-line cause naming the file, the field
and the fix; the trace is in the log); 2 on a bad command line (argparse).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from medallion_glue import defaults
from medallion_glue.errors import (
    JobArgumentError,
    QualityError,
    QuarantineGuardError,
    ReconciliationError,
    SpecError,
)
from medallion_glue.runtime.glue_job_support import dataset_bronze_uri
from medallion_glue.runtime.job_start import LOG_FORMAT
from medallion_glue.runtime.spark_session import local_session
from medallion_glue.silver.reconciliation import RunCounts, metric_data
from medallion_glue.silver.store import table_exists
from medallion_glue.spec.model import DatasetSpec
from medallion_glue.spec.schema import REPO_ROOT
from pyspark.sql import SparkSession

from medallion_local.catalog import LocalCatalog
from medallion_local.glue_lake import GlueLake
from medallion_local.glue_scripts import mount_s3_buckets
from medallion_local.iceberg_catalog import create_namespaces, iceberg_session_settings, lake_catalog
from medallion_local.job_runs import JobReportError, JobRun, run_job
from medallion_local.session_catalog import export_catalog, register_catalog
from medallion_local.spec_check import load_specs

LOG = logging.getLogger("medallion_local.runner")

#: Defaults of the runner's folders (relative to the repository root).
DEFAULT_DATASETS_DIR = REPO_ROOT / "datasets"
DEFAULT_SQL_DIR = REPO_ROOT / "glue" / "sql" / "gold"
DEFAULT_DIMENSIONS_DIR = REPO_ROOT / "datasets" / "dimensions"
#: The catalog databases the stack creates (here: the local names ``inspect_lake.py`` reads).
DATABASES = (defaults.LOCAL_SILVER_DATABASE, defaults.LOCAL_GOLD_DATABASE)


def job_name(spec: DatasetSpec, job: str) -> str:
    """``<dataset>-bronze-to-silver`` / ``<dataset>-silver-to-gold``, as the program names the jobs."""
    return f"{spec.name}-{job.replace('_', '-')}"


def source_key_uris(lake: GlueLake, source_keys: Sequence[str]) -> list[str]:
    """The ``s3://local-bronze/<key>`` URIs of the ``--source-keys`` files.

    Raises:
        JobArgumentError: a file does not exist or is not under ``<lake>/bronze/``.
    """
    bronze = lake.lake_dir / defaults.LOCAL_BRONZE_DIR
    uris = []
    for key in source_keys:
        path = Path(key).resolve()
        if not path.is_file():
            raise JobArgumentError(f"--source-keys: {key} does not exist. Pass existing bronze files.")
        if not path.is_relative_to(bronze):
            raise JobArgumentError(
                f"--source-keys: {key} is not under {bronze}, the bronze bucket "
                f"{lake.zone_uri(defaults.LOCAL_BRONZE_DIR)} of this lake. Pass files of the lake's bronze "
                "folder."
            )
        uris.append(lake.to_uri(path))
    return uris


def dataset_source_keys(spec: DatasetSpec, uris: Sequence[str]) -> list[str]:
    """The URIs that are objects of ``spec`` (under its bronze folder, with its suffix or one of its
    ``bronze.legacy_suffixes``), as the bronze trigger routes them to the dataset's job."""
    folder = dataset_bronze_uri(GlueLake.zone_uri(defaults.LOCAL_BRONZE_DIR), spec)
    return sorted(uri for uri in uris if uri.startswith(folder) and spec.is_bronze_object(uri))


def check_published(run: JobRun, counts: dict[str, Any]) -> None:
    """Raise unless the run published exactly the metrics of the counts it logged.

    Raises:
        JobReportError: the published metrics differ (or none were published).
    """
    logged = RunCounts(**{f.name: counts[f.name] for f in fields(RunCounts)})
    expected = metric_data(logged)
    names = {d["MetricName"] for d in expected}
    # The namespace also holds the run's data-quality metrics (medallion_glue.quality.result).
    published = [d for d in run.metrics.metric_data(defaults.METRICS_NAMESPACE) if d["MetricName"] in names]
    if published != expected:
        raise JobReportError(
            f"job run {run.arguments['JOB_RUN_ID']}: published metrics {published} differ from the logged "
            f"counts {counts}"
        )


def run_dataset(
    spark: SparkSession,
    spec: DatasetSpec,
    lake: GlueLake,
    catalog: LocalCatalog,
    sql_dir: Path,
    dimensions_dir: Path,
    source_keys: Sequence[str] | None = None,
    skip_gold: bool = False,
    full_rebuild: bool = False,
) -> dict[str, Any]:
    """bronze_to_silver, then silver_to_gold, for one dataset; returns its summary (counts, gold rows,
    seconds). ``source_keys``: ``s3://`` URIs for ``--source_keys`` (None: a bookmarked run)."""
    started = time.monotonic()
    artifacts = lake.upload_artifacts(spec, sql_dir, dimensions_dir)
    if source_keys:
        LOG.info("[%s] %d objects given by --source-keys (bookmark not used)", spec.name, len(source_keys))
    else:
        LOG.info("[%s] bookmarked run: the job bookmark picks the new bronze objects", spec.name)
    try:
        run = run_job(
            lake,
            "bronze_to_silver",
            {
                "JOB_NAME": job_name(spec, "bronze_to_silver"),
                "dataset_spec_uri": artifacts.dataset_spec_uri,
                "bronze_uri": lake.zone_uri(defaults.LOCAL_BRONZE_DIR),
                "silver_uri": lake.zone_uri(defaults.LOCAL_SILVER_DIR),
                "quarantine_uri": lake.zone_uri(defaults.LOCAL_QUARANTINE_DIR),
                "silver_database": defaults.LOCAL_SILVER_DATABASE,
                "source_keys": json.dumps(list(source_keys)) if source_keys else None,
            },
        )
    finally:
        export_catalog(spark, catalog, lake, DATABASES)
    check_published(run, run.result)
    summary: dict[str, Any] = dict(run.result)
    LOG.info(
        "[%s] silver: %d objects, read %d, written %d, quarantined %d, duplicates %d",
        spec.name,
        summary["objects_read"],
        summary["rows_read"],
        summary["rows_written"],
        summary["rows_quarantined"],
        summary["duplicates_removed"],
    )
    has_silver = table_exists(spark, defaults.LOCAL_SILVER_DATABASE, spec.silver_table)
    if skip_gold or not has_silver or not spec.gold_tables:
        summary["gold"] = {}
    else:
        try:
            gold = run_job(
                lake,
                "silver_to_gold",
                {
                    "JOB_NAME": job_name(spec, "silver_to_gold"),
                    "dataset_spec_uri": artifacts.dataset_spec_uri,
                    "gold_sql_uri": artifacts.gold_sql_uri,
                    "silver_database": defaults.LOCAL_SILVER_DATABASE,
                    "gold_database": defaults.LOCAL_GOLD_DATABASE,
                    "gold_uri": lake.zone_uri(defaults.LOCAL_GOLD_DIR),
                    "dimensions_uri": artifacts.dimensions_uri,
                    "full_rebuild": "true" if full_rebuild else None,
                },
            )
        finally:
            export_catalog(spark, catalog, lake, DATABASES)
        summary["gold"] = gold.result["rows"]
        LOG.info("[%s] gold: %s", spec.name, summary["gold"])
    summary["seconds"] = round(time.monotonic() - started, 2)
    return summary


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the runner's command line."""
    parser = argparse.ArgumentParser(
        prog="python -m medallion_local.runner",
        description="Run the Glue entry scripts bronze -> silver -> gold locally.",
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
        "--source-keys",
        nargs="+",
        help="process exactly these files of <lake>/bronze (the job's --source_keys; bookmark untouched)",
    )
    parser.add_argument("--skip-gold", action="store_true", help="stop after silver")
    parser.add_argument(
        "--full-rebuild",
        action="store_true",
        help="rebuild every gold table whole (the job's --full_rebuild true); default: touched partitions",
    )
    parser.add_argument("--master", default="local[*]", help="Spark master (default %(default)s)")
    parser.add_argument("--quiet", action="store_true", help="only print the JSON summary")
    return parser.parse_args(argv)


def configure_logging(quiet: bool) -> None:
    """Log to stderr in the jobs' format, INFO and up (WARNING and up with ``quiet``); a no-op when the
    root logger already has handlers (e.g. under pytest)."""
    level = logging.WARNING if quiet else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)  # the result lines the runner reads are INFO: keep them off stderr when quiet
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logging.basicConfig(level=level, handlers=[handler])


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point. Returns the process exit code."""
    args = parse_args(argv)
    configure_logging(args.quiet)
    lake = GlueLake(args.lake_dir)
    catalog = LocalCatalog(lake.lake_dir / defaults.LOCAL_CATALOG_FILE)
    result: dict[str, Any] = {"datasets": {}, "catalog": str(catalog.path), "ok": True}
    try:
        specs = load_specs(args.datasets_dir)
        if args.dataset != "all" and args.dataset not in specs:
            raise JobArgumentError(f"--dataset {args.dataset!r}: not one of {sorted(specs)} or 'all'")
        chosen = sorted(specs) if args.dataset == "all" else [args.dataset]
        uris = source_key_uris(lake, args.source_keys) if args.source_keys else None
        lake.prepare()
        catalog_db = lake.root / "iceberg" / "catalog.db"
        warehouse = lake.zone_uri(defaults.LOCAL_SILVER_DIR)
        spark = local_session(
            master=args.master, extra_settings=iceberg_session_settings(catalog_db, warehouse)
        )
        spark.sparkContext.setLogLevel("ERROR")
        mount_s3_buckets(spark, lake.root)
        with lake_catalog(spark, catalog_db, warehouse):
            create_namespaces(spark, DATABASES)
            register_catalog(spark, catalog, lake, DATABASES)
            for name in chosen:
                keys = None if uris is None else dataset_source_keys(specs[name], uris)
                if keys == []:
                    LOG.info("[%s] none of the --source-keys belongs to the dataset: not run", name)
                    continue
                LOG.info("[%s] starting", name)
                result["datasets"][name] = run_dataset(
                    spark,
                    specs[name],
                    lake,
                    catalog,
                    args.sql_dir,
                    args.dimensions_dir,
                    keys,
                    args.skip_gold,
                    args.full_rebuild,
                )
    except (
        SpecError,
        ReconciliationError,
        QuarantineGuardError,
        QualityError,
        JobArgumentError,
        JobReportError,
        FileNotFoundError,
    ) as exc:
        LOG.error("%s", exc)
        result.update(ok=False, error=str(exc))
    print(json.dumps(result, sort_keys=True), flush=True)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
