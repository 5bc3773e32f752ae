"""The exact entry scripts EtlJob uploads (``glue/jobs/bronze_to_silver.py``, ``silver_to_gold.py``) run end
to end on real data: the flights source laid out as bronze drops, ``s3://`` URIs on local disk through the
``awsglue`` stand-in, the session catalog as the Data Catalog and CloudWatch in moto (loopback).

Expected values come from the layout manifest and the independent DuckDB oracle
(``tests/e2e/gold_oracle.py``), never from the pipeline's own code.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from glue_folder import ARTIFACTS, LAKE, build_glue_folder
from medallion_glue.defaults import METRICS_NAMESPACE
from medallion_glue.spec.schema import REPO_ROOT
from medallion_local.glue_scripts import run_glue_script
from medallion_local.iceberg_catalog import create_namespaces
from pyspark.sql import SparkSession

DAYS, ROWS_PER_DAY = 2, 300
SILVER_DB, GOLD_DB = "scripts_silver", "scripts_gold"


def load_oracle():
    spec = importlib.util.spec_from_file_location(
        "gold_oracle", REPO_ROOT / "tests" / "e2e" / "gold_oracle.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def glue_root(tmp_path_factory, etl_spark: SparkSession) -> Iterator[Path]:
    """The stand-in's folder: bucket ``lake`` (bronze drops of real flights), bucket ``artifacts`` (the
    spec, the gold SQL and the dimensions, as the stack uploads them) and the stack's two databases."""
    root = build_glue_folder(tmp_path_factory.mktemp("glue"), DAYS, ROWS_PER_DAY)
    create_namespaces(etl_spark, [SILVER_DB, GOLD_DB])
    yield root


def bronze_to_silver_arguments() -> dict[str, str]:
    return {
        "JOB_NAME": "flights-bronze-to-silver",
        "JOB_RUN_ID": "jr_0001",
        "job-bookmark-option": "job-bookmark-enable",
        "enable-glue-datacatalog": "true",
        "dataset_spec_uri": f"s3://{ARTIFACTS}/specs/flights.yaml",
        "bronze_uri": f"s3://{LAKE}/bronze/",
        "silver_uri": f"s3://{LAKE}/silver/",
        "quarantine_uri": f"s3://{LAKE}/quarantine/",
        "silver_database": SILVER_DB,
    }


def current_files(spark: SparkSession, table: str, root: Path) -> list[str]:
    """The table's current data files as local paths (``s3://<bucket>/`` is ``<root>/s3/<bucket>/``)."""
    rows = spark.sql(f"SELECT file_path FROM {table}.files").collect()
    return [str(root / "s3" / r[0].removeprefix("s3://")) for r in rows]


def metric(cloudwatch, name: str, statistic: str) -> float:
    stats = cloudwatch.get_metric_statistics(
        Namespace=METRICS_NAMESPACE,
        MetricName=name,
        Dimensions=[{"Name": "Dataset", "Value": "flights"}],
        StartTime="2000-01-01T00:00:00Z",
        EndTime="2100-01-01T00:00:00Z",
        Period=86400 * 365 * 100,
        Statistics=[statistic],
    )["Datapoints"]
    return sum(point[statistic] for point in stats)


@pytest.fixture(scope="module")
def first_run(glue_root: Path, cloudwatch) -> Path:
    run_glue_script("bronze_to_silver", bronze_to_silver_arguments(), glue_root)
    return glue_root


def test_bronze_to_silver_script_stores_what_the_oracle_expects(first_run, cloudwatch, etl_spark):
    lake = first_run / "s3" / LAKE
    manifest = json.loads((lake / "layout-manifest.json").read_text())["flights"]
    expected = load_oracle().expected(duckdb.connect(), DAYS, ROWS_PER_DAY)
    silver_rows = etl_spark.table(f"glue_catalog.{SILVER_DB}.flights").count()
    assert silver_rows == expected["silver_rows"] > 0
    assert metric(cloudwatch, "RowsRead", "Sum") == manifest["rows"]
    assert metric(cloudwatch, "RowsWritten", "Sum") == silver_rows
    assert metric(cloudwatch, "Reconciled", "Minimum") == 1
    quarantined = sum(1 for item in manifest["injected"] if item["fate"] != "duplicate")
    assert metric(cloudwatch, "RowsQuarantined", "Sum") == 2 * quarantined  # per reason + the total
    assert sorted(p.name for p in (lake / "silver" / "flights" / "data").glob("year=*")) == ["year=2001"]


def test_bronze_to_silver_records_every_drop_in_its_object_ledger(first_run):
    """The bookmarked run lists the dataset's folder and records what it took in one ledger file named by
    its run id, under <silver_uri>/_ledger/flights/ (no Glue bookmark state for the S3 source any more)."""
    ledger = first_run / "s3" / LAKE / "silver" / "_ledger" / "flights"
    (run_file,) = sorted(ledger.glob("*.json"))
    lines = [json.loads(line) for line in run_file.read_text().splitlines()]
    drops = sorted((first_run / "s3" / LAKE / "bronze" / "flights").rglob("*.csv*"))
    assert [line["object"] for line in lines] == [
        f"s3://{LAKE}/{p.relative_to(first_run / 's3' / LAKE).as_posix()}" for p in drops
    ]
    assert {line["run_id"] for line in lines} == {run_file.name.removesuffix(".json")}
    assert [line["size_bytes"] for line in lines] == [p.stat().st_size for p in drops]
    assert [line["modified_ms"] for line in lines] == [p.stat().st_mtime_ns // 1_000_000 for p in drops]
    assert not (first_run / "bookmarks" / "flights-bronze-to-silver.json").exists()


def test_a_second_run_reads_no_object_again(first_run, cloudwatch, etl_spark):
    before = etl_spark.table(f"glue_catalog.{SILVER_DB}.flights").count()
    objects_before = metric(cloudwatch, "ObjectsRead", "Sum")
    run_glue_script("bronze_to_silver", {**bronze_to_silver_arguments(), "JOB_RUN_ID": "jr_0002"}, first_run)
    assert metric(cloudwatch, "ObjectsRead", "SampleCount") == 2
    assert metric(cloudwatch, "ObjectsRead", "Sum") == objects_before  # the second run read 0 objects
    assert etl_spark.table(f"glue_catalog.{SILVER_DB}.flights").count() == before


def test_silver_to_gold_script_builds_the_oracle_gold_table(first_run, etl_spark):
    run_glue_script(
        "silver_to_gold",
        {
            "JOB_NAME": "flights-silver-to-gold",
            "JOB_RUN_ID": "jr_0003",
            "dataset_spec_uri": f"s3://{ARTIFACTS}/specs/flights.yaml",
            "gold_sql_uri": f"s3://{ARTIFACTS}/gold-sql/",
            "silver_database": SILVER_DB,
            "gold_database": GOLD_DB,
            "gold_uri": f"s3://{LAKE}/gold/",
            "dimensions_uri": f"s3://{ARTIFACTS}/dimensions/",
        },
        first_run,
    )
    oracle = load_oracle()
    con = duckdb.connect()
    expected = oracle.expected(con, DAYS, ROWS_PER_DAY)["gold"]
    actual = oracle.actual(
        con,
        current_files(etl_spark, f"glue_catalog.{GOLD_DB}.{oracle.GOLD_TABLE}", first_run),
        current_files(etl_spark, f"glue_catalog.{SILVER_DB}.flights", first_run),
    )["gold"]
    # the gold SQL rounds the average to 2 decimals and the share to 4; the oracle returns them unrounded
    tolerance = {"avg_delay_minutes": 0.005, "delayed_15_share": 0.00005}
    assert [{k: v for k, v in row.items() if k not in tolerance} for row in actual] == [
        {k: v for k, v in row.items() if k not in tolerance} for row in expected
    ]
    for got, want in zip(actual, expected, strict=True):
        for column, within in tolerance.items():
            assert float(got[column]) == pytest.approx(want[column], abs=within + 1e-9), (got, column)
    assert len(actual) > 10
    tables = sorted(r["tableName"] for r in etl_spark.sql(f"SHOW TABLES IN glue_catalog.{GOLD_DB}").collect())
    assert tables == ["flight_delays_by_origin_month", "route_summary"]
