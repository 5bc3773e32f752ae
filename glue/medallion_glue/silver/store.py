"""Where silver tables live: Apache Iceberg tables in the zone database, data in the silver bucket.

A silver table is ``glue_catalog.<silver database>.<table>``
(:data:`~medallion_glue.defaults.ICEBERG_CATALOG`:
the Glue Data Catalog in a Glue job, configured by EtlJob's ``--datalake-formats iceberg`` and ``--conf``;
locally Iceberg's JDBC catalog, :mod:`medallion_local.iceberg_catalog`). It is created on the first write:
format version :data:`~medallion_glue.defaults.ICEBERG_FORMAT_VERSION`, identity partitions on ``year`` and
``month`` (Athena users filter on them as before), files sorted by the event time within each partition
(``WRITE LOCALLY ORDERED BY``, hash distribution on the partition: one file per partition per commit),
zstd Parquet, copy-on-write merges (:data:`WRITE_PROPERTIES`, docs/iceberg.md says why).

Each run makes one commit (``MERGE INTO`` on the key, or an append) carrying the run's snapshot summary
(:func:`medallion_glue.silver.iceberg_commit.commit_with_summary`); a run that does not reconcile goes back
to the snapshot before it (:meth:`IcebergSilverStore.restore`). Schema evolution is Iceberg's: new columns
are added nullable, and promoted columns (int -> bigint, float -> double, wider decimal) are altered in
place, both in the catalog too.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Protocol

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from medallion_glue import defaults
from medallion_glue.errors import JobArgumentError
from medallion_glue.silver.column_types import widened_type
from medallion_glue.silver.iceberg_commit import commit_with_summary
from medallion_glue.silver.merge import Partition
from medallion_glue.spec.model import DEFAULT_COMPRESSION
from medallion_glue.sql_text import quote_identifier, string_literal

LOG = logging.getLogger(__name__)
_YEAR, _MONTH = defaults.PARTITION_COLUMNS

#: Table properties of every silver table (besides the compression codec, from the spec).
#: copy-on-write: measured against merge-on-read side by side (bench/etl/merge_modes.py, bench/etl/README.md):
#: merge-on-read merged 1 % late corrections 2-3x faster but made the readers (Athena, gold) 2-3x slower with
#: delete files until compaction; for new rows only, the modes do the same work.
WRITE_PROPERTIES: Mapping[str, str] = {
    "format-version": str(defaults.ICEBERG_FORMAT_VERSION),
    "write.format.default": "parquet",
    "write.distribution-mode": "hash",
    "write.merge.mode": "copy-on-write",
    "write.update.mode": "copy-on-write",
    "write.delete.mode": "copy-on-write",
}


class SilverStore(Protocol):
    """What the bronze-to-silver run needs from the place a silver table lives."""

    table: str

    def recorded_types(self) -> dict[str, str] | None:
        """``{column: type}`` of the registered table (all non-partition columns), or None."""

    def read(self) -> DataFrame | None:
        """The stored rows (lazy, with ``year``/``month``), or None when the table does not exist."""

    def prepare(self, columns: Sequence[tuple[str, str]], sort_column: str, inferred: Sequence[str]) -> None:
        """Create the table, or add the ``columns`` it lacks and widen those whose type is a promotion of
        the stored one (:func:`~medallion_glue.silver.column_types.widened_type`)."""

    def write(
        self,
        rows: DataFrame,
        keys: Sequence[str],
        partitions: Sequence[Partition],
        summary: Mapping[str, str],
    ) -> None:
        """One commit: merge ``rows`` on ``keys`` (empty: append) into ``partitions``, with ``summary``."""

    def current_snapshot_id(self) -> int | None:
        """The table's current snapshot, None when it has none (or does not exist)."""

    def snapshot_summary(self, snapshot_id: int) -> dict[str, str]:
        """The summary of snapshot ``snapshot_id``."""

    def restore(self, snapshot_id: int | None, created: bool) -> None:
        """Go back to ``snapshot_id``; drop the table when this run ``created`` it."""

    def count_partitions(self, partitions: Sequence[Partition]) -> int:
        """Rows stored in ``partitions``."""


def partition_predicate(partitions: Sequence[Partition], alias: str = "") -> str:
    """SQL ``(year = 2001 AND month = 1) OR ...`` for ``partitions`` (``FALSE`` when empty); ``alias``
    qualifies the columns (``t.year``)."""
    if not partitions:
        return "FALSE"
    prefix = f"{alias}." if alias else ""
    return " OR ".join(f"({prefix}{_YEAR} = {y} AND {prefix}{_MONTH} = {m})" for y, m in partitions)


def require_database(spark: SparkSession, database: str, argument: str) -> None:
    """Raise unless the namespace ``database`` exists in the Iceberg catalog (``glue:GetDatabase`` with the
    Glue Data Catalog). The Glue jobs never create databases: the stack creates them, and the job role has
    no ``glue:CreateDatabase``, so creating one would fail with AccessDenied there.

    Raises:
        JobArgumentError: the database is missing; the message names ``argument`` (e.g.
            ``--silver_database``) and the fix.
    """
    namespaces = {row[0] for row in spark.sql(f"SHOW NAMESPACES IN {defaults.ICEBERG_CATALOG}").collect()}
    if database not in namespaces:
        raise JobArgumentError(
            f"{argument}: database '{database}' does not exist in the catalog. The job does not create "
            "databases (its role has no glue:CreateDatabase); deploy the stack, which creates it, or pass "
            "the name of the database the stack created."
        )


def iceberg_table_name(database: str, table: str) -> str:
    """```glue_catalog`.`db`.`table``` (quoted)."""
    return (
        f"{quote_identifier(defaults.ICEBERG_CATALOG)}.{quote_identifier(database)}.{quote_identifier(table)}"
    )


def table_exists(spark: SparkSession, database: str, table: str) -> bool:
    """Whether the Iceberg table ``database.table`` exists."""
    return spark.catalog.tableExists(f"{defaults.ICEBERG_CATALOG}.{database}.{table}")


def current_snapshot_id(spark: SparkSession, qualified: str) -> int | None:
    """The current snapshot of the Iceberg table ``qualified`` (its latest current ancestor), or None."""
    rows = spark.sql(
        f"SELECT snapshot_id FROM {qualified}.history WHERE is_current_ancestor "
        "ORDER BY made_current_at DESC LIMIT 1"
    ).collect()
    return int(rows[0][0]) if rows else None


class IcebergSilverStore:
    """A silver table as an Iceberg table of :data:`~medallion_glue.defaults.ICEBERG_CATALOG`.

    Args:
        spark: The session, with the Iceberg catalog configured.
        database: The silver database (namespace), created by the stack.
        table: The table name (the spec's ``silver.table``).
        location: ``<silver_uri><table>/``: the table's root in the silver bucket.
        compression: Parquet codec of the data files. @default ``zstd`` (the spec's default).
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
        self.qualified = iceberg_table_name(database, table)

    def exists(self) -> bool:
        """Whether the table exists."""
        return table_exists(self.spark, self.database, self.table)

    def recorded_types(self) -> dict[str, str] | None:
        if not self.exists():
            return None
        return {
            n: t for n, t in self.spark.table(self.qualified).dtypes if n not in defaults.PARTITION_COLUMNS
        }

    def read(self) -> DataFrame | None:
        if not self.exists() or self.current_snapshot_id() is None:
            return None
        return self.spark.table(self.qualified)

    def count_partitions(self, partitions: Sequence[Partition]) -> int:
        stored = self.read()
        return (
            0 if stored is None or not partitions else stored.where(partition_predicate(partitions)).count()
        )

    def current_snapshot_id(self) -> int | None:
        return current_snapshot_id(self.spark, self.qualified) if self.exists() else None

    def prepare(self, columns: Sequence[tuple[str, str]], sort_column: str, inferred: Sequence[str]) -> None:
        if not self.exists():
            require_database(self.spark, self.database, "--silver_database")
            ddl = ", ".join(f"{quote_identifier(n)} {t}" for n, t in columns)
            partitions = ", ".join(f"{quote_identifier(c)} int" for c in defaults.PARTITION_COLUMNS)
            properties = {
                **WRITE_PROPERTIES,
                "write.parquet.compression-codec": self.compression,
                "medallion.inferred_columns": ",".join(inferred),
            }
            listed = ", ".join(f"{string_literal(k)}={string_literal(v)}" for k, v in properties.items())
            self.spark.sql(
                f"CREATE TABLE {self.qualified} ({ddl}, {partitions}) USING iceberg "
                f"PARTITIONED BY ({', '.join(defaults.PARTITION_COLUMNS)}) "
                f"LOCATION {string_literal(self.location)} TBLPROPERTIES ({listed})"
            )
            self.spark.sql(
                f"ALTER TABLE {self.qualified} WRITE LOCALLY ORDERED BY {quote_identifier(sort_column)}"
            )
            LOG.info("created Iceberg table %s at %s", self.qualified, self.location)
            return
        stored = dict(self.spark.table(self.qualified).dtypes)
        added = [(n, t) for n, t in columns if n not in stored]
        if added:
            ddl = ", ".join(f"{quote_identifier(n)} {t}" for n, t in added)
            self.spark.sql(f"ALTER TABLE {self.qualified} ADD COLUMNS ({ddl})")
            LOG.info("%s: added columns %s", self.qualified, added)
        for column, wider in columns:
            if column in stored and widened_type(stored[column], wider) is not None:
                self.spark.sql(
                    f"ALTER TABLE {self.qualified} ALTER COLUMN {quote_identifier(column)} TYPE {wider}"
                )
                LOG.info("%s: promoted %s from %s to %s", self.qualified, column, stored[column], wider)

    def write(
        self,
        rows: DataFrame,
        keys: Sequence[str],
        partitions: Sequence[Partition],
        summary: Mapping[str, str],
    ) -> None:
        table_types = [(n, t) for n, t in self.spark.table(self.qualified).dtypes]
        present = set(rows.columns)
        # A MERGE source must be deterministic; the batch carries input_file_name() (the source object),
        # so it is materialized once here (also saving MERGE a second evaluation of the batch).
        source = rows.localCheckpoint(eager=True).select(
            *[
                F.col(quote_identifier(n)) if n in present else F.lit(None).cast(t).alias(n)
                for n, t in table_types
            ]
        )
        view = f"_medallion_batch_{abs(hash(self.qualified))}"
        source.createOrReplaceTempView(view)
        if keys:
            on = " AND ".join(f"t.{quote_identifier(k)} = s.{quote_identifier(k)}" for k in keys)
            # The stored rows a winner can match sit in the touched partitions: the target scan is pruned.
            statement = (
                f"MERGE INTO {self.qualified} t USING {view} s "
                f"ON {on} AND ({partition_predicate(partitions, 't')}) "
                "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *"
            )
        else:
            statement = f"INSERT INTO {self.qualified} SELECT * FROM {view}"
        try:
            commit_with_summary(self.spark, summary, lambda: self.spark.sql(statement))
        finally:
            self.spark.catalog.dropTempView(view)

    def snapshot_summary(self, snapshot_id: int) -> dict[str, str]:
        rows = self.spark.sql(
            f"SELECT summary FROM {self.qualified}.snapshots WHERE snapshot_id = {int(snapshot_id)}"
        ).collect()
        return dict(rows[0][0] or {}) if rows else {}

    def restore(self, snapshot_id: int | None, created: bool) -> None:
        if not self.exists():
            return
        if created:
            self.spark.sql(f"DROP TABLE {self.qualified} PURGE")
            LOG.warning("dropped %s, created by the failed run", self.qualified)
        elif snapshot_id is not None and snapshot_id != self.current_snapshot_id():
            name = f"{self.database}.{self.table}"
            self.spark.sql(
                f"CALL {defaults.ICEBERG_CATALOG}.system.rollback_to_snapshot("
                f"{string_literal(name)}, {snapshot_id})"
            )
            LOG.warning("rolled %s back to snapshot %d", self.qualified, snapshot_id)
        elif snapshot_id is None:
            self.spark.sql(f"DELETE FROM {self.qualified}")
