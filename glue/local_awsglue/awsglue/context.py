"""``GlueContext`` over the SparkSession, with ``create_dynamic_frame.from_options`` for JDBC.

``s3://`` URIs resolve to local folders inside Spark itself (:func:`awsglue.local_state.mount_s3_on_session`),
so scripts read and write S3 through Spark and the Hadoop FileSystem, as bronze_to_silver does (it lists
its bronze folder and keeps its own object ledger). Sources
(https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect.html):

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
        if connection_type not in _JDBC_DRIVERS:
            raise NotImplementedError(
                f"the local awsglue stand-in does not read connection_type {connection_type!r} (S3: read "
                "s3:// URIs with Spark, which the stand-in mounts)"
            )
        if format is not None or format_options:
            raise NotImplementedError(f"the local awsglue stand-in reads no format {format!r} over JDBC")
        df = self._glue_context.jdbc_source(connection_type, connection_options or {}, transformation_ctx)
        return DynamicFrame(df, self._glue_context, transformation_ctx)
