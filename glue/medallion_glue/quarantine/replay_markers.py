"""Which quarantine runs were taken back, and by which run: one replay marker per run folder.

A run folder ``<quarantine>/<dataset>/run_id=<run>/`` that a later run replayed holds
:data:`MARKER_FILE` (``_replayed_by.json``), one JSON object: ``replayed_by`` (the run id that took its rows
and objects back), ``replayed_at`` (ISO 8601 UTC), ``dataset``, ``run_id`` (the folder's run),
``rows_quarantined`` and ``objects_quarantined`` (what the folder held, per reason), ``source_objects``
(the bronze objects read again) and ``replay`` (the replaying run's counts: rows read, written, still
quarantined, duplicates). Every row and object of the folder was taken back by ``replayed_by``: into
silver, or, when it still fails, into that run's own quarantine folder. The name starts with ``_``, so
Spark, Athena and Glue crawlers skip it when they read the quarantine zone as data. A folder without a
marker is waiting for replay.
"""

from __future__ import annotations

import json
from typing import Any, Final
from urllib.parse import unquote

from pyspark.sql import SparkSession

from medallion_glue.quarantine.writer import quarantine_location

#: The marker's file name inside a run folder.
MARKER_FILE: Final = "_replayed_by.json"
_RUN_PREFIX: Final = "run_id="


def _filesystem(spark: SparkSession, location: str) -> tuple[Any, Any]:
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(location)
    return path, path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())


def quarantine_runs(spark: SparkSession, root: str, dataset: str) -> list[str]:
    """The run ids of the dataset's quarantine folders (``run_id=<run>``), sorted (run ids sort by time)."""
    path, filesystem = _filesystem(spark, f"{root.rstrip('/')}/{dataset}")
    if not filesystem.exists(path):
        return []
    names = [status.getPath().getName() for status in filesystem.listStatus(path) if status.isDirectory()]
    return sorted(name.removeprefix(_RUN_PREFIX) for name in names if name.startswith(_RUN_PREFIX))


def read_marker(spark: SparkSession, root: str, dataset: str, run_id: str) -> dict[str, Any] | None:
    """The replay marker of the run's folder; None when the run was not replayed."""
    path, filesystem = _filesystem(spark, f"{quarantine_location(root, dataset, run_id)}/{MARKER_FILE}")
    if not filesystem.exists(path):
        return None
    stream = filesystem.open(path)
    try:
        reader = spark.sparkContext._jvm.java.io.BufferedReader(
            spark.sparkContext._jvm.java.io.InputStreamReader(stream, "UTF-8")
        )
        lines = []
        line = reader.readLine()
        while line is not None:
            lines.append(line)
            line = reader.readLine()
    finally:
        stream.close()
    return json.loads("\n".join(lines))


def write_marker(spark: SparkSession, root: str, dataset: str, run_id: str, marker: dict[str, Any]) -> str:
    """Write ``marker`` as the run folder's :data:`MARKER_FILE` (replacing one there) and return its URI.

    Raises:
        FileNotFoundError: the run has no quarantine folder.
    """
    folder = quarantine_location(root, dataset, run_id)
    folder_path, filesystem = _filesystem(spark, folder)
    if not filesystem.exists(folder_path):
        raise FileNotFoundError(f"no quarantine folder {folder}")
    uri = f"{folder}/{MARKER_FILE}"
    path, _ = _filesystem(spark, uri)
    stream = filesystem.create(path, True)
    try:
        stream.write(bytearray(json.dumps(marker, sort_keys=True, indent=2).encode("utf-8")))
    finally:
        stream.close()
    return uri


def quarantined_source_objects(spark: SparkSession, root: str, dataset: str, run_id: str) -> list[str]:
    """The distinct bronze objects of the run's quarantined rows and objects, as readable paths (the
    ``source_object`` values, which Spark percent-encodes, decoded), sorted."""
    location = quarantine_location(root, dataset, run_id)
    path, filesystem = _filesystem(spark, location)
    jvm = spark.sparkContext._jvm
    if not filesystem.exists(path) or not filesystem.globStatus(
        jvm.org.apache.hadoop.fs.Path(path, "reason=*/*")
    ):
        return []
    lines = spark.read.schema("source_object string").json(location)
    return sorted({unquote(row[0]) for row in lines.select("source_object").distinct().collect() if row[0]})
