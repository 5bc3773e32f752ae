"""AWS Glue 5.1 job: bronze -> silver for one dataset (thin entrypoint; logic in ``medallion_glue``).

Job arguments (set by the Pulumi ``EtlJob`` component):

``--JOB_NAME``
    Glue job name (for ``Job.init``).
``--dataset_spec_uri``
    ``s3://`` URI of the dataset spec YAML (validated against the bundled JSON Schema).
``--bronze_uri``
    ``s3://bucket/prefix/`` of the bronze zone (or of the dataset's own folder).
``--silver_uri``
    ``s3://bucket/`` root of the silver zone; the table lives at ``<silver_uri>/<silver table>/``.
``--quarantine_uri``
    ``s3://`` root of the quarantine zone; rejected rows go to
    ``<quarantine_uri>/<dataset>/run_id=<run>/reason=<reason>/``.
``--silver_database``
    Glue Data Catalog database of the silver table, created by the stack (the job role has no
    ``glue:CreateDatabase``); the job creates and updates the table in it (no crawler).
``--source_keys`` (optional)
    JSON array of ``s3://`` object URIs. When present and non-empty, exactly those objects are
    read and the object ledger is neither read nor moved; otherwise the run lists the dataset's bronze
    folder and reads the objects its object ledger (``<silver_uri>/_ledger/<dataset>/``,
    :mod:`medallion_glue.runtime.object_ledger`) has not seen: a bookmarked run.
``--reprocess`` (optional)
    ``<run_id>`` or ``all``: replay the quarantine run folders of earlier runs after a spec fix (set by an
    operator, never with ``--source_keys``): their bronze objects are read again, rows already in silver
    are duplicates through the merge key, and each folder taken back gets ``_replayed_by.json`` naming
    this run (``medallion_glue.runtime.replay``). The object ledger is neither read nor moved.
``--quality_ruleset`` (optional)
    The DQDL of the spec's ``quality:`` rules (set by the program); evaluated by AWS Glue Data Quality on
    the rows the run wrote; a failed ``fail`` rule rolls silver back (docs/quality.md). Absent: the rules
    are evaluated by medallion_glue's own Spark evaluator.
``--lineage_transport``, ``--lineage_url``, ``--lineage_catalog`` (optional)
    Where the run's OpenLineage events go (absent: off); see docs/lineage.md.

Also expected: ``--enable-glue-datacatalog`` (Spark SQL over the Data Catalog),
``--job-bookmark-option job-bookmark-enable`` (the object ledger: enable uses and moves it, pause uses it
without moving it, disable lists every object and moves nothing), and the ``medallion_glue`` bundle in
``--extra-py-files``. The run's reconciliation counts are logged as one JSON line and sent to
CloudWatch (namespace ``MedallionLake/ETL``), also when they do not reconcile (``Reconciled=0``);
such a run then fails before its ledger file is written (and before ``Job.commit()``), so the next run reads
the same objects again.

Every run ends with ``summary {...}`` (one JSON line) and, when it fails, ``cause: <one line>`` naming the
object, the field and the fix; the full trace goes to the log before them and the error raised carries only
the cause (``medallion_glue.runtime.failure_output``).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import boto3
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from medallion_glue.lineage import datasets, versions
from medallion_glue.quality.glue_evaluator import evaluate_with_glue
from medallion_glue.quality.result import publish_quality_metrics
from medallion_glue.runtime.bronze_to_silver import run_bronze_to_silver
from medallion_glue.runtime.failure_output import RunReport, argv_value, reported_run
from medallion_glue.runtime.glue_job_support import (
    BRONZE_TO_SILVER_OPTIONAL,
    BRONZE_TO_SILVER_REQUIRED,
    dataset_bronze_uri,
    parse_bronze_to_silver_args,
    publish_metrics,
    select_source_keys,
    silver_table_location,
)
from medallion_glue.runtime.job_start import GlueApi, load_job_spec, observed_run, start_job
from medallion_glue.runtime.object_ledger import LedgerMode, discover, ledger_location, record_taken
from medallion_glue.runtime.replay import mark_replayed, plan_replay
from medallion_glue.silver.store import IcebergSilverStore


def main() -> None:
    """One job run, ending with ``summary {...}`` (and ``cause: ...`` when it fails)."""
    job = argv_value(sys.argv, "JOB_NAME") or "bronze_to_silver"
    with reported_run(job, argv_value(sys.argv, "JOB_RUN_ID")) as report:
        run_job(report)


def run_job(report: RunReport) -> None:
    """The run itself; :func:`main` wraps it in its summary and cause lines."""
    run = start_job(
        sys.argv,
        BRONZE_TO_SILVER_REQUIRED,
        BRONZE_TO_SILVER_OPTIONAL,
        parse_bronze_to_silver_args,
        GlueApi(getResolvedOptions, GlueContext, Job),
    )
    args, spark = run.args, run.spark
    with observed_run(run) as lineage:
        spec = load_job_spec(spark, args.dataset_spec_uri)
        report.dataset, report.spec = spec.name, args.dataset_spec_uri
        replay, discovery = None, None
        if args.reprocess:
            replay = plan_replay(spark, spec, args.quarantine_uri, args.reprocess)
            report.extra = {"reprocess": args.reprocess, "replayed_runs": list(replay.runs)}
            objects = list(replay.objects)
        elif args.source_keys:
            objects = select_source_keys(args.source_keys, spec, args.bronze_uri)
        else:  # bookmarked: list the dataset's folder, minus the object ledger (no object is opened)
            discovery = discover(
                spark,
                spec,
                dataset_bronze_uri(args.bronze_uri, spec),
                ledger_location(args.silver_uri, spec.name),
                LedgerMode.of(run.options.get("job_bookmark_option")),
            )
            objects = discovery.uris

        location = silver_table_location(args.silver_uri, spec)
        store = IcebergSilverStore(spark, args.silver_database, spec.silver_table, location, spec.compression)
        inputs = [datasets.location(uri) for uri in objects]
        silver = datasets.table(
            location, lineage.settings.catalog_namespace, args.silver_database, spec.silver_table
        )
        silver = datasets.with_facets(silver, datasets.rename_column_lineage(spec, inputs))
        quarantine = datasets.location(f"{args.quarantine_uri}{spec.name}/")
        lineage.read(*inputs)
        lineage.wrote(silver)
        lineage.wrote(quarantine)
        cloudwatch = boto3.client("cloudwatch")
        quality = None
        if args.quality_ruleset:  # AWS Glue Data Quality evaluates the compiled DQDL (docs/quality.md)
            from awsglue.dynamicframe import DynamicFrame
            from awsgluedq.transforms import EvaluateDataQuality

            def apply(frame, ruleset, options):
                dynamic = DynamicFrame.fromDF(frame, run.glue_context, "quality")
                return EvaluateDataQuality.apply(
                    frame=dynamic, ruleset=ruleset, publishing_options=options
                ).toDF()

            def quality(frame, _previous):
                return evaluate_with_glue(spec.name, args.quality_ruleset, frame, apply)

        # publishes the counts (Reconciled=0 included) before raising ReconciliationError
        counts = run_bronze_to_silver(
            spark,
            spec,
            objects,
            store,
            args.quarantine_uri,
            publish=report.recording(lambda counts: publish_metrics(cloudwatch, counts)),
            quality=quality,
            publish_quality=lambda result: publish_quality_metrics(cloudwatch, result),
        )
        if replay is not None:
            mark_replayed(spark, spec, args.quarantine_uri, replay, counts, datetime.now(UTC))
        lineage.wrote(versions.versioned(silver, store.current_snapshot_id()), counts.rows_written)
        lineage.wrote(quarantine, counts.rows_quarantined)
        if discovery is not None:  # silver and quarantine committed: the ledger moves (enable only)
            record_taken(spark, discovery, spec.name, counts.run_id, datetime.now(UTC))
        run.job.commit()


if __name__ == "__main__":
    main()
