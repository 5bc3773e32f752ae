"""Where silver tables live in a Glue job: a table of the session catalog (the Glue Data Catalog).

The store protocol, and the Glue store; the local store (a directory plus the JSON catalog) is
:class:`medallion_local.stores.LocalSilverStore`. Both stores write with Spark's dynamic partition overwrite
(``spark.sql.sources.partitionOverwriteMode=dynamic``): only the partitions present in the written
frame are replaced, each from one file (the frame is repartitioned by ``year``/``month``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from medallion_glue import defaults
from medallion_glue.errors import JobArgumentError
from medallion_glue.silver.merge import Partition
from medallion_glue.spec.model import DEFAULT_COMPRESSION
from medallion_glue.sql_text import quote_identifier, string_literal

_YEAR, _MONTH = defaults.PARTITION_COLUMNS


class SilverStore(Protocol):
    """What the bronze-to-silver run needs from the place a silver table lives."""

    table: str

    def recorded_types(self) -> dict[str, str] | None:
        """``{column: type}`` of the registered table (all non-partition columns), or None."""

    def read(self) -> DataFrame | None:
        """The stored rows (lazy, with ``year``/``month``), or None when there are none yet."""

    def overwrite_partitions(self, content: DataFrame, sort_column: str, inferred: Sequence[str]) -> None:
        """Replace the partitions present in ``content`` with it and update the catalog."""

    def count_partitions(self, partitions: Sequence[Partition]) -> int:
        """Rows stored in ``partitions``."""


def one_file_per_partition(content: DataFrame, sort_column: str) -> DataFrame:
    """``content`` repartitioned so each ``year``/``month`` is written by one task (one file),
    sorted by ``sort_column`` inside each file for tighter Parquet min/max statistics."""
    return content.repartition(_YEAR, _MONTH).sortWithinPartitions(_YEAR, _MONTH, sort_column)


def partition_predicate(partitions: Sequence[Partition]) -> str:
    """SQL ``(year = 2001 AND month = 1) OR ...`` for ``partitions`` (``FALSE`` when empty)."""
    if not partitions:
        return "FALSE"
    return " OR ".join(f"({_YEAR} = {year} AND {_MONTH} = {month})" for year, month in partitions)


def require_database(spark: SparkSession, database: str, argument: str) -> None:
    """Raise unless ``database`` exists in the session catalog (``glue:GetDatabase`` with the Glue
    Data Catalog). The Glue jobs never create databases: the stack creates them, and the job role
    has no ``glue:CreateDatabase`` (``lib/glue-iam.ts``), so ``CREATE DATABASE IF NOT EXISTS``
    would fail with AccessDenied there.

    Raises:
        JobArgumentError: the database is missing; the message names ``argument`` (e.g.
            ``--silver_database``) and the fix.
    """
    if not spark.catalog.databaseExists(database):
        raise JobArgumentError(
            f"{argument}: database '{database}' does not exist in the catalog. The job does not create "
            "databases (its role has no glue:CreateDatabase); deploy the stack, which creates it, or pass "
            "the name of the database the stack created."
        )


class CatalogSilverStore:
    """A silver table registered in the session's catalog: the Glue Data Catalog in a Glue job
    started with ``--enable-glue-datacatalog`` (Spark SQL over the Data Catalog,
    https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-data-catalog-hive.html).

    The database must exist (the stack creates it; :func:`require_database`). The table is created
    on first write (``CREATE TABLE ... USING PARQUET PARTITIONED BY (year,
    month) LOCATION``), new columns are added with ``ALTER TABLE ... ADD COLUMNS``, and
    ``INSERT OVERWRITE`` in dynamic mode registers each new partition in the catalog, so no
    crawler is needed. Tested locally against Spark's in-memory catalog.
    """

    def __init__(
        self,
        spark: SparkSession,
        database: str,
        table: str,
        location: str,
        compression: str = DEFAULT_COMPRESSION,
    ) -> None:
        self.spark = spark
        self.database = database
        self.table = table
        self.location = location.rstrip("/") + "/"
        self.compression = compression
        self.qualified = f"{quote_identifier(database)}.{quote_identifier(table)}"

    def _exists(self) -> bool:
        return self.spark.catalog.tableExists(f"{self.database}.{self.table}")

    def recorded_types(self) -> dict[str, str] | None:
        if not self._exists():
            return None
        return {
            n: t for n, t in self.spark.table(self.qualified).dtypes if n not in defaults.PARTITION_COLUMNS
        }

    def read(self) -> DataFrame | None:
        return self.spark.table(self.qualified) if self._exists() else None

    def count_partitions(self, partitions: Sequence[Partition]) -> int:
        stored = self.read()
        return (
            0 if stored is None or not partitions else stored.where(partition_predicate(partitions)).count()
        )

    def overwrite_partitions(self, content: DataFrame, sort_column: str, inferred: Sequence[str]) -> None:
        data_columns = [(n, t) for n, t in content.dtypes if n not in defaults.PARTITION_COLUMNS]
        self._create_or_evolve(data_columns, inferred)
        table_columns = self.spark.table(self.qualified).columns
        ordered = one_file_per_partition(content, sort_column).select(
            *[F.col(quote_identifier(c)) for c in table_columns]
        )
        previous = self.spark.conf.get("spark.sql.parquet.compression.codec")
        self.spark.conf.set("spark.sql.parquet.compression.codec", self.compression)
        try:
            ordered.write.insertInto(self.qualified, overwrite=True)
        finally:
            self.spark.conf.set("spark.sql.parquet.compression.codec", previous)

    def _create_or_evolve(self, data_columns: Sequence[tuple[str, str]], inferred: Sequence[str]) -> None:
        if not self._exists():
            require_database(self.spark, self.database, "--silver_database")
            columns = ", ".join(f"{quote_identifier(n)} {t}" for n, t in data_columns)
            partitions = ", ".join(f"{quote_identifier(c)} int" for c in defaults.PARTITION_COLUMNS)
            self.spark.sql(
                f"CREATE TABLE {self.qualified} ({columns}, {partitions}) USING PARQUET "
                f"PARTITIONED BY ({', '.join(defaults.PARTITION_COLUMNS)}) "
                f"LOCATION {string_literal(self.location)} "
                f"TBLPROPERTIES ('classification'='parquet', 'parquet.compression'="
                f"{string_literal(self.compression.upper())}, "
                f"'medallion.inferred_columns'={string_literal(','.join(inferred))})"
            )
            return
        known = set(self.spark.table(self.qualified).columns)
        added = [(n, t) for n, t in data_columns if n not in known]
        if added:
            columns = ", ".join(f"{quote_identifier(n)} {t}" for n, t in added)
            self.spark.sql(f"ALTER TABLE {self.qualified} ADD COLUMNS ({columns})")
