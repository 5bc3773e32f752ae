"""Landing rows in bronze: Parquet partitioned by ``year``/``month`` of the event time, append only.

Rows whose event time is null cannot be partitioned: instead of being dropped they go to
``<quarantine_uri>/<table>/run_id=<run>/reason=missing_required_column/`` as JSON lines with ``dataset``,
``run_id``, ``quarantined_at``, ``source_object``, ``reason``, ``detail`` and ``record`` (the row as JSON),
the quarantine layout the bronze-to-silver jobs use (:mod:`medallion_glue.quarantine.writer`).

``year``/``month`` are computed in the session time zone, which must be UTC (as on Glue), and the JVM must
run in UTC too so a ``timestamp`` column read over JDBC keeps its wall-clock value.

See https://spark.apache.org/docs/3.5.6/sql-data-sources-parquet.html (partition discovery)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from medallion_glue.defaults import PARTITION_COLUMNS
from medallion_glue.errors import JobArgumentError
from medallion_glue.jdbc.source import DEFAULT_EVENT_TIME_COLUMN
from medallion_glue.quarantine.reasons import MISSING_REQUIRED_COLUMN
from medallion_glue.quarantine.writer import quarantine_location, write_quarantine
from medallion_glue.spec.model import DEFAULT_EVENT_TIMEZONE

#: Session time-zone names accepted as UTC.
UTC_ZONE_IDS: Final = frozenset({"UTC", "Etc/UTC", "GMT", "Etc/GMT", "Z", "+00:00", "Zulu", "UCT", "Etc/UCT"})


def jvm_time_zone(spark: SparkSession) -> str:
    """Default time zone of the driver JVM (the one the JDBC driver reads ``timestamp`` values in)."""
    return str(spark.sparkContext._jvm.java.util.TimeZone.getDefault().getID())


def require_utc_session(spark: SparkSession) -> None:
    """Checks that ``spark.sql.session.timeZone`` and the driver JVM's default zone are UTC, so ``fecha``
    keeps its UTC wall-clock value through JDBC and ``year``/``month`` follow it (Glue runs in UTC).

    Raises:
        JobArgumentError: naming the setting and the fix.
    """
    zone = spark.conf.get("spark.sql.session.timeZone")
    if zone not in UTC_ZONE_IDS:
        raise JobArgumentError(
            f"spark.sql.session.timeZone is {zone!r}, not UTC: set it to {DEFAULT_EVENT_TIMEZONE} so "
            "year/month partitions follow the UTC wall clock of the event time."
        )
    jvm_zone = jvm_time_zone(spark)
    if jvm_zone not in UTC_ZONE_IDS:
        raise JobArgumentError(
            f"The Spark driver JVM runs in {jvm_zone!r}, not UTC: start it with "
            "spark.driver.extraJavaOptions=-Duser.timezone=UTC (or TZ=UTC) so JDBC timestamps keep "
            "their value."
        )


def zone_table_path(zone_uri: str, table_name: str, field_name: str = "bronze_uri") -> str:
    """``<zone_uri>/<table_name>`` (an ``s3://`` URI or a local path), without a doubled slash.

    Raises:
        JobArgumentError: ``zone_uri`` is empty; the message names ``field_name``.
    """
    if not zone_uri:
        raise JobArgumentError(
            f"{field_name} is empty: pass a location (s3://bucket/prefix or a local path)."
        )
    return f"{zone_uri.rstrip('/')}/{table_name}"


def with_partition_columns(df: DataFrame, event_time_column: str) -> DataFrame:
    """Adds integer ``year`` and ``month`` (1-12) of the event time, in the session time zone (UTC)."""
    year_column, month_column = PARTITION_COLUMNS
    event_time = F.col(event_time_column)
    return df.withColumn(year_column, F.year(event_time)).withColumn(month_column, F.month(event_time))


def source_object_name(table: str) -> str:
    """``source_object`` of rows read from ``table``: ``jdbc:<table>`` (the row's key is in ``record``)."""
    return f"jdbc:{table}"


def split_unpartitionable(df: DataFrame, event_time_column: str, table: str) -> tuple[DataFrame, DataFrame]:
    """Splits rows into (partitionable, rejected).

    Rows with a null event time cannot get a ``year``/``month`` partition; they are returned as rejected
    rows with ``source_object``, ``reason`` (``missing_required_column``), ``detail`` and ``record`` (the
    row as JSON, nulls kept) instead of being dropped.
    """
    event_time = F.col(event_time_column)
    valid = df.where(event_time.isNotNull())
    rejected = df.where(event_time.isNull()).select(
        F.lit(source_object_name(table)).alias("source_object"),
        F.lit(MISSING_REQUIRED_COLUMN).alias("reason"),
        F.lit(f"{event_time_column} is null: no year/month partition can be derived").alias("detail"),
        F.to_json(F.struct(*[F.col(name) for name in df.columns]), {"ignoreNullFields": "false"}).alias(
            "record"
        ),
    )
    return valid, rejected


@dataclass(frozen=True)
class LandingResult:
    """Counts of one :func:`land_in_bronze` call (rows_read == rows_written + rows_quarantined)."""

    rows_read: int
    rows_written: int
    rows_quarantined: int
    bronze_path: str
    quarantine_path: str


def land_in_bronze(
    df: DataFrame,
    source_table: str,
    bronze_uri: str,
    quarantine_uri: str,
    run_id: str,
    now: datetime,
    event_time_column: str = DEFAULT_EVENT_TIME_COLUMN,
) -> LandingResult:
    """Appends ``df`` to ``<bronze_uri>/<table>`` partitioned by ``year``/``month`` of the event time; rows
    without an event time go to ``<quarantine_uri>/<table>/run_id=<run_id>/``. Writes nothing for an empty
    ``df``. ``<table>`` is ``source_table`` without its schema.

    ``df`` should be cached or bounded: it is counted (one aggregation), then written. Every row is either
    written or quarantined, so ``rows_read == rows_written + rows_quarantined``.

    Args:
        source_table: ``[schema.]table`` the rows were read from; recorded as ``source_object``.
        run_id: Glue ``JOB_RUN_ID``, or a local run name; names the quarantine folder.
        now: Run time, recorded as ``quarantined_at``.

    Raises:
        JobArgumentError: the session time zone is not UTC, or a location or ``run_id`` is empty.
    """
    require_utc_session(df.sparkSession)
    table_name = source_table.split(".")[-1]
    bronze_path = zone_table_path(bronze_uri, table_name)
    if not quarantine_uri:
        raise JobArgumentError(
            "quarantine_uri is empty: pass a location (s3://bucket/prefix or a local path)."
        )
    if not run_id:
        raise JobArgumentError("run_id is empty: pass the Glue JOB_RUN_ID (or a local run name).")
    quarantine_path = quarantine_location(quarantine_uri, table_name, run_id)
    counts = df.agg(
        F.count(F.lit(1)).alias("rows"),
        F.count(F.when(F.col(event_time_column).isNull(), 1)).alias("without_event_time"),
    ).first()
    rows_read = int(counts["rows"]) if counts else 0
    rows_quarantined = int(counts["without_event_time"]) if counts else 0
    rows_written = rows_read - rows_quarantined
    if rows_read == 0:
        return LandingResult(0, 0, 0, bronze_path, quarantine_path)
    valid, rejected = split_unpartitionable(df, event_time_column, source_table)
    if rows_written:
        (
            with_partition_columns(valid, event_time_column)
            .write.mode("append")
            .partitionBy(*PARTITION_COLUMNS)
            .parquet(bronze_path)
        )
    if rows_quarantined:
        write_quarantine(rejected, quarantine_uri, table_name, run_id, now)
    return LandingResult(rows_read, rows_written, rows_quarantined, bronze_path, quarantine_path)
