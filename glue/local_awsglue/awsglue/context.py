"""``GlueContext`` over the SparkSession, with ``create_dynamic_frame.from_options`` for S3 and JDBC.

Sources (https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect.html):

- ``connection_type="s3"``: ``paths``, ``recurse``, ``attachFilename``, ``maxFilesInBand`` (accepted;
  the local bookmark defers no recent file, as Glue with a band larger than the burst); formats
  ``csv`` (``separator``, ``quoteChar`` with -1 for no quoting, ``withHeader``), ``json`` and
  ``parquet``. With a ``transformation_ctx`` and bookmarks on, only objects that are new or modified
  since the committed bookmark are read (Glue compares the objects' last-modified times).
- ``connection_type="postgresql"`` (or ``mysql``): ``connectionName`` with ``useConnectionProperties``
  (URL, user and password from ``connections.json``, see :mod:`awsglue.local_state`) or
  ``url``/``user``/``password``, and ``dbtable``. With ``jobBookmarkKeys`` (ascending order only) and
  bookmarks on, a run reads ``keys > last committed`` up to the highest key at read time. The JDBC driver
  must be on the session's classpath (Glue ships it; the local runner and tests add it).

Options the stand-in does not model raise ``NotImplementedError`` naming them, so a script cannot rely on
behaviour that is not there. The session runs in UTC, as Glue's workers do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pyspark.context import SparkContext
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from awsglue import local_state
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import active_job

_S3_OPTIONS = {"paths", "recurse", "attachFilename", "maxFilesInBand"}
_CSV_OPTIONS = {"separator", "quoteChar", "withHeader"}
_JDBC_OPTIONS = {
    "useConnectionProperties",
    "connectionName",
    "url",
    "user",
    "password",
    "dbtable",
    "jobBookmarkKeys",
    "jobBookmarkKeysSortOrder",
}
_JDBC_DRIVERS = {"postgresql": "org.postgresql.Driver", "mysql": "com.mysql.cj.jdbc.Driver"}


def _unsupported(kind: str, given: Mapping[str, Any], known: set[str]) -> None:
    extra = sorted(set(given) - known)
    if extra:
        raise NotImplementedError(f"the local awsglue stand-in does not model {kind} {extra}")


class GlueContext:
    """The Glue context of one job run."""

    def __init__(self, spark_context: SparkContext) -> None:
        self._sc = spark_context
        self.spark_session = SparkSession.builder.getOrCreate()
        self.spark_session.conf.set("spark.sql.session.timeZone", "UTC")
        self._root = local_state.local_root()
        local_state.mount_s3_on_session(self.spark_session, self._root)
        self.create_dynamic_frame = _DynamicFrameReader(self)

    def _hadoop_files(self, path: str, recurse: bool) -> dict[str, int]:
        """``{object URI: last-modified millis}`` under ``path`` (hidden ``_``/``.`` names skipped)."""
        jvm = self._sc._jvm
        hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
        fs = hadoop_path.getFileSystem(self._sc._jsc.hadoopConfiguration())
        if not fs.exists(hadoop_path):
            return {}
        found: dict[str, int] = {}
        listing = fs.listFiles(hadoop_path, recurse)
        while listing.hasNext():
            status = listing.next()
            name = status.getPath().getName()
            if not name.startswith(("_", ".")):
                found[status.getPath().toString()] = status.getModificationTime()
        return found

    def s3_source(
        self,
        connection_options: Mapping[str, Any],
        fmt: str | None,
        format_options: Mapping[str, Any],
        transformation_ctx: str,
    ) -> DataFrame:
        _unsupported("S3 connection_options", connection_options, _S3_OPTIONS)
        recurse = bool(connection_options.get("recurse", False))
        objects: dict[str, int] = {}
        for path in connection_options["paths"]:
            objects.update(self._hadoop_files(path, recurse))
        job = active_job()
        seen = (job.bookmark_state(transformation_ctx) if job else None) or {}
        chosen = sorted(uri for uri, modified in objects.items() if seen.get(uri) != modified)
        if job:
            job.record_state(transformation_ctx, {**seen, **{uri: objects[uri] for uri in chosen}})
        if not chosen:  # an empty DynamicFrame has no fields
            return self.spark_session.createDataFrame([], "struct<>")
        reader = self.spark_session.read
        if fmt == "csv":
            _unsupported("csv format_options", format_options, _CSV_OPTIONS)
            quote = format_options.get("quoteChar", '"')
            df = reader.csv(
                chosen,
                sep=format_options.get("separator", ","),
                quote="" if quote == -1 else quote,
                header=bool(format_options.get("withHeader", False)),
            )
        elif fmt in ("json", "parquet"):
            _unsupported(f"{fmt} format_options", format_options, set())
            df = reader.format(fmt).load(chosen)
        else:
            raise NotImplementedError(f"the local awsglue stand-in does not read format {fmt!r} from S3")
        attach = connection_options.get("attachFilename")
        return df.withColumn(attach, F.input_file_name()) if attach else df

    def jdbc_source(
        self, connection_type: str, connection_options: Mapping[str, Any], transformation_ctx: str
    ) -> DataFrame:
        _unsupported("JDBC connection_options", connection_options, _JDBC_OPTIONS)
        if str(connection_options.get("useConnectionProperties", "false")).lower() == "true":
            props = local_state.glue_connection(connection_options["connectionName"])
            url, user, password = props["JDBC_CONNECTION_URL"], props.get("USERNAME"), props.get("PASSWORD")
        else:
            url, user = connection_options["url"], connection_options.get("user")
            password = connection_options.get("password")
        reader = (
            self.spark_session.read.format("jdbc")
            .option("url", url)
            .option("dbtable", connection_options["dbtable"])
            .option("driver", _JDBC_DRIVERS[connection_type])
        )
        if user is not None:
            reader = reader.option("user", user).option("password", password or "")
        df = reader.load()
        keys = list(connection_options.get("jobBookmarkKeys") or [])
        job = active_job()
        if not keys or job is None:
            return df
        if str(connection_options.get("jobBookmarkKeysSortOrder", "asc")).lower() != "asc":
            raise NotImplementedError(
                "the local awsglue stand-in keeps JDBC bookmarks in ascending order only"
            )
        if len(keys) != 1:
            raise NotImplementedError("the local awsglue stand-in keeps JDBC bookmarks on one key column")
        (key,) = keys
        last = (job.bookmark_state(transformation_ctx) or {}).get(key)
        if last is not None:
            df = df.where(F.col(key) > F.lit(last))
        highest = df.agg(F.max(key)).first()[0]
        if highest is None:
            return df.limit(0)
        job.record_state(transformation_ctx, {key: highest})
        return df.where(F.col(key) <= F.lit(highest))


class _DynamicFrameReader:
    """``glueContext.create_dynamic_frame``."""

    def __init__(self, glue_context: GlueContext) -> None:
        self._glue_context = glue_context

    def from_options(
        self,
        connection_type: str,
        connection_options: Mapping[str, Any] | None = None,
        format: str | None = None,  # noqa: A002 - Glue's name
        format_options: Mapping[str, Any] | None = None,
        transformation_ctx: str = "",
        **kwargs: Any,
    ) -> DynamicFrame:
        if kwargs:
            raise NotImplementedError(
                f"the local awsglue stand-in does not model from_options {sorted(kwargs)}"
            )
        options = connection_options or {}
        if connection_type == "s3":
            df = self._glue_context.s3_source(options, format, format_options or {}, transformation_ctx)
        elif connection_type in _JDBC_DRIVERS:
            df = self._glue_context.jdbc_source(connection_type, options, transformation_ctx)
        else:
            raise NotImplementedError(
                f"the local awsglue stand-in does not read connection_type {connection_type!r}"
            )
        return DynamicFrame(df, self._glue_context, transformation_ctx)
