"""Where the stand-in keeps what the Glue service keeps in AWS: one folder, ``$AWSGLUE_LOCAL_ROOT``.

Layout::

    <root>/s3/<bucket>/<key>          S3 on local disk: each bucket is a folder (it must exist, as in S3)
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
