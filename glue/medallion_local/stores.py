"""A silver store and a gold writer on plain Parquet folders registered in a :class:`LocalCatalog`.

They implement the protocols the Glue jobs use (:class:`~medallion_glue.silver.store.SilverStore`,
:class:`~medallion_glue.gold.tables.GoldWriter`) with the same file layout as the Glue stores, for tests of
the library functions without a session catalog (``glue/tests/runtime/``). The local runner does not use
them: it runs the entry scripts, which use the catalog stores (:mod:`medallion_local.runner`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from medallion_glue import defaults
from medallion_glue.gold.tables import one_file_per_partition as one_file_per_gold_partition
from medallion_glue.silver.merge import Partition
from medallion_glue.silver.store import one_file_per_partition, partition_predicate
from medallion_glue.spec.model import DEFAULT_COMPRESSION, GoldTableSpec
from pyspark.sql import DataFrame, SparkSession

from medallion_local.catalog import LocalCatalog, partition_values


class LocalSilverStore:
    """A silver table as Parquet under ``location`` registered in a :class:`LocalCatalog`."""

    def __init__(
        self,
        spark: SparkSession,
        location: str | Path,
        catalog: LocalCatalog,
        database: str,
        table: str,
        compression: str = DEFAULT_COMPRESSION,
    ) -> None:
        self.spark = spark
        self.location = Path(location)
        self.catalog = catalog
        self.database = database
        self.table = table
        self.compression = compression

    def recorded_types(self) -> dict[str, str] | None:
        return self.catalog.column_types(self.database, self.table)

    def read(self) -> DataFrame | None:
        if not partition_values(self.location, defaults.PARTITION_COLUMNS):
            return None
        return self.spark.read.option("mergeSchema", "true").parquet(str(self.location))

    def count_partitions(self, partitions: Sequence[Partition]) -> int:
        stored = self.read()
        return (
            0 if stored is None or not partitions else stored.where(partition_predicate(partitions)).count()
        )

    def overwrite_partitions(self, content: DataFrame, sort_column: str, inferred: Sequence[str]) -> None:
        (
            one_file_per_partition(content, sort_column)
            .write.mode("overwrite")
            .option("partitionOverwriteMode", "dynamic")
            .option("compression", self.compression)
            .partitionBy(*defaults.PARTITION_COLUMNS)
            .parquet(str(self.location))
        )
        columns = [(name, kind) for name, kind in content.dtypes if name not in defaults.PARTITION_COLUMNS]
        self.catalog.put_table(
            self.database,
            self.table,
            str(self.location),
            columns,
            partition_keys=[(name, "int") for name in defaults.PARTITION_COLUMNS],
            partitions=partition_values(self.location, defaults.PARTITION_COLUMNS),
            parameters={"compression": self.compression, "inferred_columns": ",".join(inferred)},
        )


class LocalGoldWriter:
    """Writes ``<gold_dir>/<table>/`` and registers it in a :class:`LocalCatalog`."""

    def __init__(
        self,
        gold_dir: str | Path,
        catalog: LocalCatalog,
        database: str = defaults.LOCAL_GOLD_DATABASE,
        compression: str = DEFAULT_COMPRESSION,
    ) -> None:
        self.gold_dir = Path(gold_dir)
        self.catalog = catalog
        self.database = database
        self.compression = compression

    def write(self, table: GoldTableSpec, result: DataFrame) -> None:
        location = self.gold_dir / table.name
        writer = (
            one_file_per_gold_partition(result, table.partition_by)
            .write.mode("overwrite")
            .option("partitionOverwriteMode", "static")
            .option("compression", self.compression)
        )
        if table.partition_by:
            writer = writer.partitionBy(*table.partition_by)
        writer.parquet(str(location))
        keys = set(table.partition_by)
        types = dict(result.dtypes)
        self.catalog.put_table(
            self.database,
            table.name,
            str(location),
            [(n, t) for n, t in result.dtypes if n not in keys],
            partition_keys=[(c, types[c]) for c in table.partition_by],
            partitions=partition_values(location, table.partition_by) if table.partition_by else (),
            parameters={"compression": self.compression, "description": table.description},
        )
