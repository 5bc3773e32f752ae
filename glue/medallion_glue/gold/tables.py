"""Gold tables: Spark SQL files over silver tables and dimension tables, materialized as Parquet.

Each gold table ``<name>`` listed in a spec's ``gold.tables`` is the result of
``<sql location>/<name>.sql`` (``glue/sql/gold/`` in the repository, ``--gold_sql_uri`` in Glue).
The SQL refers to the silver table and the dimensions by their bare names (``flights``,
``airports``); they are registered as temporary views first. Every run rebuilds each gold table
completely (static overwrite), so a gold table never keeps rows of a previous run.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from medallion_glue import defaults
from medallion_glue.bronze.reader import read_bronze
from medallion_glue.bronze.text_objects import read_text_object
from medallion_glue.silver.column_names import to_snake_case
from medallion_glue.silver.column_types import cast_to
from medallion_glue.silver.schema_inference import infer_column_types
from medallion_glue.silver.store import require_database
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


class GoldWriter(Protocol):
    """Materializes one gold table."""

    def write(self, table: GoldTableSpec, result: DataFrame) -> None:
        """Replace the whole table with ``result``."""


def one_file_per_partition(result: DataFrame, partition_by: Sequence[str]) -> DataFrame:
    """One file per partition (or one file for an unpartitioned table)."""
    if partition_by:
        return result.repartition(*[F.col(quote_identifier(c)) for c in partition_by])
    return result.coalesce(1)


class CatalogGoldWriter:
    """Writes ``<gold_uri>/<table>/`` with ``saveAsTable`` into ``database`` of the session catalog
    (the Glue Data Catalog in a job run with ``--enable-glue-datacatalog``); the table and its
    partitions are (re)registered by Spark."""

    def __init__(
        self,
        spark: SparkSession,
        database: str,
        gold_uri: str,
        compression: str = DEFAULT_COMPRESSION,
    ):
        self.spark = spark
        self.database = database
        self.gold_uri = gold_uri.rstrip("/")
        self.compression = compression

    def write(self, table: GoldTableSpec, result: DataFrame) -> None:
        writer = (
            one_file_per_partition(result, table.partition_by)
            .write.mode("overwrite")
            .format("parquet")
            .option("partitionOverwriteMode", "static")
            .option("compression", self.compression)
            .option("path", f"{self.gold_uri}/{table.name}/")
        )
        if table.partition_by:
            writer = writer.partitionBy(*table.partition_by)
        writer.saveAsTable(f"{quote_identifier(self.database)}.{quote_identifier(table.name)}")


def run_catalog_silver_to_gold(
    spark: SparkSession,
    spec: DatasetSpec,
    silver_database: str,
    gold_database: str,
    gold_uri: str,
    sql_location: str,
    dimensions_location: str | None = None,
) -> dict[str, int]:
    """The Glue job's silver-to-gold: read ``<silver_database>.<silver table>`` from the session
    catalog and write every gold table with :class:`CatalogGoldWriter`.

    Creates no database: both must exist (the stack creates them; the job role has no
    ``glue:CreateDatabase``).

    Raises:
        JobArgumentError: ``silver_database`` or ``gold_database`` does not exist (names the
            ``--silver_database``/``--gold_database`` argument).
        Others: see :func:`run_silver_to_gold`.
    """
    require_database(spark, silver_database, "--silver_database")
    require_database(spark, gold_database, "--gold_database")
    silver = spark.table(f"{quote_identifier(silver_database)}.{quote_identifier(spec.silver_table)}")
    writer = CatalogGoldWriter(spark, gold_database, gold_uri, spec.compression)
    return run_silver_to_gold(spark, spec, silver, sql_location, writer, dimensions_location)


def run_silver_to_gold(
    spark: SparkSession,
    spec: DatasetSpec,
    silver: DataFrame,
    sql_location: str,
    writer: GoldWriter,
    dimensions_location: str | None = None,
) -> dict[str, int]:
    """Build every gold table of ``spec`` from ``silver`` and return ``{table: rows written}``.

    Args:
        spark: The session.
        spec: Dataset spec naming the gold tables and dimensions.
        silver: The silver table (registered as a view named ``spec.silver_table``).
        sql_location: Folder or ``s3://`` prefix holding ``<table>.sql`` files.
        writer: Where gold tables go (:class:`CatalogGoldWriter`, or
            :class:`medallion_local.stores.LocalGoldWriter` in local runs).
        dimensions_location: Folder or ``s3://`` prefix of the dimension files.

    Raises:
        FileNotFoundError: a gold table's SQL file is missing.
        ValueError: a partition column of a gold table is not in its SQL result.
    """
    register_views(spark, spec, silver, dimensions_location)
    rows: dict[str, int] = {}
    for table in spec.gold_tables:
        sql = read_text_object(spark, gold_sql_uri(sql_location, table.name))
        result = spark.sql(sql)
        unknown = [c for c in table.partition_by if c not in result.columns]
        if unknown:
            raise ValueError(
                f"{spec.source_file}: gold.tables.{table.name}.partition_by: {unknown} not in the SQL result "
                f"columns {result.columns}. Select those columns or change partition_by."
            )
        result = result.persist()
        try:
            writer.write(table, result)
            rows[table.name] = result.count()
        finally:
            result.unpersist()
        LOG.info("gold table %s: %d rows", table.name, rows[table.name])
    return rows
