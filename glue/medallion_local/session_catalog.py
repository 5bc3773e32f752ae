"""The local catalog (``<lake>/_catalog/catalog.json``) mirrored into the Spark session catalog and back.

The entry scripts create and update their tables through the session catalog (the Glue Data Catalog in
AWS), which lives only as long as the runner's process. So before the scripts run,
:func:`register_catalog` recreates every non-Iceberg table of the JSON catalog in the session, with its
columns, partition keys, ``s3://`` location, properties and exactly the partitions the JSON lists (as the
Glue Data Catalog keeps them between runs); the Iceberg tables (silver, gold) need no such step, their
catalog (:mod:`medallion_local.iceberg_catalog`) is a file of the lake. After a script ran,
:func:`export_catalog` writes the session's tables back, with local paths, so the demo reads them with
DuckDB as Athena reads the real ones; given the tables the script wrote, only those.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any
from urllib.parse import unquote

from medallion_glue import defaults
from medallion_glue.sql_text import quote_identifier, string_literal
from pyspark.sql import SparkSession

from medallion_local.catalog import LocalCatalog
from medallion_local.glue_lake import GlueLake

#: Prefix of the writer options (``saveAsTable(...).option(...)``) Spark lists among a table's properties.
SPARK_WRITE_OPTION_PREFIX = "option."
#: ``table_type`` parameter of the Iceberg tables in the JSON catalog (as Glue marks them).
ICEBERG_TABLE_TYPE = "ICEBERG"


def _qualified(database: str, table: str) -> str:
    return f"{quote_identifier(database)}.{quote_identifier(table)}"


def _session_tables(spark: SparkSession, database: str) -> list[str]:
    return sorted(t.name for t in spark.catalog.listTables(database) if not t.isTemporary)


def register_catalog(
    spark: SparkSession, catalog: LocalCatalog, lake: GlueLake, databases: Iterable[str]
) -> None:
    """Make the session catalog hold exactly the non-Iceberg tables of ``catalog`` in ``databases`` and in
    every database the JSON names: each database is created when missing (located under
    ``<lake>/_glue/warehouse/``, as the stack creates them), its tables are dropped (external tables:
    their data stays) and recreated from the JSON. Iceberg tables (``table_type`` ``ICEBERG``) are left to
    the Iceberg catalog, which holds them already. The buckets must be mounted on ``spark`` first
    (:func:`medallion_local.glue_scripts.mount_s3_buckets`).

    Raises:
        ValueError: a location in the JSON is not inside a zone folder of the lake.
    """
    content = catalog.load()["databases"]
    for database in sorted({*databases, *content}):
        location = (lake.root / "warehouse" / f"{database}.db").as_uri()
        spark.sql(
            f"CREATE DATABASE IF NOT EXISTS {quote_identifier(database)} LOCATION {string_literal(location)}"
        )
        for table in _session_tables(spark, database):
            spark.sql(f"DROP TABLE {_qualified(database, table)}")
        for table, entry in sorted(content.get(database, {}).get("tables", {}).items()):
            if entry["parameters"].get("table_type") != ICEBERG_TABLE_TYPE:
                _create_table(spark, lake, database, table, entry)


def _create_table(spark: SparkSession, lake: GlueLake, database: str, table: str, entry: Mapping[str, Any]):
    qualified = _qualified(database, table)
    keys = [key["name"] for key in entry["partition_keys"]]
    columns = ", ".join(
        f"{quote_identifier(c['name'])} {c['type']}" for c in [*entry["columns"], *entry["partition_keys"]]
    )
    partitioned = f"PARTITIONED BY ({', '.join(quote_identifier(k) for k in keys)}) " if keys else ""
    properties = ", ".join(
        f"{string_literal(k)}={string_literal(v)}" for k, v in sorted(entry["parameters"].items())
    )
    spark.sql(
        f"CREATE TABLE {qualified} ({columns}) USING PARQUET {partitioned}"
        f"LOCATION {string_literal(_directory_uri(lake, entry['location']))}"
        + (f" TBLPROPERTIES ({properties})" if properties else "")
    )
    specs = [
        "PARTITION ("
        + ", ".join(
            f"{quote_identifier(k)}={string_literal(v)}" for k, v in zip(keys, p["values"], strict=True)
        )
        + f") LOCATION {string_literal(_directory_uri(lake, p['location']))}"
        for p in entry["partitions"]
    ]
    if specs:
        spark.sql(f"ALTER TABLE {qualified} ADD IF NOT EXISTS {' '.join(specs)}")


def _directory_uri(lake: GlueLake, path: str) -> str:
    return lake.to_uri(path).rstrip("/") + "/"


def export_catalog(
    spark: SparkSession,
    catalog: LocalCatalog,
    lake: GlueLake,
    databases: Iterable[str],
    tables: Collection[tuple[str, str]] | None = None,
) -> None:
    """Write every table of ``databases`` in the session catalog to ``catalog`` (with ``tables``, only
    those ``(database, table)``: the tables a script wrote; the others are as the JSON has them), then the
    Iceberg tables (:func:`export_iceberg_tables`): columns and their types, partition keys, the registered
    partitions, the table properties (Glue's table ``Parameters``; not the writer options Spark lists among
    them as ``option.*``) and the location as a local path (``s3://local-silver/flights/`` ->
    ``<lake>/silver/flights``).

    Raises:
        ValueError: a table's location is not in a bucket of the lake.
    """
    databases = list(databases)
    for database in databases:
        if not spark.catalog.databaseExists(database):
            continue
        for table in _session_tables(spark, database):
            if tables is not None and (database, table) not in tables:
                continue
            qualified = _qualified(database, table)
            columns = spark.catalog.listColumns(qualified)
            details = {row[0]: row[1] for row in spark.sql(f"DESCRIBE TABLE EXTENDED {qualified}").collect()}
            keys = [c.name for c in columns if c.isPartition]
            partitions = (
                [
                    _partition_values(row[0], keys)
                    for row in spark.sql(f"SHOW PARTITIONS {qualified}").collect()
                ]
                if keys
                else []
            )
            properties = {
                key: value
                for key, value in spark.sql(f"SHOW TBLPROPERTIES {qualified}").collect()
                if not key.startswith(SPARK_WRITE_OPTION_PREFIX)
            }
            catalog.put_table(
                database,
                table,
                str(lake.to_path(details["Location"])),
                [(c.name, c.dataType) for c in columns if not c.isPartition],
                partition_keys=[(c.name, c.dataType) for c in columns if c.isPartition],
                partitions=partitions,
                parameters=properties,
            )
    export_iceberg_tables(spark, catalog, lake, databases, tables)


def export_iceberg_tables(
    spark: SparkSession,
    catalog: LocalCatalog,
    lake: GlueLake,
    databases: Iterable[str],
    tables: Collection[tuple[str, str]] | None = None,
) -> None:
    """Write every Iceberg table of ``databases`` (namespaces of the Iceberg catalog) with a snapshot (with
    ``tables``, only those ``(database, table)``) to ``catalog`` with its columns, identity partition keys,
    properties, location, snapshot history and current data files per partition (local paths), so the demo
    reads exactly the current snapshot with DuckDB, as Athena reads the real tables."""
    existing = {
        r[0] for r in spark.sql(f"SHOW NAMESPACES IN {quote_identifier(defaults.ICEBERG_CATALOG)}").collect()
    }
    for database in (d for d in databases if d in existing):
        namespace = f"{quote_identifier(defaults.ICEBERG_CATALOG)}.{quote_identifier(database)}"
        for row in spark.sql(f"SHOW TABLES IN {namespace}").collect():
            table = row["tableName"]
            if tables is not None and (database, table) not in tables:
                continue
            qualified = f"{namespace}.{quote_identifier(table)}"
            snapshot_rows = spark.sql(
                f"SELECT snapshot_id, committed_at, operation, summary FROM {qualified}.snapshots "
                "ORDER BY committed_at"
            ).collect()
            if not snapshot_rows:
                continue
            details = {r[0]: r[1] for r in spark.sql(f"DESCRIBE TABLE EXTENDED {qualified}").collect()}
            properties = dict(spark.sql(f"SHOW TBLPROPERTIES {qualified}").collect())
            dtypes = spark.table(qualified).dtypes
            files_frame = spark.sql(f"SELECT * FROM {qualified}.files")
            keys = (
                files_frame.schema["partition"].dataType.names if "partition" in files_frame.columns else []
            )
            selected = ["file_path", *[f"partition.`{k}`" for k in keys]]
            files: dict[tuple[str, ...], list[str]] = {}
            for file_row in files_frame.select(*selected).collect():
                values = tuple(str(v) for v in file_row[1:])
                files.setdefault(values, []).append(str(lake.to_path(file_row[0])))
            types = dict(dtypes)
            snapshots = [
                {
                    "snapshot_id": str(r["snapshot_id"]),
                    "committed_at": r["committed_at"].isoformat(),
                    "operation": r["operation"],
                    "summary": {
                        k: v for k, v in sorted((r["summary"] or {}).items()) if k.startswith("medallion.")
                    },
                }
                for r in snapshot_rows
            ]
            catalog.put_table(
                database,
                table,
                str(lake.to_path(details["Location"])),
                [(n, t) for n, t in dtypes if n not in keys],
                partition_keys=[(k, types[k]) for k in keys],
                partitions=[v for v in files if v],
                parameters={**properties, "table_type": "ICEBERG"},
                files=files,
                snapshots=snapshots,
            )


def _partition_values(spec: str, keys: list[str]) -> tuple[str, ...]:
    """``year=2001/month=1`` -> ``("2001", "1")`` (Hive-escaped values unescaped)."""
    values = dict(part.split("=", 1) for part in spec.split("/"))
    return tuple(unquote(values[key]) for key in keys)
