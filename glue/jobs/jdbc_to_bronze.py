"""Glue entrypoint: incremental copy of the transactional PostgreSQL table to bronze Parquet.

Job arguments (required unless marked optional; resolved by
:func:`medallion_glue.runtime.job_start.start_job`):

``--JOB_NAME``
    Set by Glue; names the job bookmark state.
``--connection_name``
    Glue JDBC connection to the RDS PostgreSQL instance. It holds the JDBC URL, takes the user and password
    from the RDS-managed Secrets Manager secret, and requires SSL (``JDBC_ENFORCE_SSL=true``).
``--source_table``
    ``[schema.]table`` to copy, e.g. ``random_data``.
``--bronze_uri``
    Bronze zone location, e.g. ``s3://<bronze-bucket>/transactional``; rows land in
    ``<bronze_uri>/<table>/year=YYYY/month=M/`` (Parquet, append), year/month of ``fecha`` in UTC.
``--quarantine_uri``
    Where rows without ``fecha`` go: ``<quarantine_uri>/<table>/run_id=<JOB_RUN_ID>/reason=<reason>/`` (JSON
    lines with the row as ``record``).
``--JOB_RUN_ID``
    Set by Glue; names the run's quarantine folder.
``--lineage_transport``, ``--lineage_url``, ``--lineage_domain``, ``--lineage_catalog`` (optional)
    Where the run's OpenLineage events go (absent: off), set by PostgresSource's ``lineageArguments``;
    see docs/lineage.md.

Job settings the infrastructure must give it: ``--job-bookmark-option job-bookmark-enable`` (bookmarks
on ``change_seq``, new on every insert, update and soft delete, see
:func:`medallion_local.jdbc_ingest.glue_connection_options`), ``MaxConcurrentRuns=1`` and an hourly
trigger at minute 0 (``cron(0 * * * ? *)``), so runs never overlap.

Only this file imports ``awsglue``; the logic lives in :mod:`medallion_glue.jdbc.source` and
:mod:`medallion_glue.jdbc.landing`.

See https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-jdbc-home.html and
https://docs.aws.amazon.com/glue/latest/dg/programming-etl-connect-bookmarks.html
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from functools import partial
from typing import Final

from medallion_glue.jdbc.landing import land_in_bronze
from medallion_glue.jdbc.source import DEFAULT_EVENT_TIME_COLUMN, glue_connection_options
from medallion_glue.lineage import datasets
from medallion_glue.runtime.failure_output import RunReport, argv_value, reported_run
from medallion_glue.runtime.job_arguments import (
    optional_argument_names,
    parse_job_arguments,
    required_argument_names,
)
from medallion_glue.runtime.job_start import GlueApi, observed_run, start_job

#: Arguments the job reads, from the job contract (``JOB_RUN_ID`` is set by Glue; :func:`start_job` does
#: not ask for it).
JOB_ARGUMENTS: Final = required_argument_names("jdbc_to_bronze")
#: Optional arguments (the ``--lineage_*`` ones), from the job contract.
OPTIONAL_ARGUMENTS: Final = optional_argument_names("jdbc_to_bronze")

LOGGER = logging.getLogger("jdbc_to_bronze")


def transformation_ctx(source_table: str) -> str:
    """Bookmark state key of the source read; must stay stable across runs or the bookmark resets."""
    return f"jdbc_source_{source_table.replace('.', '_')}"


def main(argv: Sequence[str]) -> None:
    """Reads the rows Glue's bookmark has not seen yet, lands them in bronze, commits the bookmark; ends
    with the ``summary {...}`` line (and, on failure, the ``cause:`` line,
    :mod:`medallion_glue.runtime.failure_output`)."""
    job = argv_value(argv, "JOB_NAME") or "jdbc_to_bronze"
    with reported_run(job, argv_value(argv, "JOB_RUN_ID")) as report:
        run_job(argv, report)


def run_job(argv: Sequence[str], report: RunReport) -> None:
    """The run itself (see :func:`main`)."""
    from awsglue.context import GlueContext
    from awsglue.job import Job
    from awsglue.utils import getResolvedOptions

    parse = partial(parse_job_arguments, "jdbc_to_bronze")
    run = start_job(
        argv, JOB_ARGUMENTS, OPTIONAL_ARGUMENTS, parse, GlueApi(getResolvedOptions, GlueContext, Job)
    )
    args = run.args
    source_table = args["source_table"]
    report.dataset = source_table
    with observed_run(run) as lineage:
        table_name = source_table.split(".")[-1]
        bronze = datasets.location(f"{args['bronze_uri'].rstrip('/')}/{table_name}/")
        quarantine = datasets.location(f"{args['quarantine_uri'].rstrip('/')}/{table_name}/")
        lineage.read(datasets.jdbc_table(args["connection_name"], source_table))
        lineage.wrote(bronze)
        lineage.wrote(quarantine)
        increment = run.glue_context.create_dynamic_frame.from_options(
            connection_type="postgresql",
            connection_options=glue_connection_options(args["connection_name"], source_table),
            transformation_ctx=transformation_ctx(source_table),
        ).toDF()
        result = land_in_bronze(
            increment.cache(),
            source_table,
            bronze_uri=args["bronze_uri"],
            quarantine_uri=args["quarantine_uri"],
            run_id=args["JOB_RUN_ID"],
            now=datetime.now(UTC),
            event_time_column=DEFAULT_EVENT_TIME_COLUMN,
        )
        lineage.wrote(bronze, result.rows_written)
        lineage.wrote(quarantine, result.rows_quarantined)
        LOGGER.info(json.dumps({"event": "jdbc_to_bronze", "table": source_table, **asdict(result)}))
        report.extra = {"landed": asdict(result)}
        run.job.commit()


if __name__ == "__main__":
    main(sys.argv)
