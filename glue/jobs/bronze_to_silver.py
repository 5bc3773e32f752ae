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
    read (trigger mode) and the job bookmark is not used; otherwise the bookmarked S3 source
    (``transformation_ctx="bronze_source"``) yields the objects not processed yet.

Also expected: ``--enable-glue-datacatalog`` (Spark SQL over the Data Catalog),
``--job-bookmark-option job-bookmark-enable``, and the ``medallion_glue`` bundle in
``--extra-py-files``. The run's reconciliation counts are logged as one JSON line and sent to
CloudWatch (namespace ``MedallionLake/ETL``), also when they do not reconcile (``Reconciled=0``);
such a run then fails before ``Job.commit()``, so the bookmark does not advance.
"""

from __future__ import annotations

import logging
import sys

import boto3
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from medallion_glue.bronze_to_silver import run_bronze_to_silver
from medallion_glue.glue_job_support import (
    BRONZE_TO_SILVER_OPTIONAL,
    BRONZE_TO_SILVER_REQUIRED,
    DISCOVERY_FILE_COLUMN,
    bookmarked_discovery_options,
    discovered_objects,
    parse_bronze_to_silver_args,
    present_optional,
    publish_metrics,
    select_source_keys,
    silver_table_location,
)
from medallion_glue.silver_store import CatalogSilverStore
from medallion_glue.spark_session import configure
from medallion_glue.spec_loader import parse_spec
from medallion_glue.text_objects import read_text_object
from pyspark.context import SparkContext


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    resolved = getResolvedOptions(
        sys.argv, [*BRONZE_TO_SILVER_REQUIRED, *present_optional(sys.argv, BRONZE_TO_SILVER_OPTIONAL)]
    )
    args = parse_bronze_to_silver_args(resolved)
    glue_context = GlueContext(SparkContext.getOrCreate())
    spark = configure(glue_context.spark_session)
    job = Job(glue_context)
    job.init(args.job_name, resolved)

    spec = parse_spec(read_text_object(spark, args.dataset_spec_uri), args.dataset_spec_uri)
    if args.source_keys:
        objects = select_source_keys(args.source_keys, spec, args.bronze_uri)
    else:
        source = glue_context.create_dynamic_frame.from_options(
            **bookmarked_discovery_options(spec, args.bronze_uri)
        )
        names = [row[0] for row in source.toDF().select(DISCOVERY_FILE_COLUMN).distinct().collect()]
        objects = discovered_objects(names, spec)

    store = CatalogSilverStore(
        spark,
        args.silver_database,
        spec.silver_table,
        silver_table_location(args.silver_uri, spec),
        spec.compression,
    )
    cloudwatch = boto3.client("cloudwatch")
    # publishes the counts (Reconciled=0 included) before raising ReconciliationError
    run_bronze_to_silver(
        spark,
        spec,
        objects,
        store,
        args.quarantine_uri,
        publish=lambda counts: publish_metrics(cloudwatch, counts),
    )
    job.commit()


if __name__ == "__main__":
    main()
