"""Write rejected rows and unreadable objects to the quarantine zone, JSON Lines per reason per run.

Layout: ``<quarantine>/<dataset>/run_id=<run_id>/reason=<reason>/`` holds

- rows (:func:`write_quarantine`): ``part-*.json``, one line per row with ``dataset``, ``run_id``,
  ``quarantined_at``, ``source_object``, ``detail`` and ``record`` (the row as read: the raw line for
  malformed records, else the bronze values as JSON), so a row can be fixed and replayed;
- objects quarantined whole (:func:`write_unreadable_objects`, reasons in
  :data:`~medallion_glue.quarantine.reasons.OBJECT_REASONS`): ``objects-*.json``, one line per
  object with the same fields plus ``size_bytes``, ``detail`` the parser's message and ``record``
  null (the object itself stays in bronze, at ``source_object``).

Object reasons never share a folder with row reasons, so :func:`count_quarantined` (rows) and
:func:`count_quarantined_objects` (objects) count them apart: reconciliation is ``rows read = silver
+ quarantined rows + duplicates`` over the readable objects, and every unreadable object has one line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from medallion_glue.quarantine.reasons import OBJECT_REASONS
from medallion_glue.quarantine.unreadable import UnreadableObject

_OBJECT_FILES = "objects-"
_OBJECT_SCHEMA = T.StructType(
    [
        T.StructField(name, T.LongType() if name == "size_bytes" else T.StringType())
        for name in ("dataset", "run_id", "quarantined_at", "source_object", "size_bytes", "reason", "detail")
    ]
)


def quarantine_location(root: str, dataset: str, run_id: str) -> str:
    """``<root>/<dataset>/run_id=<run_id>`` (``root`` a local path or an ``s3://`` URI)."""
    return f"{root.rstrip('/')}/{dataset}/run_id={run_id}"


def write_quarantine(rejected: DataFrame, root: str, dataset: str, run_id: str, now: datetime) -> str:
    """Write ``rejected`` (``source_object``, ``reason``, ``detail``, ``record``) and return the
    run's quarantine location."""
    location = quarantine_location(root, dataset, run_id)
    (
        rejected.select(
            F.lit(dataset).alias("dataset"),
            F.lit(run_id).alias("run_id"),
            F.lit(now.isoformat(timespec="seconds")).alias("quarantined_at"),
            "source_object",
            "reason",
            "detail",
            "record",
        )
        .repartition("reason")
        .write.mode("overwrite")
        .partitionBy("reason")
        .json(location)
    )
    return location


def write_unreadable_objects(
    spark: SparkSession,
    unreadable: Sequence[UnreadableObject],
    root: str,
    dataset: str,
    run_id: str,
    now: datetime,
) -> str:
    """Write one line per object of ``unreadable`` under its ``reason=`` folder (files
    ``objects-*.json``, next to any row files of the run) and return the run's quarantine location.
    Writes nothing when ``unreadable`` is empty. Call it after :func:`write_quarantine`, whose
    ``overwrite`` replaces the run's folder.

    Raises:
        ValueError: an object's reason is not in ``OBJECT_REASONS``.
    """
    location = quarantine_location(root, dataset, run_id)
    unknown = sorted({u.reason for u in unreadable} - set(OBJECT_REASONS))
    if unknown:
        raise ValueError(
            f"not object quarantine reasons: {', '.join(unknown)}; use one of {', '.join(OBJECT_REASONS)}"
        )
    if not unreadable:
        return location
    stamp = now.isoformat(timespec="seconds")
    rows = [(dataset, run_id, stamp, u.source_object, u.size_bytes, u.reason, u.message) for u in unreadable]
    frame = spark.createDataFrame(rows, _OBJECT_SCHEMA).withColumn("record", F.lit(None).cast("string"))
    for reason in sorted({u.reason for u in unreadable}):
        (
            frame.where(F.col("reason") == reason)
            .drop("reason")
            .coalesce(1)
            .write.mode("append")
            .option("ignoreNullFields", "false")
            .json(f"{location}/reason={reason}")
        )
        _name_object_files(spark, f"{location}/reason={reason}")
    return location


def _name_object_files(spark: SparkSession, folder: str) -> None:
    """Rename the ``part-*`` files just written to ``folder`` to ``objects-*`` (Hadoop FileSystem,
    so s3:// works), which tells them apart from row files."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(folder)
    filesystem = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    for status in filesystem.listStatus(path):
        name = status.getPath().getName()
        if name.startswith("part-"):
            filesystem.rename(status.getPath(), jvm.org.apache.hadoop.fs.Path(path, _OBJECT_FILES + name))


def count_quarantined(spark: SparkSession, location: str) -> dict[str, int]:
    """Rows stored under ``location`` (a run's quarantine output) per ``reason=`` folder, read back
    from the files (one JSON line per row), for reconciliation. Object lines are not rows: they are
    left out (see :func:`count_quarantined_objects`)."""
    return _count_lines(spark, location, "part-*")


def count_quarantined_objects(spark: SparkSession, location: str) -> dict[str, int]:
    """Objects quarantined whole under ``location`` per ``reason=`` folder (one line per object)."""
    return _count_lines(spark, location, f"{_OBJECT_FILES}*")


def _count_lines(spark: SparkSession, location: str, files: str) -> dict[str, int]:
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(location)
    filesystem = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if not filesystem.exists(path) or not filesystem.globStatus(
        jvm.org.apache.hadoop.fs.Path(path, f"reason=*/{files}")
    ):
        return {}
    lines = spark.read.option("pathGlobFilter", files).text(location)
    return {row["reason"]: row["count"] for row in lines.groupBy("reason").count().collect()}
