"""The Glue jobs' catalog path (Iceberg's JDBC catalog standing in for the Glue Data Catalog): no
``CREATE DATABASE`` (the job role has no ``glue:CreateDatabase``), a clear error for a missing database,
the gold partition layout (one folder per ``partition_by`` value, one file each), and incremental gold:
only the partitions newer silver snapshots touched are recomputed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from etl_helpers import make_spec, write_file
from medallion_glue.errors import JobArgumentError
from medallion_glue.gold.tables import SILVER_SNAPSHOT_KEY, run_catalog_silver_to_gold
from medallion_glue.runtime.bronze_to_silver import run_bronze_to_silver
from medallion_glue.silver.store import IcebergSilverStore
from medallion_local.iceberg_catalog import create_namespaces
from pyspark.sql import SparkSession

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
SPEC = make_spec(
    "deduplication: {primary_key: [id]}\ngold: {tables: [{name: cat_by_year, partition_by: [year]}]}\n",
    name="cat",
)
ROWS = """\
id,ts,qty
1,2023-12-31 23:00:00,2
2,2024-01-06 10:00:00,1
3,2024-02-07 10:00:00,4
4,2024-02-08 10:00:00,5
"""
GOLD_SQL = "SELECT year, month, count(*) AS orders, sum(qty) AS qty FROM cat GROUP BY year, month\n"
CREATE_DATABASE = re.compile(r"\bCREATE\s+(DATABASE|SCHEMA|NAMESPACE)\b", re.IGNORECASE)


class RecordingSpark:
    """A SparkSession stand-in that records every ``spark.sql`` statement (and delegates the rest)."""

    def __init__(self, spark: SparkSession) -> None:
        self._spark = spark
        self.statements: list[str] = []

    def sql(self, statement: str, *args: Any, **kwargs: Any) -> Any:
        self.statements.append(statement)
        return self._spark.sql(statement, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._spark, name)


@pytest.fixture(scope="module")
def catalog_lake(etl_spark, tmp_path_factory):
    """Silver then gold through the catalog classes, databases created beforehand as the stack does."""
    lake = tmp_path_factory.mktemp("catalog_lake")
    create_namespaces(etl_spark, ["silver_cat", "gold_cat"])
    recording = RecordingSpark(etl_spark)
    store = IcebergSilverStore(recording, "silver_cat", "cat", str(lake / "silver" / "cat"))
    source = write_file(lake, "bronze/cat/a.csv", ROWS)
    counts = run_bronze_to_silver(recording, SPEC, [source], store, str(lake / "q"), run_id="r1", now=NOW)
    write_file(lake, "sql/cat_by_year.sql", GOLD_SQL)
    rows = run_catalog_silver_to_gold(
        recording, SPEC, "silver_cat", "gold_cat", str(lake / "gold"), str(lake / "sql")
    )
    return lake, recording.statements, counts, rows, store


def test_the_catalog_path_creates_tables_but_no_database(catalog_lake):
    _, statements, counts, rows, _ = catalog_lake
    assert (counts.rows_written, rows) == (4, {"cat_by_year": 3})
    assert [s.split(" (")[0] for s in statements if s.startswith("CREATE TABLE")] == [
        "CREATE TABLE `glue_catalog`.`silver_cat`.`cat`"
    ]
    assert [s for s in statements if CREATE_DATABASE.search(s)] == []


def gold_files(spark, table: str = "cat_by_year") -> dict[int, list[str]]:
    rows = spark.sql(f"SELECT partition.year, file_path FROM glue_catalog.gold_cat.{table}.files").collect()
    files: dict[int, list[str]] = {}
    for year, path in rows:
        files.setdefault(year, []).append(path)
    return files


def gold_rows(spark) -> list[tuple]:
    stored = spark.table("glue_catalog.gold_cat.cat_by_year").orderBy("year", "month").collect()
    return [(r["year"], r["month"], r["orders"], r["qty"]) for r in stored]


def test_gold_is_one_folder_per_partition_value_with_one_file_each(etl_spark, catalog_lake):
    lake, _, _, _, _ = catalog_lake
    files = gold_files(etl_spark)
    assert sorted(files) == [2023, 2024] and all(len(f) == 1 for f in files.values())
    assert [Path(f[0]).parent.name for _, f in sorted(files.items())] == ["year=2023", "year=2024"]
    assert all(
        f[0].removeprefix("file:").startswith(f"{lake}/gold/cat_by_year/data/") for f in files.values()
    )
    assert gold_rows(etl_spark) == [(2023, 12, 1, 2), (2024, 1, 1, 1), (2024, 2, 2, 9)]


def test_gold_recomputes_only_the_partitions_new_silver_snapshots_touched(etl_spark, catalog_lake):
    lake, _, _, _, store = catalog_lake
    before = gold_files(etl_spark)
    later = write_file(lake, "bronze/cat/b.csv", "id,ts,qty\n5,2024-03-01 10:00:00,6\n")
    run_bronze_to_silver(
        etl_spark, SPEC, [later], store, str(lake / "q"), run_id="r2", now=NOW + dt.timedelta(days=1)
    )
    rows = run_catalog_silver_to_gold(
        etl_spark, SPEC, "silver_cat", "gold_cat", str(lake / "gold"), str(lake / "sql")
    )
    after = gold_files(etl_spark)
    assert rows == {"cat_by_year": 3}  # the three months of 2024, recomputed; 2023 left as it was
    assert after[2023] == before[2023] and after[2024] != before[2024]
    assert gold_rows(etl_spark) == [(2023, 12, 1, 2), (2024, 1, 1, 1), (2024, 2, 2, 9), (2024, 3, 1, 6)]
    ((summary,),) = etl_spark.sql(
        "SELECT summary FROM glue_catalog.gold_cat.cat_by_year.snapshots ORDER BY committed_at DESC LIMIT 1"
    ).collect()
    assert summary[SILVER_SNAPSHOT_KEY] == str(store.current_snapshot_id())
    unchanged = run_catalog_silver_to_gold(
        etl_spark, SPEC, "silver_cat", "gold_cat", str(lake / "gold"), str(lake / "sql")
    )
    assert unchanged == {"cat_by_year": 0} and gold_files(etl_spark) == after
    rebuilt = run_catalog_silver_to_gold(
        etl_spark, SPEC, "silver_cat", "gold_cat", str(lake / "gold"), str(lake / "sql"), full_rebuild=True
    )
    assert rebuilt == {"cat_by_year": 4}
    assert gold_rows(etl_spark) == [(2023, 12, 1, 2), (2024, 1, 1, 1), (2024, 2, 2, 9), (2024, 3, 1, 6)]


@pytest.mark.parametrize(
    ("silver_database", "gold_database", "argument"),
    [("silver_missing", "gold_cat", "--silver_database"), ("silver_cat", "gold_missing", "--gold_database")],
)
def test_a_missing_database_names_the_argument_and_is_not_created(
    etl_spark, catalog_lake, silver_database, gold_database, argument
):
    lake, _, _, _, _ = catalog_lake
    missing = silver_database if argument == "--silver_database" else gold_database
    with pytest.raises(JobArgumentError, match=f"^{argument}: database '{missing}' does not exist"):
        run_catalog_silver_to_gold(
            etl_spark, SPEC, silver_database, gold_database, str(lake / "gold2"), str(lake / "sql")
        )
    assert missing not in {r[0] for r in etl_spark.sql("SHOW NAMESPACES IN glue_catalog").collect()}


def test_the_silver_store_does_not_create_a_missing_database(etl_spark, tmp_path):
    store = IcebergSilverStore(etl_spark, "silver_absent", "cat", str(tmp_path / "cat"))
    source = write_file(tmp_path, "b/a.csv", ROWS)
    with pytest.raises(JobArgumentError, match="^--silver_database: database 'silver_absent' does not"):
        run_bronze_to_silver(etl_spark, SPEC, [source], store, str(tmp_path / "q"), now=NOW)
    assert "silver_absent" not in {r[0] for r in etl_spark.sql("SHOW NAMESPACES IN glue_catalog").collect()}
