"""Objects quarantined whole: written to the run's quarantine folder and counted back."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from pyspark.sql import SparkSession

from medallion_glue.bronze.reader import BronzeBatch
from medallion_glue.quarantine.writer import count_quarantined_objects, write_unreadable_objects
from medallion_glue.runtime.run_report import report_counts
from medallion_glue.silver.reconciliation import RunCounts, check_reconciliation
from medallion_glue.spec.model import DatasetSpec

LOG = logging.getLogger(__name__)


def quarantine_objects(
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


def only_unreadable_objects(
    spark: SparkSession,
    spec: DatasetSpec,
    source_objects: Sequence[str],
    batch: BronzeBatch,
    root: str,
    run_id: str,
    now: datetime,
    publish: Callable[[RunCounts], None] | None,
) -> RunCounts:
    """The run of a batch none of whose objects could be read: they are quarantined, no row is read, and the
    run succeeds (so a bookmarked run's ledger moves past them); a WARNING line and the
    ``ObjectsQuarantined`` metric (also without a dimension, for a lake-wide alarm) show it.

    Raises:
        ReconciliationError: an unreadable object is missing from the quarantine output.
    """
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
        objects_quarantined_by_reason=quarantine_objects(spark, spec, batch, root, run_id, now),
    )
    LOG.warning(
        "dataset %s run %s: every object of the batch is unreadable (%s); nothing written to silver",
        spec.name,
        run_id,
        counts.objects_quarantined_by_reason,
    )
    report_counts(counts, publish)
    check_reconciliation(counts)
    return counts
