"""The spec's ``quality:`` rules evaluated on the rows a run wrote, after its silver commit."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from medallion_glue import defaults
from medallion_glue.errors import QualityError
from medallion_glue.quality.result import QualityResult
from medallion_glue.quality.spark_evaluator import evaluate_quality
from medallion_glue.runtime.run_stamp import ingested_at_stamp
from medallion_glue.silver.iceberg_commit import SUMMARY_PREFIX
from medallion_glue.silver.store import SilverStore
from medallion_glue.spec.model import DatasetSpec

LOG = logging.getLogger(__name__)

#: Evaluates the rules on the run's rows, given the row count of the previous run (None: first run).
QualityCheck = Callable[[DataFrame, int | None], QualityResult]


def check_quality(
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
