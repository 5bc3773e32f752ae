"""One bronze-to-silver run of one dataset: read, check, quarantine, de-duplicate, merge, reconcile.

Callable from a plain ``SparkSession`` (local runner, tests) and from the Glue entrypoint
``glue/jobs/bronze_to_silver.py``, which only adds argument parsing, the job bookmark and metrics.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from pyspark import StorageLevel
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

from medallion_glue import defaults
from medallion_glue.bronze.reader import BronzeBatch, read_bronze_batch
from medallion_glue.errors import QualityError
from medallion_glue.quality.result import QualityResult
from medallion_glue.quality.rules import quality_rules
from medallion_glue.quality.spark_evaluator import evaluate_quality
from medallion_glue.quarantine.writer import (
    count_quarantined,
    count_quarantined_objects,
    quarantine_location,
    write_quarantine,
    write_unreadable_objects,
)
from medallion_glue.silver.iceberg_commit import SUMMARY_PREFIX
from medallion_glue.silver.merge import Partition, merge_batch
from medallion_glue.silver.reconciliation import RunCounts, check_quarantine_guard, check_reconciliation
from medallion_glue.silver.run_summary import object_sizes, run_summary
from medallion_glue.silver.spec_columns import check_spec_columns
from medallion_glue.silver.store import SilverStore, partition_predicate
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


def new_run_id(now: datetime) -> str:
    """``YYYYMMDDTHHMMSSZ-xxxxxx``: sortable by time, unique across concurrent runs."""
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{uuid.uuid4().hex[:6]}"


def run_bronze_to_silver(
    spark: SparkSession,
    spec: DatasetSpec,
    source_objects: Sequence[str],
    store: SilverStore,
    quarantine_root: str,
    run_id: str | None = None,
    now: datetime | None = None,
    publish: Callable[[RunCounts], None] | None = None,
    quality: QualityCheck | None = None,
    publish_quality: Callable[[QualityResult], None] | None = None,
) -> RunCounts:
    """Process ``source_objects`` (bronze paths or ``s3://`` URIs) of ``spec`` into silver.

    Args:
        spark: Session configured with :func:`medallion_glue.runtime.spark_session.configure`.
        spec: The dataset spec.
        source_objects: Exactly the objects to read (new objects per the bookmark, or the keys the
            trigger passed). Empty: nothing is read and zero counts are returned.
        store: Where the silver table lives (local directory or the Glue Data Catalog).
        quarantine_root: Root of the quarantine zone (local path or ``s3://`` URI).
        run_id: Identifies the run in quarantine paths and logs. @default :func:`new_run_id`.
        now: The run's time, stamped as ``_ingested_at``; it identifies this run's rows in silver
            when they are counted back, so two runs must not share it. @default the current UTC
            time.
        publish: Called with the counts before they are checked, so a run that does not
            reconcile still reports them (the Glue job sends them to CloudWatch, ``Reconciled=0``
            included). @default None (not published).
        quality: Evaluates the spec's ``quality:`` rules on the rows this run wrote (as read back from
            silver), given the row count of the previous run (None: first run). The Glue job passes
            AWS Glue Data Quality's evaluator of the compiled DQDL. @default the local Spark evaluator
            (:func:`medallion_glue.quality.spark_evaluator.evaluate_quality`); not called for a spec
            without rules.
        publish_quality: Called with the quality result before a failed ``fail`` rule raises (the Glue
            job sends it to CloudWatch). @default None.

    Returns:
        The run's :class:`RunCounts` (also logged as one JSON line). ``rows_written`` and
        ``rows_quarantined`` are measured after the writes: the rows of the written partitions
        stamped with this run's ``_ingested_at`` (minus any carrying that stamp before the
        write), and the lines of this run's quarantine output per ``reason=`` folder.

    Raises:
        SpecError: the spec does not fit the batch (a column it names is in no bronze object and not
            in the catalog schema; bad type, pattern or filter; column collision). Raised before
            anything is written, so the caller does not commit its bookmark.
        QualityError: a ``fail`` rule of the spec's ``quality:`` block failed; silver is rolled back as for
            a ReconciliationError.
        ReconciliationError: the measured counts do not add up; the silver table is back at its
            snapshot before the run (dropped if the run created it) and the run's quarantine output is
            deleted; the caller must not commit its bookmark.
    """
    now = now or datetime.now(UTC)
    run_id = run_id or new_run_id(now)
    if not source_objects:
        LOG.info("dataset %s: no new bronze objects", spec.name)
        counts = RunCounts(spec.name, run_id, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        LOG.info("reconciliation %s", counts.to_json())
        if publish is not None:
            publish(counts)
        return counts
    LOG.info("dataset %s run %s: reading %d bronze objects", spec.name, run_id, len(source_objects))
    snapshot_before = store.current_snapshot_id()
    created = store.recorded_types() is None
    try:
        counts = _load(spark, spec, source_objects, store, quarantine_root, run_id, now, publish)
        if quality_rules(spec) and counts.rows_written > 0:
            _check_quality(spark, spec, store, snapshot_before, now, quality, publish_quality)
        return counts
    except Exception:
        # A failed run leaves no silver commit and no quarantine rows behind (a spec error raises
        # before anything is written; then there is nothing to undo).
        undo_run(
            spark, store, snapshot_before, created, quarantine_location(quarantine_root, spec.name, run_id)
        )
        raise


def _load(
    spark: SparkSession,
    spec: DatasetSpec,
    source_objects: Sequence[str],
    store: SilverStore,
    quarantine_root: str,
    run_id: str,
    now: datetime,
    publish: Callable[[RunCounts], None] | None,
) -> RunCounts:
    """The body of :func:`run_bronze_to_silver` once it has objects to read."""
    recorded = store.recorded_types()
    # A table with recorded columns was written before, so it holds the event-time column too.
    catalog_columns = [*recorded, spec.event_time.column] if recorded else []
    batch = read_bronze_batch(
        spark, spec.source_format, source_objects, expected_columns(spec, catalog_columns)
    )
    for unreadable in batch.unreadable:
        LOG.warning("dataset %s: object quarantined whole: %s", spec.name, unreadable.describe())
    if batch.frame is None:
        return _only_unreadable_objects(
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
        objects_quarantined = _quarantine_objects(spark, spec, batch, quarantine_root, run_id, now)
        guard = RunCounts(
            spec.name,
            run_id,
            len(source_objects),
            rows_read,
            0,
            0,
            0,
            sum(quarantined.values()),
            0,
            0,
            0,
            quarantined_by_reason=dict(sorted(quarantined.items())),
            objects_unreadable=len(batch.unreadable),
            objects_quarantined_by_reason=objects_quarantined,
            rows_held_back=rows_read - sum(quarantined.values()),
        )
        if guard.quarantine_ratio > spec.quarantine_max_ratio:
            LOG.info("reconciliation %s", guard.to_json())
            if publish is not None:
                publish(guard)
            check_quarantine_guard(guard, spec.quarantine_max_ratio, spec.source_file)
        stamp = ingested_at_stamp(now)
        accepted = accepted_rows(annotated).withColumn(defaults.INGESTED_AT_COLUMN, stamp)
        data_columns = [spec.event_time.column, *plan.types]
        merge = merge_batch(accepted, store.read(), spec, data_columns, rows_in_batch=accepted_count)
        stamped_before = _rows_stamped(store, merge.partitions, stamp)
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
        rows_written = _rows_stamped(store, merge.partitions, stamp) - stamped_before
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
    LOG.info("reconciliation %s", counts.to_json())
    if publish is not None:
        publish(counts)
    check_reconciliation(counts)
    return counts


QualityCheck = Callable[[DataFrame, int | None], QualityResult]


def _check_quality(
    spark: SparkSession,
    spec: DatasetSpec,
    store: SilverStore,
    snapshot_before: int | None,
    now: datetime,
    quality: QualityCheck | None,
    publish_quality: Callable[[QualityResult], None] | None,
) -> None:
    """Evaluate the quality rules on this run's rows in silver (stamped with its ``_ingested_at``); raise
    :class:`QualityError` when a ``fail`` rule failed (the caller rolls silver back)."""
    stamp = ingested_at_stamp(now)
    stored = store.read()
    assert stored is not None  # rows were written
    written = stored.where(F.col(defaults.INGESTED_AT_COLUMN) == stamp)
    previous = None
    if snapshot_before is not None:
        previous = store.snapshot_summary(snapshot_before).get(f"{SUMMARY_PREFIX}rows-written")
    check = quality or (lambda frame, before: evaluate_quality(spark, spec, frame, before, now))
    result = check(written, int(previous) if previous is not None else None)
    for verdict in result.verdicts:
        LOG.info(
            "quality %s %s (%s): %s",
            verdict.rule_id,
            "passed" if verdict.passed else "FAILED",
            verdict.action,
            verdict.message,
        )
    if publish_quality is not None:
        publish_quality(result)
    if result.failed:
        failed = [v.message for v in result.verdicts if not v.passed and v.action == "fail"]
        raise QualityError(
            f"dataset {spec.name}: quality rules failed: {'; '.join(failed)}. Silver was rolled back and the "
            "bookmark not committed; fix the data (or the rule in the spec's quality: block) and run again."
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


def _quarantine_objects(
    spark: SparkSession, spec: DatasetSpec, batch: BronzeBatch, root: str, run_id: str, now: datetime
) -> dict[str, int]:
    """Write the batch's unreadable objects to the run's quarantine folder; return them counted back per
    reason (empty when there are none)."""
    if not batch.unreadable:
        return {}
    location = write_unreadable_objects(spark, batch.unreadable, root, spec.name, run_id, now)
    counted = count_quarantined_objects(spark, location)
    LOG.info("dataset %s: objects quarantined whole under %s: %s", spec.name, location, counted)
    return dict(sorted(counted.items()))


def _only_unreadable_objects(
    spark: SparkSession,
    spec: DatasetSpec,
    source_objects: Sequence[str],
    batch: BronzeBatch,
    root: str,
    run_id: str,
    now: datetime,
    publish: Callable[[RunCounts], None] | None,
) -> RunCounts:
    """The run of a batch none of whose objects could be read: they are quarantined, no row is read."""
    counts = RunCounts(
        spec.name,
        run_id,
        len(source_objects),
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        objects_unreadable=len(batch.unreadable),
        objects_quarantined_by_reason=_quarantine_objects(spark, spec, batch, root, run_id, now),
    )
    LOG.info("reconciliation %s", counts.to_json())
    if publish is not None:
        publish(counts)
    check_reconciliation(counts)
    return counts


def ingested_at_stamp(now: datetime) -> Column:
    """The run's ``_ingested_at`` value (``now`` in UTC, microseconds) as a Spark timestamp literal: what the
    run stamps on its rows and later finds them by."""
    return F.to_timestamp(F.lit(now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")))


def merge_keys(spec: DatasetSpec) -> list[str]:
    """The ``MERGE INTO`` keys: the primary key; none (an append) without one, since the winners of a
    keyless spec are all rows new to silver (:mod:`medallion_glue.silver.merge`)."""
    return list(spec.primary_key) if spec.deduplicate else []


def undo_run(
    spark: SparkSession, store: SilverStore, snapshot: int | None, created: bool, quarantine: str
) -> None:
    """Leave nothing of a failed run behind: the silver table back at ``snapshot`` (dropped when the run
    ``created`` it) and the run's quarantine folder ``quarantine`` deleted."""
    store.restore(snapshot, created)
    context: Any = spark.sparkContext
    path = context._jvm.org.apache.hadoop.fs.Path(quarantine)
    filesystem = path.getFileSystem(context._jsc.hadoopConfiguration())
    if filesystem.exists(path):
        filesystem.delete(path, True)
        LOG.warning("deleted the failed run's quarantine output %s", quarantine)


def _rows_stamped(store: SilverStore, partitions: Sequence[Partition], stamp: Column) -> int:
    """Stored rows of ``partitions`` whose ``_ingested_at`` equals ``stamp`` (this run's time)."""
    stored = store.read() if partitions else None
    if stored is None:
        return 0
    return (
        stored.where(partition_predicate(partitions))
        .where(F.col(defaults.INGESTED_AT_COLUMN) == stamp)
        .count()
    )
