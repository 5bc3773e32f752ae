"""One bronze-to-silver run of one dataset: read, check, quarantine, de-duplicate, merge, reconcile.

The steps live beside it: :mod:`~medallion_glue.runtime.batch_load` (read to merge, counted back),
:mod:`~medallion_glue.runtime.object_quarantine` (objects quarantined whole),
:mod:`~medallion_glue.runtime.run_guard` (the quarantine guard), :mod:`~medallion_glue.runtime.quality_check`
(the ``quality:`` rules) and :mod:`~medallion_glue.runtime.run_undo` (what a failed run leaves behind).

Callable from a plain ``SparkSession`` (local runner, tests) and from the Glue entrypoint
``glue/jobs/bronze_to_silver.py``, which only adds argument parsing, the job bookmark and metrics.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from pyspark.sql import SparkSession

from medallion_glue.quality.result import QualityResult
from medallion_glue.quality.rules import quality_rules
from medallion_glue.quarantine.writer import quarantine_location
from medallion_glue.runtime.batch_load import load_batch
from medallion_glue.runtime.quality_check import QualityCheck, check_quality
from medallion_glue.runtime.run_report import LOG, report_counts
from medallion_glue.runtime.run_undo import undo_run
from medallion_glue.silver.reconciliation import RunCounts
from medallion_glue.silver.store import SilverStore
from medallion_glue.spec.model import DatasetSpec

__all__ = ["LOG", "QualityCheck", "new_run_id", "run_bronze_to_silver"]


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
        report_counts(counts, publish)
        return counts
    LOG.info("dataset %s run %s: reading %d bronze objects", spec.name, run_id, len(source_objects))
    snapshot_before = store.current_snapshot_id()
    created = store.recorded_types() is None
    try:
        counts = load_batch(spark, spec, source_objects, store, quarantine_root, run_id, now, publish)
        if quality_rules(spec) and counts.rows_written > 0:
            check_quality(spark, spec, store, snapshot_before, now, quality, publish_quality)
        return counts
    except Exception:
        # A failed run leaves no silver commit and no quarantine rows behind (a spec error raises
        # before anything is written; then there is nothing to undo).
        undo_run(
            spark, store, snapshot_before, created, quarantine_location(quarantine_root, spec.name, run_id)
        )
        raise
