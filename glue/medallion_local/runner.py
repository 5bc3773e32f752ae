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

``--reprocess RUN_ID|all`` replays quarantine runs after a spec fix (the job's ``--reprocess``,
:mod:`medallion_glue.runtime.replay`): their bronze objects are read again, nothing reaches silver twice, each
folder taken back records the run that took it; the bookmark is neither read nor moved.

Only the specs of the datasets that run are validated (by the deploy validator, :func:`load_dataset_specs`):
another invalid spec in ``--datasets-dir`` does not stop them. With ``--dataset all`` each dataset runs or
fails on its own.

Progress goes to stderr; the last stdout line is one JSON summary:
``{"datasets": {name: {<reconciliation counts>, "gold": {table: rows}, "seconds": s}}, "catalog": path,
"ok": true}``, the counts being those the job logged (``reconciliation {...}``) and published as metrics.
A dataset that failed has ``{"ok": false, "failure": <kind>, "error": <one-line cause>, "counts": <its
counts or null>}`` instead, and the summary ``"ok": false`` with the first failure's ``failure`` and
``error``; the full trace is in the log (stderr). Exit codes: :data:`EXIT_CODES` (docs/etl.md, "Failure
output and exit codes").
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from medallion_glue import defaults
from medallion_glue.errors import JobArgumentError, SpecError
from medallion_glue.runtime.failure_output import CAUSE_PREFIX, UNEXPECTED, failure_cause, failure_kind
from medallion_glue.runtime.glue_job_support import dataset_bronze_uri
from medallion_glue.runtime.job_start import LOG_FORMAT
from medallion_glue.runtime.spark_session import local_session
from medallion_glue.silver.reconciliation import RunCounts, metric_data
from medallion_glue.silver.store import table_exists
from medallion_glue.spec.loader import load_spec
from medallion_glue.spec.model import DatasetSpec
from medallion_glue.spec.schema import REPO_ROOT
from pyspark.sql import SparkSession

from medallion_local.catalog import LocalCatalog
from medallion_local.glue_lake import GlueLake
from medallion_local.glue_scripts import mount_s3_buckets
from medallion_local.iceberg_catalog import create_namespaces, iceberg_session_settings, lake_catalog
from medallion_local.job_runs import JobReportError, JobRun, JobRunFailed, run_job
from medallion_local.session_catalog import export_catalog, register_catalog
from medallion_local.spec_check import check_spec_directories

LOG = logging.getLogger("medallion_local.runner")

#: Defaults of the runner's folders (relative to the repository root).
DEFAULT_DATASETS_DIR = REPO_ROOT / "datasets"
DEFAULT_SQL_DIR = REPO_ROOT / "glue" / "sql" / "gold"
DEFAULT_DIMENSIONS_DIR = REPO_ROOT / "datasets" / "dimensions"
#: The catalog databases the stack creates (here: the local names ``inspect_lake.py`` reads).
DATABASES = (defaults.LOCAL_SILVER_DATABASE, defaults.LOCAL_GOLD_DATABASE)
#: ``--dataset`` value that runs every spec of ``--datasets-dir``.
ALL_DATASETS = "all"
#: Exit code of the runner per outcome: ``ok``, or the failure kind of the first dataset that failed
#: (:func:`medallion_glue.runtime.failure_output.failure_kind`; ``usage`` is argparse's own exit code for a
#: bad command line). docs/etl.md lists them; a test checks the table against this constant.
EXIT_CODES: dict[str, int] = {
    "ok": 0,
    "spec": 1,
    "usage": 2,
    "argument": 2,
    "replay": 2,
    "quarantine_guard": 3,
    "quality": 3,
    "unreadable_batch": 4,
    "reconciliation": 5,
    UNEXPECTED: 6,
}


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
    reprocess: str | None = None,
) -> dict[str, Any]:
    """bronze_to_silver, then silver_to_gold, for one dataset; returns its summary (counts, gold rows,
    seconds; ``replayed_runs`` for a replay). ``source_keys``: ``s3://`` URIs for ``--source_keys`` (None: a
    bookmarked run); ``reprocess``: the job's ``--reprocess`` (a quarantine run id or ``all``).

    Raises:
        JobRunFailed: a script failed; JobReportError: a script's report lines or metrics are missing or
            differ."""
    started = time.monotonic()
    artifacts = lake.upload_artifacts(spec, sql_dir, dimensions_dir)
    if reprocess:
        LOG.info("[%s] replaying quarantine run(s) %s (bookmark not used)", spec.name, reprocess)
    elif source_keys:
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
                "reprocess": reprocess,
            },
        )
    finally:
        export_catalog(spark, catalog, lake, DATABASES, [(defaults.LOCAL_SILVER_DATABASE, spec.silver_table)])
    check_published(run, run.result)
    summary: dict[str, Any] = dict(run.result)
    if "replayed_runs" in run.summary:
        summary["replayed_runs"] = run.summary["replayed_runs"]
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
            export_catalog(
                spark,
                catalog,
                lake,
                DATABASES,
                [(defaults.LOCAL_GOLD_DATABASE, t.name) for t in spec.gold_tables],
            )
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
    parser.add_argument(
        "--reprocess",
        metavar="RUN_ID|all",
        help="replay these quarantine runs after a spec fix (the job's --reprocess; bookmark untouched)",
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


def dataset_names(datasets_dir: Path, dataset: str) -> list[str]:
    """The datasets ``--dataset`` names: the one given, or every ``*.yaml`` of ``datasets_dir`` (by file
    name: a spec's ``name`` must equal it) for ``all``.

    Raises:
        JobArgumentError: ``datasets_dir`` holds no spec, or ``dataset`` is none of them.
    """
    names = sorted(file.stem for file in Path(datasets_dir).glob("*.yaml"))
    if not names:
        raise JobArgumentError(
            f"--datasets-dir {datasets_dir}: no dataset spec (*.yaml). Pass the specs folder."
        )
    if dataset == ALL_DATASETS:
        return names
    if dataset not in names:
        raise JobArgumentError(f"--dataset {dataset!r}: not one of {names} or '{ALL_DATASETS}'")
    return [dataset]


def load_dataset_specs(
    datasets_dir: Path, names: Sequence[str]
) -> tuple[dict[str, DatasetSpec], dict[str, SpecError]]:
    """Validate and load the specs of ``names`` only, with the deploy validator
    (:func:`medallion_local.spec_check.check_spec_directories`, one Node.js run over the folder): a problem
    of another file does not stop them. A cross-file problem (two datasets sharing a silver table or bronze
    objects) is the later file's, as the validator names it.

    Returns:
        The valid specs by name, and the :class:`SpecError` of each invalid one.
    """
    issues = check_spec_directories([datasets_dir])[datasets_dir]
    specs: dict[str, DatasetSpec] = {}
    errors: dict[str, SpecError] = {}
    for name in names:
        file = Path(datasets_dir) / f"{name}.yaml"
        own = [i for i in issues if Path(i.file).name == file.name or Path(i.file) == Path(datasets_dir)]
        try:
            if own:
                raise SpecError(own)
            specs[name] = load_spec(file)
        except SpecError as error:
            errors[name] = error
    return specs, errors


def failure_entry(error: Exception, name: str | None) -> dict[str, Any]:
    """A failed dataset's (or, with ``name`` None, the whole run's) summary entry: ``ok`` false, the
    ``failure`` kind, the one-line cause as ``error`` and the failed run's ``counts`` (null when it counted
    nothing). Logs the cause, and the full trace of an error the scripts did not log already."""
    counts = None
    if isinstance(error, JobRunFailed) and error.summary is not None:
        kind, cause, counts = error.summary["failure"], error.summary["cause"], error.summary["counts"]
    else:
        original = error.error if isinstance(error, JobRunFailed) else error
        kind = "reconciliation" if isinstance(original, JobReportError) else failure_kind(original)
        cause = failure_cause(original, f"dataset {name}" if name else "local runner")
        if isinstance(original, SpecError) and len(original.issues) > 1:
            LOG.error("%s", original)  # every problem; the cause names the first
        if kind == UNEXPECTED:
            LOG.error("%s failed; full trace:", name or "local runner", exc_info=original)
    LOG.error("[%s] failed (%s): %s", name or "runner", kind, cause)
    return {"ok": False, "failure": kind, "error": cause, "counts": counts}


def lake_iceberg_catalog(lake: GlueLake) -> tuple[Path, str]:
    """The lake's Iceberg catalog: its SQLite file (``_glue/iceberg/catalog.db``) and its warehouse, the
    silver bucket (``s3://local-silver/``)."""
    return lake.root / "iceberg" / "catalog.db", lake.zone_uri(defaults.LOCAL_SILVER_DIR)


def main(argv: Sequence[str] | None = None, spark: SparkSession | None = None) -> int:
    """CLI entry point. Returns the process exit code (:data:`EXIT_CODES`).

    Args:
        argv: the command line without the program name. @default ``sys.argv[1:]``
        spark: a running session to run on, left running (the demo's one process,
            ``scripts/demo/python_worker.py``, runs every step on one); by default the runner starts
            ``local_session`` with the lake's Iceberg catalog and ``--master``.
    """
    args = parse_args(argv)
    configure_logging(args.quiet)
    lake = GlueLake(args.lake_dir)
    catalog = LocalCatalog(lake.lake_dir / defaults.LOCAL_CATALOG_FILE)
    result: dict[str, Any] = {"datasets": {}, "catalog": str(catalog.path), "ok": True}

    def failed(error: Exception, name: str | None) -> None:
        entry = failure_entry(error, name)
        if name is not None:
            result["datasets"][name] = entry
        if result["ok"]:
            result.update(ok=False, failure=entry["failure"], error=entry["error"])

    try:
        if args.reprocess and args.source_keys:
            raise JobArgumentError(
                "--reprocess and --source-keys: both given; a replay reads the objects of the quarantine "
                "runs it takes back. Pass one of them."
            )
        names = dataset_names(args.datasets_dir, args.dataset)
        uris = source_key_uris(lake, args.source_keys) if args.source_keys else None
        specs, spec_errors = load_dataset_specs(args.datasets_dir, names)
        for name in names:
            if name in spec_errors:
                failed(spec_errors[name], name)
        if specs:
            run_datasets(args, lake, catalog, specs, uris, result, failed, spark)
    except Exception as error:  # what stops the whole run: its options, the Spark session
        failed(error, None)
    print(json.dumps(result, sort_keys=True), flush=True)
    if not result["ok"]:  # stderr ends with the cause too, after the progress and the traces
        LOG.error("%s%s", CAUSE_PREFIX, result["error"])
    return EXIT_CODES["ok" if result["ok"] else result["failure"]]


def run_datasets(
    args: argparse.Namespace,
    lake: GlueLake,
    catalog: LocalCatalog,
    specs: dict[str, DatasetSpec],
    uris: list[str] | None,
    result: dict[str, Any],
    failed: Callable[[Exception, str | None], None],
    spark: SparkSession | None = None,
) -> None:
    """Start the local Spark session with the lake's catalog (or use ``spark``, a running session, pointed
    at the lake's catalog for the runs) and run each dataset of ``specs``, in name order, into ``result``; a
    dataset that fails is handed to ``failed`` and the next one runs."""
    lake.prepare()
    catalog_db, warehouse = lake_iceberg_catalog(lake)
    if spark is None:
        spark = local_session(
            master=args.master, extra_settings=iceberg_session_settings(catalog_db, warehouse)
        )
    spark.sparkContext.setLogLevel("ERROR")
    mount_s3_buckets(spark, lake.root)
    with lake_catalog(spark, catalog_db, warehouse):
        create_namespaces(spark, DATABASES)
        register_catalog(spark, catalog, lake, DATABASES)
        for name in sorted(specs):
            keys = None if uris is None else dataset_source_keys(specs[name], uris)
            if keys == []:
                LOG.info("[%s] none of the --source-keys belongs to the dataset: not run", name)
                continue
            LOG.info("[%s] starting", name)
            try:
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
                    args.reprocess,
                )
            except Exception as error:  # each dataset runs or fails on its own
                failed(error, name)


if __name__ == "__main__":
    raise SystemExit(main())
