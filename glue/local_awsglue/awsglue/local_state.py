"""Where the stand-in keeps what the Glue service keeps in AWS: one folder, ``$AWSGLUE_LOCAL_ROOT``.

Layout::

    <root>/s3/<bucket>/<key>          S3 on local disk: each bucket is a folder (it must exist, as in S3),
                                      or a symlink to one
    <root>/bookmarks/<JOB_NAME>.json  committed job bookmarks, per transformation_ctx
    <root>/connections.json           Glue connections, shaped as GetConnection's Connection:
                                      {"<name>": {"ConnectionType": "JDBC", "ConnectionProperties":
                                       {"JDBC_CONNECTION_URL": "jdbc:postgresql://host:port/db",
                                        "USERNAME": "...", "PASSWORD": "..."}}}

``s3://<bucket>/<key>`` URIs resolve to ``<root>/s3/<bucket>/<key>`` inside Spark itself, through Hadoop's
``ViewFileSystemOverloadScheme`` (one ``linkFallback`` mount per bucket folder), so the jobs read and write
the same URIs they use in Glue.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

#: Environment variable naming the stand-in's state folder.
ROOT_ENV = "AWSGLUE_LOCAL_ROOT"


def local_root() -> Path:
    """The state folder.

    Raises:
        RuntimeError: ``$AWSGLUE_LOCAL_ROOT`` is not set or not a folder.
    """
    value = os.environ.get(ROOT_ENV, "")
    if not value or not Path(value).is_dir():
        raise RuntimeError(
            f"${ROOT_ENV} is {value!r}: set it to an existing folder holding s3/<bucket>/ folders "
            "(and bookmarks/, connections.json) before creating a GlueContext"
        )
    return Path(value).resolve()


def mount_s3_buckets(hadoop_conf: Any, root: Path) -> list[str]:
    """Map ``s3://<bucket>/`` to ``<root>/s3/<bucket>/`` for every bucket folder; returns the buckets."""
    buckets = sorted(p.name for p in (root / "s3").iterdir() if p.is_dir()) if (root / "s3").is_dir() else []
    hadoop_conf.set("fs.s3.impl", "org.apache.hadoop.fs.viewfs.ViewFileSystemOverloadScheme")
    # a new mount table per GlueContext: never serve a cached file system of an earlier root
    hadoop_conf.set("fs.s3.impl.disable.cache", "true")
    for bucket in buckets:
        hadoop_conf.set(f"fs.viewfs.mounttable.{bucket}.linkFallback", (root / "s3" / bucket).as_uri())
    return buckets


def mount_s3_on_session(spark_session: Any, root: Path) -> list[str]:
    """:func:`mount_s3_buckets` on both Hadoop configurations a SparkSession uses: the SparkContext's
    (RDD reads, file listings) and the SQL shared state's copy (data source reads and writes, the
    catalog's table and partition paths), then restarts the session's catalogs so the Iceberg catalog's file
    IO sees the mounts. Returns the buckets."""
    buckets: list[str] = []
    for hadoop_conf in (
        spark_session.sparkContext._jsc.hadoopConfiguration(),
        spark_session._jsparkSession.sharedState().hadoopConf(),
    ):
        buckets = mount_s3_buckets(hadoop_conf, root)
    # Catalogs (Iceberg's) copy the Hadoop configuration when they start: start them again on the new mounts.
    spark_session._jsparkSession.sessionState().catalogManager().reset()
    return buckets


def read_json(path: Path, default: Any) -> Any:
    """The JSON content of ``path``, or ``default`` when it does not exist."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else default


def write_json(path: Path, content: Any) -> None:
    """Write ``content`` atomically (temp file + ``os.replace``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(content, handle, indent=2, sort_keys=True)
    os.replace(tmp, path)


def glue_connection(name: str) -> dict[str, str]:
    """``ConnectionProperties`` of the Glue connection ``name``.

    Raises:
        RuntimeError: no such connection (Glue: ``EntityNotFoundException``).
    """
    path = local_root() / "connections.json"
    connection = read_json(path, {}).get(name)
    if connection is None:
        raise RuntimeError(f"EntityNotFoundException: Glue connection {name!r} not found in {path}")
    return dict(connection["ConnectionProperties"])
