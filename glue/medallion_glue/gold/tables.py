"""Gold tables: Spark SQL files over silver tables and dimension tables, materialized as Iceberg tables.

Each gold table ``<name>`` listed in a spec's ``gold.tables`` is the result of
``<sql location>/<name>.sql`` (``glue/sql/gold/`` in the repository, ``--gold_sql_uri`` in Glue).
The SQL refers to the silver table and the dimensions by their bare names (``flights``,
``airports``); they are registered as temporary views first. Gold tables are Iceberg tables
``glue_catalog.<gold database>.<name>`` at ``<gold_uri><name>/``, zstd Parquet, format version 2.

Incremental runs: every gold commit records the silver snapshot it was computed from
(:data:`SILVER_SNAPSHOT_KEY` in its snapshot summary). The next run reads the silver snapshots committed
since then (the ``partitions`` of their summaries, :mod:`medallion_glue.silver.run_summary`) and recomputes
only the gold partitions they touched, with one dynamic partition overwrite. That needs a gold table
partitioned by silver's ``year`` (and ``month``), passed through by its SQL (:func:`is_incremental`); any
other gold table, a first run, a silver rollback (the recorded snapshot is no longer an ancestor) and
``full_rebuild`` rebuild the table whole, in one atomic ``CREATE OR REPLACE`` commit that keeps its history.
A run with no new silver snapshot leaves the table as it is.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from medallion_glue import defaults
from medallion_glue.bronze.reader import read_bronze
from medallion_glue.bronze.text_objects import read_text_object
from medallion_glue.silver.column_names import to_snake_case
from medallion_glue.silver.column_types import cast_to
from medallion_glue.silver.iceberg_commit import SUMMARY_PREFIX
from medallion_glue.silver.merge import Partition
from medallion_glue.silver.run_summary import PARTITIONS_KEY, parse_partitions
from medallion_glue.silver.schema_inference import infer_column_types
from medallion_glue.silver.store import (
    WRITE_PROPERTIES,
    current_snapshot_id,
    iceberg_table_name,
    require_database,
    table_exists,
)
from medallion_glue.spec.model import DEFAULT_COMPRESSION, DatasetSpec, DimensionSpec, GoldTableSpec
from medallion_glue.sql_text import quote_identifier

LOG = logging.getLogger(__name__)

#: Rows sampled to infer dimension column types (dimension tables are small: read them whole).
DIMENSION_SAMPLE_ROWS = 1_000_000


def gold_sql_uri(sql_location: str, table: str) -> str:
    """``<sql_location>/<table>.sql``."""
    return f"{sql_location.rstrip('/')}/{table}.sql"


def read_dimension(spark: SparkSession, dimension: DimensionSpec, dimensions_location: str) -> DataFrame:
    """Read a dimension file with snake_case column names and inferred types.

    Raises:
        ValueError: the file has unparseable records (a dimension must be clean; fix the file).
    """
    uri = f"{dimensions_location.rstrip('/')}/{dimension.file}"
    raw = read_bronze(spark, dimension.format, [uri])
    columns = [
        c for c in raw.columns if c not in (defaults.CORRUPT_RECORD_COLUMN, defaults.SOURCE_OBJECT_COLUMN)
    ]
    malformed = raw.where(F.col(defaults.CORRUPT_RECORD_COLUMN).isNotNull()).count()
    if malformed:
        raise ValueError(f"dimension {dimension.name}: {malformed} malformed records in {uri}; fix the file")
    types = infer_column_types(raw, columns, sample_rows=DIMENSION_SAMPLE_ROWS)
    source_types = {f.name: f.dataType for f in raw.schema.fields}
    return raw.select(*[cast_to(c, source_types[c], types[c]).alias(to_snake_case(c)) for c in columns])


def register_views(
    spark: SparkSession, spec: DatasetSpec, silver: DataFrame, dimensions_location: str | None
) -> list[str]:
    """Register the silver table and the spec's dimensions as temporary views; return their names.

    Raises:
        ValueError: the spec has dimensions but no ``dimensions_location`` was given.
    """
    silver.createOrReplaceTempView(spec.silver_table)
    names = [spec.silver_table]
    if spec.dimensions and dimensions_location is None:
        raise ValueError(
            f"dataset {spec.name} needs dimensions {[d.name for d in spec.dimensions]}: pass their location"
        )
    for dimension in spec.dimensions:
        read_dimension(spark, dimension, dimensions_location or "").createOrReplaceTempView(dimension.name)
        names.append(dimension.name)
    return names


def one_file_per_partition(result: DataFrame, partition_by: Sequence[str]) -> DataFrame:
    """One file per partition (or one file for an unpartitioned table)."""
    if partition_by:
        return result.repartition(*[F.col(quote_identifier(c)) for c in partition_by])
    return result.coalesce(1)


#: Summary key of a gold commit: the silver snapshot id it was computed from.
SILVER_SNAPSHOT_KEY = f"{SUMMARY_PREFIX}silver-snapshot-id"


def is_incremental(table: GoldTableSpec) -> bool:
    """Whether ``table`` can be recomputed per silver partition: partitioned by ``year`` or by ``year`` and
    ``month`` (silver's partition columns, which its SQL must pass through unchanged)."""
    return list(table.partition_by) in (["year"], ["year", "month"])


def touched_partitions(spark: SparkSession, silver: str, since: int, until: int) -> list[Partition] | None:
    """The silver partitions the snapshots after ``since`` up to ``until`` touched (from their summaries),
    or None when ``since`` is not an ancestor of ``until`` (silver was rolled back: rebuild in full)."""
    history = spark.sql(f"SELECT snapshot_id, parent_id, is_current_ancestor FROM {silver}.history").collect()
    ancestors = [r[0] for r in history if r[2]]
    if since not in ancestors:
        return None
    newer = set(ancestors[ancestors.index(since) + 1 : ancestors.index(until) + 1])
    summaries = spark.sql(f"SELECT snapshot_id, summary FROM {silver}.snapshots").collect()
    touched: set[Partition] = set()
    for snapshot_id, summary in summaries:
        if snapshot_id in newer:
            touched.update(parse_partitions((summary or {}).get(PARTITIONS_KEY, "")))
    return sorted(touched)


class IcebergGoldWriter:
    """Writes gold tables as Iceberg tables of ``database`` at ``<gold_uri><table>/``."""

    def __init__(
        self, spark: SparkSession, database: str, gold_uri: str, compression: str = DEFAULT_COMPRESSION
    ):
        self.spark = spark
        self.database = database
        self.gold_uri = gold_uri.rstrip("/")
        self.compression = compression

    def qualified(self, table: GoldTableSpec) -> str:
        """The table's quoted Iceberg name."""
        return iceberg_table_name(self.database, table.name)

    def silver_snapshot(self, table: GoldTableSpec) -> int | None:
        """The silver snapshot the table's current snapshot was computed from, if recorded."""
        if not table_exists(self.spark, self.database, table.name):
            return None
        qualified = self.qualified(table)
        current = current_snapshot_id(self.spark, qualified)
        if current is None:
            return None
        rows = self.spark.sql(
            f"SELECT summary FROM {qualified}.snapshots WHERE snapshot_id = {current}"
        ).collect()
        value = (rows[0][0] or {}).get(SILVER_SNAPSHOT_KEY) if rows else None
        return int(value) if value else None

    def write(self, table: GoldTableSpec, result: DataFrame, silver_snapshot: int, whole: bool) -> None:
        """One commit: replace the table with ``result`` (``whole``), or overwrite the partitions present in
        ``result``; the summary records ``silver_snapshot``."""
        writer = (
            one_file_per_partition(result, table.partition_by)
            .writeTo(self.qualified(table))
            .option(f"snapshot-property.{SILVER_SNAPSHOT_KEY}", str(silver_snapshot))
        )
        if whole:
            writer = writer.using("iceberg").tableProperty("location", f"{self.gold_uri}/{table.name}/")
            for key, value in {
                **WRITE_PROPERTIES,
                "write.parquet.compression-codec": self.compression,
            }.items():
                writer = writer.tableProperty(key, value)
            if table.description:
                writer = writer.tableProperty("comment", table.description)
            if table.partition_by:
                writer = writer.partitionedBy(*[F.col(quote_identifier(c)) for c in table.partition_by])
            writer.createOrReplace()
        else:
            writer.overwritePartitions()


def run_catalog_silver_to_gold(
    spark: SparkSession,
    spec: DatasetSpec,
    silver_database: str,
    gold_database: str,
    gold_uri: str,
    sql_location: str,
    dimensions_location: str | None = None,
    full_rebuild: bool = False,
    silver_snapshot: int | None = None,
) -> dict[str, int]:
    """The Glue job's silver-to-gold: read the Iceberg table ``<silver_database>.<silver table>`` and write
    every gold table with :class:`IcebergGoldWriter`, incrementally where it can (module doc).

    Creates no database: both must exist (the stack creates them; the job role has no
    ``glue:CreateDatabase``).

    Args:
        silver_snapshot: The silver snapshot to read, a current ancestor of the table (the Glue job pins the
            one its lineage event names as the input's version). @default the table's current snapshot

    Returns:
        ``{table: rows written}``: the rows of the recomputed partitions (all rows on a full rebuild,
        0 for a table left as it was).

    Raises:
        JobArgumentError: ``silver_database`` or ``gold_database`` does not exist (names the
            ``--silver_database``/``--gold_database`` argument).
        FileNotFoundError: a gold table's SQL file is missing.
        ValueError: a partition column of a gold table is not in its SQL result; the silver table has no
            data yet.
    """
    require_database(spark, silver_database, "--silver_database")
    require_database(spark, gold_database, "--gold_database")
    silver_name = iceberg_table_name(silver_database, spec.silver_table)
    snapshot = silver_snapshot
    if snapshot is None and table_exists(spark, silver_database, spec.silver_table):
        snapshot = current_snapshot_id(spark, silver_name)
    if snapshot is None:
        raise ValueError(
            f"dataset {spec.name}: silver table {silver_database}.{spec.silver_table} has no data yet; run "
            "bronze_to_silver first"
        )
    silver = spark.read.option("snapshot-id", snapshot).table(silver_name)
    writer = IcebergGoldWriter(spark, gold_database, gold_uri, spec.compression)
    register_views(spark, spec, silver, dimensions_location)
    rows: dict[str, int] = {}
    for table in spec.gold_tables:
        since = None if full_rebuild else writer.silver_snapshot(table)
        touched = (
            None
            if since is None or not is_incremental(table)
            else touched_partitions(spark, silver_name, since, snapshot)
        )
        if since == snapshot and touched is not None:
            LOG.info("gold table %s: no new silver snapshot since %d; left as it is", table.name, since)
            rows[table.name] = 0
            continue
        if touched is not None:
            scope = _partition_scope(table, touched)
            silver.where(scope).createOrReplaceTempView(spec.silver_table)
            LOG.info("gold table %s: recomputing silver partitions %s", table.name, touched)
        else:
            silver.createOrReplaceTempView(spec.silver_table)
            LOG.info("gold table %s: full rebuild from silver snapshot %d", table.name, snapshot)
        result = _table_result(spark, spec, table, sql_location).persist()
        try:
            writer.write(table, result, snapshot, whole=touched is None)
            rows[table.name] = result.count()
        finally:
            result.unpersist()
        LOG.info("gold table %s: %d rows", table.name, rows[table.name])
    return rows


def _partition_scope(table: GoldTableSpec, touched: Sequence[Partition]) -> str:
    """The silver rows that feed the touched gold partitions: whole years for a table partitioned by
    ``year``, the touched months for ``year, month``."""
    if list(table.partition_by) == ["year"]:
        return f"year IN ({', '.join(str(y) for y in sorted({y for y, _ in touched}))})"
    return " OR ".join(f"(year = {y} AND month = {m})" for y, m in touched) or "FALSE"


def _table_result(
    spark: SparkSession, spec: DatasetSpec, table: GoldTableSpec, sql_location: str
) -> DataFrame:
    sql = read_text_object(spark, gold_sql_uri(sql_location, table.name))
    result = spark.sql(sql)
    unknown = [c for c in table.partition_by if c not in result.columns]
    if unknown:
        raise ValueError(
            f"{spec.source_file}: gold.tables.{table.name}.partition_by: {unknown} not in the SQL result "
            f"columns {result.columns}. Select those columns or change partition_by."
        )
    return result
