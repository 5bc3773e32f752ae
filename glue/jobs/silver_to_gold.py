"""AWS Glue 5.1 job: silver -> gold for one dataset (thin entrypoint; logic in ``medallion_glue``).

Job arguments (set by the Pulumi ``EtlJob`` component):

``--JOB_NAME``
    Glue job name (for ``Job.init``).
``--dataset_spec_uri``
    ``s3://`` URI of the dataset spec YAML; its ``gold.tables`` and ``dimensions`` drive the job.
``--gold_sql_uri``
    ``s3://`` prefix holding ``<gold table>.sql`` (a copy of ``glue/sql/gold/``).
``--silver_database``
    Glue Data Catalog database holding the dataset's silver table.
``--gold_database``
    Glue Data Catalog database the gold tables are (re)registered in. The job creates no database
    (its role has no ``glue:CreateDatabase``): the stack creates both.
``--gold_uri``
    ``s3://`` root of the gold zone; each table is written to ``<gold_uri>/<table>/``.
``--dimensions_uri`` (optional)
    ``s3://`` prefix of the dimension files named by the spec (e.g. ``airports.csv``); required
    when the spec lists dimensions.
``--full_rebuild`` (optional, ``true``/``false``)
    ``true`` rebuilds every gold table whole; otherwise only the gold partitions touched by the silver
    snapshots since the last gold run are recomputed (``medallion_glue.gold.tables``).
``--lineage_transport``, ``--lineage_url``, ``--lineage_catalog`` (optional)
    Where the run's OpenLineage events go (absent: off); see docs/lineage.md.

Needs ``--datalake-formats iceberg`` and the Iceberg catalog ``--conf`` EtlJob sets.

Every run ends with ``summary {...}`` (one JSON line, the gold row counts in ``gold_rows``) and, when it
fails, ``cause: <one line>``; the full trace goes to the log (``medallion_glue.runtime.failure_output``).
"""

from __future__ import annotations

import json
import logging
import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from medallion_glue.gold.tables import run_catalog_silver_to_gold
from medallion_glue.lineage import datasets, versions
from medallion_glue.runtime.failure_output import RunReport, argv_value, reported_run
from medallion_glue.runtime.glue_job_support import (
    SILVER_TO_GOLD_OPTIONAL,
    SILVER_TO_GOLD_REQUIRED,
    parse_silver_to_gold_args,
)
from medallion_glue.runtime.job_start import GlueApi, load_job_spec, observed_run, start_job


def main() -> None:
    """One job run, ending with ``summary {...}`` (and ``cause: ...`` when it fails)."""
    job = argv_value(sys.argv, "JOB_NAME") or "silver_to_gold"
    with reported_run(job, argv_value(sys.argv, "JOB_RUN_ID")) as report:
        run_job(report)


def run_job(report: RunReport) -> None:
    """The run itself; :func:`main` wraps it in its summary and cause lines."""
    run = start_job(
        sys.argv,
        SILVER_TO_GOLD_REQUIRED,
        SILVER_TO_GOLD_OPTIONAL,
        parse_silver_to_gold_args,
        GlueApi(getResolvedOptions, GlueContext, Job),
    )
    args = run.args
    with observed_run(run) as lineage:
        spec = load_job_spec(run.spark, args.dataset_spec_uri)
        report.dataset, report.spec = spec.name, args.dataset_spec_uri
        catalog = lineage.settings.catalog_namespace
        silver_location = datasets.catalog_table_location(run.spark, args.silver_database, spec.silver_table)
        snapshot = None
        if silver_location is not None:  # None: run_catalog_silver_to_gold reports what is missing
            snapshot = versions.table_snapshot(run.spark, args.silver_database, spec.silver_table)
            silver = datasets.table(silver_location, catalog, args.silver_database, spec.silver_table)
            lineage.read(versions.versioned(silver, snapshot))
        if args.dimensions_uri:
            lineage.read(*(datasets.location(f"{args.dimensions_uri}{d.file}") for d in spec.dimensions))
        gold = {
            t.name: datasets.table(f"{args.gold_uri}{t.name}/", catalog, args.gold_database, t.name)
            for t in spec.gold_tables
        }
        for table in gold.values():
            lineage.wrote(table)
        rows = run_catalog_silver_to_gold(
            run.spark,
            spec,
            args.silver_database,
            args.gold_database,
            args.gold_uri,
            args.gold_sql_uri,
            args.dimensions_uri,
            full_rebuild=args.full_rebuild,
            silver_snapshot=snapshot,
        )
        report.extra = {"gold_rows": rows}
        for name, count in rows.items():
            gold_snapshot = versions.table_snapshot(run.spark, args.gold_database, name)
            lineage.wrote(versions.versioned(gold[name], gold_snapshot), count)
        logging.getLogger("silver_to_gold").info("gold %s", json.dumps({"dataset": spec.name, "rows": rows}))
        run.job.commit()


if __name__ == "__main__":
    main()
