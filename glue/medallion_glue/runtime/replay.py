"""Replay: after a spec fix, take back the quarantined rows and objects of earlier runs (``--reprocess``).

A replay reads again, from bronze, every object that a chosen quarantine run holds rows or whole objects
of, and loads them as a normal run does (:func:`~medallion_glue.runtime.bronze_to_silver.run_bronze_to_silver`
under a new run id). Rows already in silver are duplicates through the merge key (the primary key, or the
whole row without one), so nothing is written twice; rows that now pass go into silver; rows that still fail
go into the new run's quarantine folder. When the run succeeded, each replayed folder gets its replay marker
(:mod:`medallion_glue.quarantine.replay_markers`) naming the run that took it back. The bookmark is neither
read nor moved, as with ``--source_keys``.

``--reprocess all`` takes every run folder of the dataset without a marker (none: the run reads nothing);
``--reprocess <run_id>`` takes that one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from pyspark.sql import SparkSession

from medallion_glue.quarantine.replay_markers import (
    quarantine_runs,
    quarantined_source_objects,
    read_marker,
    write_marker,
)
from medallion_glue.quarantine.writer import count_quarantined, count_quarantined_objects, quarantine_location
from medallion_glue.runtime.run_errors import ReplayError
from medallion_glue.silver.reconciliation import RunCounts
from medallion_glue.spec.model import DatasetSpec

LOG = logging.getLogger(__name__)

#: ``--reprocess`` value that takes every quarantine run not replayed yet.
REPROCESS_ALL: Final = "all"


@dataclass(frozen=True)
class ReplayPlan:
    """What a replay takes back: the quarantine ``runs`` (run ids) and the bronze ``objects`` to read again
    (sorted, each once)."""

    runs: tuple[str, ...]
    objects: tuple[str, ...]


def plan_replay(spark: SparkSession, spec: DatasetSpec, quarantine_root: str, reprocess: str) -> ReplayPlan:
    """The runs and objects ``--reprocess`` (``all`` or a run id) takes back.

    Raises:
        ReplayError: the spec has ``deduplication: none`` (no merge key keeps replayed rows from being
            written twice); the run id has no quarantine folder; it was already replayed; a bronze object
            of a chosen run no longer exists (its rows could not be taken back).
    """
    if not spec.deduplicate:
        raise ReplayError(
            f"{spec.source_file}: deduplication: none gives no merge key, so --reprocess would write the "
            "replayed objects' accepted rows a second time. Set deduplication.primary_key to replay this "
            "dataset, or pass only objects none of whose rows reached silver in --source_keys."
        )
    runs = quarantine_runs(spark, quarantine_root, spec.name)
    pending = [run for run in runs if read_marker(spark, quarantine_root, spec.name, run) is None]
    if reprocess == REPROCESS_ALL:
        chosen = pending
    elif reprocess not in runs:
        raise ReplayError(
            f"--reprocess: dataset {spec.name} has no quarantine run {reprocess!r} under "
            f"{quarantine_root.rstrip('/')}/{spec.name}/; runs waiting for replay: {pending or 'none'}. "
            f"Pass one of them, or '{REPROCESS_ALL}'."
        )
    else:
        marker = read_marker(spark, quarantine_root, spec.name, reprocess)
        if marker is not None:
            by = marker["replayed_by"]
            raise ReplayError(
                f"--reprocess: quarantine run {reprocess} of dataset {spec.name} was already taken back by "
                f"run {by} at {marker['replayed_at']}. What still failed then is in run {by}'s own folder: "
                f"pass --reprocess {by}, or '{REPROCESS_ALL}'."
            )
        chosen = [reprocess]
    by_run = {run: quarantined_source_objects(spark, quarantine_root, spec.name, run) for run in chosen}
    for run, run_objects in by_run.items():
        missing = [o for o in run_objects if not _exists(spark, o)]
        if missing:
            others = [r for r in pending if r != run]
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            raise ReplayError(
                f"--reprocess: bronze object {missing[0]} of quarantine run {run} (dataset {spec.name}) no "
                f"longer exists{more}. Restore it to bronze (with S3 versioning, its earlier version), or "
                f"replay the other runs by id: {others or 'none'}."
            )
    objects = sorted({o for run_objects in by_run.values() for o in run_objects})
    LOG.info("dataset %s: replaying quarantine runs %s: %d bronze objects", spec.name, chosen, len(objects))
    return ReplayPlan(tuple(chosen), tuple(objects))


def _exists(spark: SparkSession, uri: str) -> bool:
    context: Any = spark.sparkContext
    path = context._jvm.org.apache.hadoop.fs.Path(uri)
    return bool(path.getFileSystem(context._jsc.hadoopConfiguration()).exists(path))


def mark_replayed(
    spark: SparkSession,
    spec: DatasetSpec,
    quarantine_root: str,
    plan: ReplayPlan,
    counts: RunCounts,
    now: datetime,
) -> list[str]:
    """Write the replay marker of every run of ``plan``, naming ``counts.run_id`` (the replaying run, which
    succeeded); returns the markers' URIs."""
    uris = []
    for run in plan.runs:
        location = quarantine_location(quarantine_root, spec.name, run)
        marker: dict[str, Any] = {
            "dataset": spec.name,
            "run_id": run,
            "replayed_by": counts.run_id,
            "replayed_at": now.isoformat(timespec="seconds"),
            "rows_quarantined": count_quarantined(spark, location),
            "objects_quarantined": count_quarantined_objects(spark, location),
            "source_objects": quarantined_source_objects(spark, quarantine_root, spec.name, run),
            "replay": replay_counts(counts),
        }
        uris.append(write_marker(spark, quarantine_root, spec.name, run, marker))
    LOG.info("dataset %s: quarantine runs %s taken back by run %s", spec.name, list(plan.runs), counts.run_id)
    return uris


def replay_counts(counts: RunCounts) -> dict[str, int]:
    """The replaying run's figures a marker keeps: what it read, wrote, quarantined again and found in
    silver already."""
    return {
        "objects_read": counts.objects_read,
        "rows_read": counts.rows_read,
        "rows_written": counts.rows_written,
        "rows_quarantined_again": counts.rows_quarantined,
        "objects_quarantined_again": counts.objects_unreadable,
        "duplicates_of_silver": counts.duplicates_of_silver,
    }
