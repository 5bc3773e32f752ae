"""The Glue jobs' catalog path (Spark's in-memory catalog standing in for the Glue Data Catalog):
no ``CREATE DATABASE`` (the job role has no ``glue:CreateDatabase``), a clear error for a missing
database, and the gold partition layout (one folder per ``partition_by`` value, one file each)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from etl_helpers import make_spec, write_file
from medallion_glue.errors import JobArgumentError
from medallion_glue.gold.tables import run_catalog_silver_to_gold
from medallion_glue.runtime.bronze_to_silver import run_bronze_to_silver
from medallion_glue.silver.store import CatalogSilverStore
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
    for database in ("silver_cat", "gold_cat"):
        etl_spark.sql(f"CREATE DATABASE IF NOT EXISTS {database}")
    recording = RecordingSpark(etl_spark)
    store = CatalogSilverStore(recording, "silver_cat", "cat", str(lake / "silver" / "cat"))
    source = write_file(lake, "bronze/cat/a.csv", ROWS)
    counts = run_bronze_to_silver(recording, SPEC, [source], store, str(lake / "q"), run_id="r1", now=NOW)
    write_file(lake, "sql/cat_by_year.sql", GOLD_SQL)
    rows = run_catalog_silver_to_gold(
        recording, SPEC, "silver_cat", "gold_cat", str(lake / "gold"), str(lake / "sql")
    )
    return lake, recording.statements, counts, rows


def test_the_catalog_path_creates_tables_but_no_database(catalog_lake):
    _, statements, counts, rows = catalog_lake
    assert (counts.rows_written, rows) == (4, {"cat_by_year": 3})
    assert [s.split(" (")[0] for s in statements if s.startswith("CREATE TABLE")] == [
        "CREATE TABLE `silver_cat`.`cat`"
    ]
    assert [s for s in statements if CREATE_DATABASE.search(s)] == []


def test_gold_is_one_folder_per_partition_value_with_one_file_each(etl_spark, catalog_lake):
    lake, _, _, _ = catalog_lake
    table = lake / "gold" / "cat_by_year"
    files = sorted(str(p.relative_to(table)) for p in table.rglob("*.parquet"))
    assert [Path(f).parent.name for f in files] == ["year=2023", "year=2024"]
    assert sorted(p.name for p in table.iterdir() if p.is_dir()) == ["year=2023", "year=2024"]
    assert etl_spark.sql("SHOW PARTITIONS gold_cat.cat_by_year").collect() == [
        ("year=2023",),
        ("year=2024",),
    ]
    stored = etl_spark.table("gold_cat.cat_by_year").orderBy("year", "month").collect()
    assert [(r["year"], r["month"], r["orders"], r["qty"]) for r in stored] == [
        (2023, 12, 1, 2),
        (2024, 1, 1, 1),
        (2024, 2, 2, 9),
    ]


@pytest.mark.parametrize(
    ("silver_database", "gold_database", "argument"),
    [("silver_missing", "gold_cat", "--silver_database"), ("silver_cat", "gold_missing", "--gold_database")],
)
def test_a_missing_database_names_the_argument_and_is_not_created(
    etl_spark, catalog_lake, silver_database, gold_database, argument
):
    lake, _, _, _ = catalog_lake
    missing = silver_database if argument == "--silver_database" else gold_database
    with pytest.raises(JobArgumentError, match=f"^{argument}: database '{missing}' does not exist"):
        run_catalog_silver_to_gold(
            etl_spark, SPEC, silver_database, gold_database, str(lake / "gold2"), str(lake / "sql")
        )
    assert not etl_spark.catalog.databaseExists(missing)


def test_the_silver_store_does_not_create_a_missing_database(etl_spark, tmp_path):
    store = CatalogSilverStore(etl_spark, "silver_absent", "cat", str(tmp_path / "cat"))
    source = write_file(tmp_path, "b/a.csv", ROWS)
    with pytest.raises(JobArgumentError, match="^--silver_database: database 'silver_absent' does not"):
        run_bronze_to_silver(etl_spark, SPEC, [source], store, str(tmp_path / "q"), now=NOW)
    assert not etl_spark.catalog.databaseExists("silver_absent")
