"""Undo a failed bronze-to-silver run: silver back at its snapshot, the run's quarantine folder deleted."""

from __future__ import annotations

import logging
from typing import Any

from pyspark.sql import SparkSession

from medallion_glue.silver.store import SilverStore

LOG = logging.getLogger(__name__)


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
