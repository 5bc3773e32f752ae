"""catalog.json -> Spark session catalog -> catalog.json: the tables the entry scripts see across runs."""

from __future__ import annotations

from medallion_local.catalog import LocalCatalog
from medallion_local.glue_lake import GlueLake
from medallion_local.glue_scripts import mount_s3_buckets
from medallion_local.iceberg_catalog import create_namespaces, lake_catalog
from medallion_local.session_catalog import ICEBERG_TABLE_TYPE, export_catalog, register_catalog

DATABASES = ("catalog_test_silver", "catalog_test_gold")


def test_the_session_holds_exactly_the_json_catalog_and_exports_it_back(etl_spark, tmp_path):
    lake = GlueLake(tmp_path)
    lake.prepare()
    table_dir = tmp_path / "silver" / "orders"
    rows = [(1, "a", 2024, 1), (2, "b", 2024, 1), (3, "c", 2024, 2)]
    frame = etl_spark.createDataFrame(rows, "order_id bigint, note string, year int, month int")
    frame.write.partitionBy("year", "month").parquet(str(table_dir))
    catalog = LocalCatalog(tmp_path / "_catalog" / "catalog.json")
    # month=2 is on disk but not registered: like Athena, the jobs must not see it
    entry = catalog.put_table(
        DATABASES[0],
        "orders",
        str(table_dir),
        [("order_id", "bigint"), ("note", "string")],
        partition_keys=[("year", "int"), ("month", "int")],
        partitions=[("2024", "1")],
        parameters={"medallion.inferred_columns": "note"},
    )
    etl_spark.sql(f"CREATE DATABASE IF NOT EXISTS {DATABASES[1]}")
    etl_spark.sql(f"CREATE TABLE {DATABASES[1]}.stale (x int) USING PARQUET")  # not in the JSON
    try:
        mount_s3_buckets(etl_spark, lake.root)
        register_catalog(etl_spark, catalog, lake, DATABASES)

        table = etl_spark.table(f"{DATABASES[0]}.orders")
        assert sorted(tuple(r) for r in table.collect()) == [(1, "a", 2024, 1), (2, "b", 2024, 1)]
        assert [r[0] for r in etl_spark.sql(f"SHOW PARTITIONS {DATABASES[0]}.orders").collect()] == [
            "year=2024/month=1"
        ]
        location = etl_spark.sql(f"DESCRIBE TABLE EXTENDED {DATABASES[0]}.orders").where(
            "col_name = 'Location'"
        )
        assert location.first()[1] == "s3://local-silver/orders"
        assert [t.name for t in etl_spark.catalog.listTables(DATABASES[1]) if not t.isTemporary] == []

        exported = LocalCatalog(tmp_path / "exported.json")
        export_catalog(etl_spark, exported, lake, DATABASES)
        assert {k: v for k, v in exported.table(DATABASES[0], "orders").items() if k != "updated_at"} == {
            k: v for k, v in entry.items() if k != "updated_at"
        }
        assert exported.load()["databases"].keys() == {DATABASES[0]}
    finally:
        for database in DATABASES:
            etl_spark.sql(f"DROP DATABASE IF EXISTS {database} CASCADE")


def test_iceberg_tables_stay_in_their_catalog_and_only_the_tables_given_are_exported(etl_spark, tmp_path):
    """The JSON's Iceberg entries are not recreated as session tables (the Iceberg catalog, a file of the
    lake, holds them), and ``tables`` limits the export to the tables a script wrote."""
    lake = GlueLake(tmp_path)
    lake.prepare()
    namespace = "catalog_test_iceberg"
    catalog = LocalCatalog(tmp_path / "_catalog" / "catalog.json")
    mount_s3_buckets(etl_spark, lake.root)
    try:
        with lake_catalog(etl_spark, lake.root / "iceberg" / "catalog.db", lake.zone_uri("silver")):
            create_namespaces(etl_spark, [namespace])
            for table, rows in (("written", "(1), (2)"), ("untouched", "(3)")):
                qualified = f"glue_catalog.{namespace}.{table}"
                etl_spark.sql(
                    f"CREATE TABLE {qualified} (x int) USING iceberg LOCATION 's3://local-silver/{table}/'"
                )
                etl_spark.sql(f"INSERT INTO {qualified} VALUES {rows}")

            export_catalog(etl_spark, catalog, lake, [namespace], tables=[(namespace, "written")])
            entry = catalog.table(namespace, "written")
            assert list(catalog.load()["databases"][namespace]["tables"]) == ["written"]
            assert entry["parameters"]["table_type"] == ICEBERG_TABLE_TYPE
            assert entry["location"] == str(tmp_path.resolve() / "silver" / "written")
            assert [s["operation"] for s in entry["snapshots"]] == ["append"]
            assert len(catalog.current_files(namespace, "written")) >= 1

            register_catalog(etl_spark, catalog, lake, [namespace])
            assert [t.name for t in etl_spark.catalog.listTables(namespace) if not t.isTemporary] == []
            assert etl_spark.table(f"glue_catalog.{namespace}.written").count() == 2

            export_catalog(etl_spark, catalog, lake, [namespace])
            assert sorted(catalog.load()["databases"][namespace]["tables"]) == ["untouched", "written"]
    finally:
        etl_spark.sql(f"DROP DATABASE IF EXISTS {namespace} CASCADE")
