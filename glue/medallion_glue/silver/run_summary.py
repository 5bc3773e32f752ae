"""The snapshot summary of a silver commit: which run loaded what, readable in Athena.

Every silver commit carries, under :data:`~medallion_glue.silver.iceberg_commit.SUMMARY_PREFIX`:
``run-id``, ``dataset``, ``source-objects`` (count), ``source-bytes``, ``source-keys-sha256`` (SHA-256 of the
sorted source URIs, one per line), ``rows-read``, ``rows-written`` (inserted + updated), ``rows-quarantined``
and ``partitions`` (``2024-01,2024-02``: the months the commit touched; gold reads them to recompute only
those). Query them with ``SELECT committed_at, summary FROM "<database>"."<table>$snapshots"`` in Athena.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from pyspark.sql import SparkSession

from medallion_glue.silver.iceberg_commit import SUMMARY_PREFIX
from medallion_glue.silver.merge import Partition

#: The summary key of the touched partitions.
PARTITIONS_KEY = f"{SUMMARY_PREFIX}partitions"


def source_keys_sha256(objects: Sequence[str]) -> str:
    """SHA-256 (hex) of the sorted ``objects``, joined by newlines."""
    return hashlib.sha256("\n".join(sorted(objects)).encode("utf-8")).hexdigest()


def object_sizes(spark: SparkSession, objects: Sequence[str]) -> dict[str, int]:
    """Size in bytes of each of ``objects`` (paths or ``s3://`` URIs), from one Hadoop ``listStatus`` per
    parent folder (one S3 LIST per 1,000 objects rather than a HEAD per object). An object not listed
    (deleted since) has size 0."""
    context: Any = spark.sparkContext
    jvm, conf = context._jvm, context._jsc.hadoopConfiguration()
    by_parent: dict[str, list[str]] = defaultdict(list)
    for uri in objects:
        by_parent[uri.rsplit("/", 1)[0]].append(uri)
    sizes: dict[str, int] = {}
    for parent, uris in by_parent.items():
        path = jvm.org.apache.hadoop.fs.Path(parent)
        listed = {
            status.getPath().getName(): int(status.getLen())
            for status in path.getFileSystem(conf).listStatus(path)
        }
        for uri in uris:
            sizes[uri] = listed.get(uri.rsplit("/", 1)[1], 0)
    return sizes


def format_partitions(partitions: Sequence[Partition]) -> str:
    """``[(2024, 1), (2024, 2)]`` -> ``"2024-01,2024-02"``."""
    return ",".join(f"{y:04d}-{m:02d}" for y, m in partitions)


def parse_partitions(text: str) -> list[Partition]:
    """The inverse of :func:`format_partitions` (empty text: no partitions)."""
    return [(int(p[:4]), int(p[5:])) for p in text.split(",") if p]


def run_summary(
    run_id: str,
    dataset: str,
    objects: Sequence[str],
    source_bytes: int,
    counts: Mapping[str, int],
    partitions: Sequence[Partition],
) -> dict[str, str]:
    """The summary properties of one run's commit (see the module doc); ``counts`` holds ``rows-read``,
    ``rows-written`` and ``rows-quarantined``."""
    return {
        f"{SUMMARY_PREFIX}run-id": run_id,
        f"{SUMMARY_PREFIX}dataset": dataset,
        f"{SUMMARY_PREFIX}source-objects": str(len(objects)),
        f"{SUMMARY_PREFIX}source-bytes": str(source_bytes),
        f"{SUMMARY_PREFIX}source-keys-sha256": source_keys_sha256(objects),
        **{f"{SUMMARY_PREFIX}{k}": str(v) for k, v in counts.items()},
        PARTITIONS_KEY: format_partitions(partitions),
    }
