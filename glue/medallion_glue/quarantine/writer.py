"""Write rejected rows to the quarantine zone, one JSON Lines file per reason per run.

Layout: ``<quarantine>/<dataset>/run_id=<run_id>/reason=<reason>/part-*.json``; each line holds
``dataset``, ``run_id``, ``quarantined_at``, ``source_object``, ``detail`` and ``record`` (the row
as read: the raw line for malformed records, else the bronze values as JSON), so a row can be
fixed and replayed.
"""

from __future__ import annotations

from datetime import datetime

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F


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


def count_quarantined(spark: SparkSession, location: str) -> dict[str, int]:
    """Rows stored under ``location`` (a run's quarantine output) per ``reason=`` folder, read back
    from the files (one JSON line per row), for reconciliation."""
    lines = spark.read.text(location)
    return {row["reason"]: row["count"] for row in lines.groupBy("reason").count().collect()}
