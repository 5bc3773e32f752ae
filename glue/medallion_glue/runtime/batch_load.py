"""The body of a bronze-to-silver run that has objects to read: read, check, quarantine, guard, merge,
count back."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from py4j.protocol import Py4JJavaError
from pyspark import StorageLevel
from pyspark.errors import AnalysisException
from pyspark.sql import SparkSession

from medallion_glue import defaults
from medallion_glue.bronze.reader import read_bronze_batch
from medallion_glue.quarantine.writer import count_quarantined, write_quarantine
from medallion_glue.runtime.failure_output import first_line
from medallion_glue.runtime.object_quarantine import only_unreadable_objects, quarantine_objects
from medallion_glue.runtime.run_errors import UnreadableBatchError
from medallion_glue.runtime.run_guard import guard_run
from medallion_glue.runtime.run_report import report_counts
from medallion_glue.runtime.run_stamp import ingested_at_stamp, rows_stamped
from medallion_glue.silver.merge import merge_batch
from medallion_glue.silver.reconciliation import RunCounts, check_reconciliation
from medallion_glue.silver.run_summary import object_sizes, run_summary
from medallion_glue.silver.spec_columns import check_spec_columns
from medallion_glue.silver.store import SilverStore
from medallion_glue.silver.transform import (
    REASON_COLUMN,
    accepted_rows,
    annotate,
    plan_columns,
    rejected_rows,
    rename_to_silver,
)
from medallion_glue.spec.model import DatasetSpec
from medallion_glue.spec.spark_checks import check_spec_with_spark

LOG = logging.getLogger(__name__)


def load_batch(
    spark: SparkSession,
    spec: DatasetSpec,
    source_objects: Sequence[str],
    store: SilverStore,
    quarantine_root: str,
    run_id: str,
    now: datetime,
    publish: Callable[[RunCounts], None] | None,
) -> RunCounts:
    """Load ``source_objects`` (not empty) into silver; see
    :func:`medallion_glue.runtime.bronze_to_silver.run_bronze_to_silver` for the arguments, the counts
    and the errors. Leaves undoing a failed load to the caller."""
    recorded = store.recorded_types()
    # A table with recorded columns was written before, so it holds the event-time column too.
    catalog_columns = [*recorded, spec.event_time.column] if recorded else []
    try:
        batch = read_bronze_batch(
            spark, spec.source_format, source_objects, expected_columns(spec, catalog_columns)
        )
    except (AnalysisException, Py4JJavaError) as error:
        what = f"run {run_id} cannot read its batch of {len(source_objects)} objects"
        raise unreadable_batch(spec, what, error) from error
    for unreadable in batch.unreadable:
        LOG.warning("dataset %s: object quarantined whole: %s", spec.name, unreadable.describe())
    if batch.frame is None:
        return only_unreadable_objects(
            spark, spec, source_objects, batch, quarantine_root, run_id, now, publish
        )
    raw = batch.frame
    named = rename_to_silver(raw, spec)
    check_spec_columns(spark, spec, raw.columns, named.columns, catalog_columns)
    plan = plan_columns(named, spec, recorded)
    check_spec_with_spark(spark, spec, plan.types)
    annotated = annotate(named, spec, plan).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        by_reason = {row[0]: row[1] for row in annotated.groupBy(REASON_COLUMN).count().collect()}
        accepted_count = by_reason.pop(None, 0)
        rows_read = accepted_count + sum(by_reason.values())
        LOG.info(
            "dataset %s: %d rows read, %d rejected %s",
            spec.name,
            rows_read,
            sum(by_reason.values()),
            by_reason,
        )
        quarantined: dict[str, int] = {}
        if by_reason:  # the row writer overwrites the run's folder: it goes before the object lines
            location = write_quarantine(rejected_rows(annotated), quarantine_root, spec.name, run_id, now)
            quarantined = count_quarantined(spark, location)
            LOG.info("dataset %s: quarantined rows written to %s: %s", spec.name, location, quarantined)
        objects_quarantined = quarantine_objects(spark, spec, batch, quarantine_root, run_id, now)
        guard_run(
            spec,
            run_id,
            len(source_objects),
            rows_read,
            quarantined,
            len(batch.unreadable),
            objects_quarantined,
            publish,
        )
        stamp = ingested_at_stamp(now)
        accepted = accepted_rows(annotated).withColumn(defaults.INGESTED_AT_COLUMN, stamp)
        data_columns = [spec.event_time.column, *plan.types]
        merge = merge_batch(accepted, store.read(), spec, data_columns, rows_in_batch=accepted_count)
        stamped_before = rows_stamped(store, merge.partitions, stamp)
        if merge.partitions:
            columns = [(n, t) for n, t in merge.winners.dtypes if n not in defaults.PARTITION_COLUMNS]
            store.prepare(columns, spec.event_time.column, plan.inferred)
            summary = run_summary(
                run_id,
                spec.name,
                source_objects,
                sum(object_sizes(spark, source_objects).values()),
                {
                    "rows-read": rows_read,
                    "rows-written": merge.rows_written,
                    "rows-quarantined": sum(quarantined.values()),
                },
                merge.partitions,
            )
            store.write(merge.winners, merge_keys(spec), merge.partitions, summary)
        rows_after = store.count_partitions(merge.partitions)
        rows_written = rows_stamped(store, merge.partitions, stamp) - stamped_before
    finally:
        annotated.unpersist()
    counts = RunCounts(
        dataset=spec.name,
        run_id=run_id,
        objects_read=len(source_objects),
        rows_read=rows_read,
        rows_written=rows_written,
        rows_inserted=merge.rows_inserted,
        rows_updated=merge.rows_updated,
        rows_quarantined=sum(quarantined.values()),
        duplicates_removed=merge.duplicates_in_batch + merge.duplicates_of_silver,
        duplicates_in_batch=merge.duplicates_in_batch,
        duplicates_of_silver=merge.duplicates_of_silver,
        quarantined_by_reason=dict(sorted(quarantined.items())),
        partitions_written=tuple(f"year={y}/month={m}" for y, m in merge.partitions),
        silver_rows_before=merge.rows_before,
        silver_rows_after=rows_after,
        objects_unreadable=len(batch.unreadable),
        objects_quarantined_by_reason=objects_quarantined,
    )
    report_counts(counts, publish)
    check_reconciliation(counts)
    return counts


def unreadable_batch(spec: DatasetSpec, what: str, error: Exception) -> UnreadableBatchError:
    """The error of a batch whose reader failed before any row (an object that does not exist, a file that
    is not Parquet): one line naming the spec's ``bronze.format.type``, ``what`` failed (``run <id> cannot
    read its batch of 3 objects``), the reader's message (which names the object) and the fix."""
    return UnreadableBatchError(
        f"{spec.source_file}: bronze.format.type: dataset {spec.name} {what} as {spec.source_format.type}: "
        f"{first_line(error)}. Nothing was written and the bookmark is not committed; replace or remove the "
        "object it names (or fix bronze.format), then run again."
    )


def expected_columns(spec: DatasetSpec, catalog_columns: Sequence[str]) -> set[str]:
    """The column names a bronze object of ``spec`` may carry (bronze and silver names): a CSV object whose
    header shares none of them is quarantined whole as ``header_mismatch``."""
    return {
        spec.event_time.column,
        *spec.required_columns,
        *spec.primary_key,
        *spec.explicit_schema,
        *spec.renames,
        *spec.renames.values(),
        *catalog_columns,
        *([spec.order_by] if spec.order_by else []),
    }


def merge_keys(spec: DatasetSpec) -> list[str]:
    """The ``MERGE INTO`` keys: the primary key; none (an append) without one, since the winners of a
    keyless spec are all rows new to silver (:mod:`medallion_glue.silver.merge`)."""
    return list(spec.primary_key) if spec.deduplicate else []
