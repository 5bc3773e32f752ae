"""Spark settings the transforms rely on, shared by the local runner, the tests and the Glue jobs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from pyspark.sql import SparkSession

#: Settings applied to every session that runs the transforms.
#: - UTC session time zone: partitions and event times are computed in UTC.
#: - CORRECTED time parser: Spark 3 datetime patterns, no legacy fallback exceptions
#:   (https://spark.apache.org/docs/3.5.6/sql-migration-guide.html#query-engine).
#: - dynamic partition overwrite: a silver write replaces only the partitions it contains
#:   (https://spark.apache.org/docs/3.5.6/configuration.html, spark.sql.sources.partitionOverwriteMode).
REQUIRED_SPARK_SETTINGS: Final = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.legacy.timeParserPolicy": "CORRECTED",
    "spark.sql.sources.partitionOverwriteMode": "dynamic",
}

#: Extra settings for a local session (``local_session``).
LOCAL_SPARK_SETTINGS: Final = {
    "spark.ui.enabled": "false",
    "spark.sql.shuffle.partitions": "8",
    "spark.driver.memory": "4g",
    "spark.sql.adaptive.enabled": "true",
}


def configure(spark: SparkSession) -> SparkSession:
    """Apply :data:`REQUIRED_SPARK_SETTINGS` to an existing session (e.g. Glue's) and return it."""
    for key, value in REQUIRED_SPARK_SETTINGS.items():
        spark.conf.set(key, value)
    return spark


def local_session(
    app_name: str = "medallion-lake-local",
    master: str = "local[*]",
    extra_settings: Mapping[str, str] | None = None,
) -> SparkSession:
    """A local SparkSession with :data:`REQUIRED_SPARK_SETTINGS`, :data:`LOCAL_SPARK_SETTINGS` and
    ``extra_settings`` (e.g. the Iceberg catalog of :mod:`medallion_local.iceberg_catalog`)."""
    builder = SparkSession.builder.master(master).appName(app_name)
    for key, value in {**LOCAL_SPARK_SETTINGS, **(extra_settings or {}), **REQUIRED_SPARK_SETTINGS}.items():
        builder = builder.config(key, value)
    return configure(builder.getOrCreate())
