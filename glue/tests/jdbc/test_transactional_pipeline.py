"""The transactional source from end to end against a real PostgreSQL 15 server: the simulator
(``lambdas/simulator/local-run.ts``) writes for simulated minutes, the Glue entry scripts run on the awsglue
stand-in: ``jdbc_to_bronze`` twice (the second run copies only the rows inserted or changed since the first),
``bronze_to_silver`` after each (the ``transactions`` spec: merge on ``id``, latest ``updated_at`` wins, soft
deletes kept as ``deleted = true``), then ``silver_to_gold`` (``importe_por_categoria_hora``).

Expected values are computed in PostgreSQL from the source table, never from the pipeline's code.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from medallion_glue.spec.schema import REPO_ROOT
from medallion_local.glue_scripts import run_glue_script
from medallion_local.iceberg_catalog import create_namespaces
from postgres_server import PostgresServer, running_postgres
from pyspark.sql import SparkSession
from simulator import run_simulator

LAKE, ARTIFACTS = "lake", "artifacts"
SILVER_DB, GOLD_DB = "transactional_silver", "transactional_gold"
SPEC = "transactions"
GOLD_TABLE = "importe_por_categoria_hora"
#: Columns of a silver row compared with the source (the lineage and partition columns are the ETL's own).
ROW_COLUMNS = "id, valor, categoria, importe, deleted, change_seq"


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    with running_postgres() as server:
        yield server


@pytest.fixture(scope="module")
def glue_root(
    tmp_path_factory: pytest.TempPathFactory, postgres: PostgresServer, etl_spark: SparkSession
) -> Path:
    """The stand-in's folder: bucket ``lake`` (bronze, silver, quarantine), bucket ``artifacts`` (the spec and
    the gold SQL, as the stack uploads them), the Glue connection to the test server, the two databases."""
    root = tmp_path_factory.mktemp("glue")
    (root / "s3" / LAKE).mkdir(parents=True)
    artifacts = root / "s3" / ARTIFACTS
    (artifacts / "specs").mkdir(parents=True)
    shutil.copyfile(REPO_ROOT / "datasets" / f"{SPEC}.yaml", artifacts / "specs" / f"{SPEC}.yaml")
    shutil.copytree(REPO_ROOT / "glue" / "sql" / "gold", artifacts / "gold-sql")
    connection = {"JDBC_CONNECTION_URL": postgres.jdbc_url, "USERNAME": postgres.user, "PASSWORD": ""}
    (root / "connections.json").write_text(
        json.dumps({"source-postgres": {"ConnectionType": "JDBC", "ConnectionProperties": connection}})
    )
    create_namespaces(etl_spark, [SILVER_DB, GOLD_DB])
    return root


def jdbc_to_bronze(root: Path, run_id: str) -> None:
    run_glue_script(
        "jdbc_to_bronze",
        {
            "JOB_NAME": "transactional-jdbc-to-bronze",
            "JOB_RUN_ID": run_id,
            "job-bookmark-option": "job-bookmark-enable",
            "connection_name": "source-postgres",
            "source_table": "random_data",
            "bronze_uri": f"s3://{LAKE}/bronze/transactional",
            "quarantine_uri": f"s3://{LAKE}/quarantine/transactional",
        },
        root,
    )


def bronze_to_silver(root: Path, run_id: str) -> None:
    run_glue_script(
        "bronze_to_silver",
        {
            "JOB_NAME": "transactions-bronze-to-silver",
            "JOB_RUN_ID": run_id,
            "job-bookmark-option": "job-bookmark-enable",
            "enable-glue-datacatalog": "true",
            "dataset_spec_uri": f"s3://{ARTIFACTS}/specs/{SPEC}.yaml",
            "bronze_uri": f"s3://{LAKE}/bronze/",
            "silver_uri": f"s3://{LAKE}/silver/",
            "quarantine_uri": f"s3://{LAKE}/quarantine/",
            "silver_database": SILVER_DB,
        },
        root,
    )


def bronze_versions(spark: SparkSession, root: Path) -> list[tuple[int, int]]:
    """(id, change_seq) of every row version in bronze."""
    frame = spark.read.parquet(str(root / "s3" / LAKE / "bronze" / "transactional" / "random_data"))
    return sorted((row["id"], row["change_seq"]) for row in frame.select("id", "change_seq").collect())


def source_versions(db: psycopg.Connection, after_seq: int = 0) -> list[tuple[int, int]]:
    return [tuple(r) for r in db.execute(
        "SELECT id, change_seq FROM random_data WHERE change_seq > %s ORDER BY id, change_seq", [after_seq]
    ).fetchall()]  # fmt: skip


def silver_rows(spark: SparkSession) -> list[tuple]:
    table = spark.table(f"glue_catalog.{SILVER_DB}.transactions")
    return [tuple(r) for r in table.selectExpr(*ROW_COLUMNS.split(", ")).orderBy("id").collect()]


def source_rows(db: psycopg.Connection) -> list[tuple]:
    return [tuple(r) for r in db.execute(f"SELECT {ROW_COLUMNS} FROM random_data ORDER BY id").fetchall()]


@pytest.fixture(scope="module")
def pipeline(glue_root: Path, postgres: PostgresServer, etl_spark: SparkSession, cloudwatch) -> dict:
    """Simulate 30 minutes, ingest, load silver; simulate 10 more, ingest, load silver; build gold."""
    first_sim = run_simulator(postgres, "--start=2026-01-01T23:00:00Z", "--minutes=30", "--seed=7")[-1]
    jdbc_to_bronze(glue_root, "jr_jdbc_1")
    with postgres.connect() as db:
        after_first = source_versions(db)
    first_bookmark = max(seq for _, seq in after_first)
    bronze_to_silver(glue_root, "jr_silver_1")
    with postgres.connect() as db:
        silver_after_first = silver_rows(etl_spark) == source_rows(db)
    second_sim = run_simulator(postgres, "--start=2026-01-01T23:30:00Z", "--minutes=60", "--seed=8")[-1]
    jdbc_to_bronze(glue_root, "jr_jdbc_2")
    bronze_to_silver(glue_root, "jr_silver_2")
    run_glue_script(
        "silver_to_gold",
        {
            "JOB_NAME": "transactions-silver-to-gold",
            "JOB_RUN_ID": "jr_gold_1",
            "dataset_spec_uri": f"s3://{ARTIFACTS}/specs/{SPEC}.yaml",
            "gold_sql_uri": f"s3://{ARTIFACTS}/gold-sql/",
            "silver_database": SILVER_DB,
            "gold_database": GOLD_DB,
            "gold_uri": f"s3://{LAKE}/gold/",
            "dimensions_uri": f"s3://{ARTIFACTS}/dimensions/",
        },
        glue_root,
    )
    return {
        "first_sim": first_sim,
        "second_sim": second_sim,
        "after_first": after_first,
        "first_bookmark": first_bookmark,
        "silver_after_first": silver_after_first,
    }


@pytest.mark.postgres
def test_the_second_ingestion_copies_only_the_rows_inserted_or_changed_since_the_first(
    pipeline: dict, postgres: PostgresServer, glue_root: Path, etl_spark: SparkSession
) -> None:
    second = pipeline["second_sim"]
    assert pipeline["first_sim"]["inserted"] == 150  # 15 invocations x 10 rows
    assert (second["invocations"], second["inserted"]) == (30, 300)
    assert second["updated"] > 0 and second["deleted"] > 0
    with postgres.connect() as db:
        since_first = source_versions(db, pipeline["first_bookmark"])
        # the second run copies each row's current version once: the 300 new rows (ids 151-450) and the
        # earlier rows changed since (a row changed twice is copied once, as it is now)
        assert [i for i, _ in since_first if i > 150] == list(range(151, 451))
        changed = [i for i, _ in since_first if i <= 150]
        assert 0 < len(changed) <= second["updated"] + second["deleted"]
        # bronze holds the first run's rows plus exactly the versions written since
        assert bronze_versions(etl_spark, glue_root) == sorted(pipeline["after_first"] + since_first)
    bookmark = json.loads((glue_root / "bookmarks" / "transactional-jdbc-to-bronze.json").read_text())
    assert bookmark == {"jdbc_source_random_data": {"change_seq": max(seq for _, seq in since_first)}}


@pytest.mark.postgres
def test_silver_holds_the_latest_version_of_every_row_with_soft_deletes_flagged(
    pipeline: dict, postgres: PostgresServer, etl_spark: SparkSession
) -> None:
    assert pipeline["silver_after_first"]
    with postgres.connect() as db:
        expected = source_rows(db)
        deleted = db.execute("SELECT count(*) FROM random_data WHERE deleted").fetchone()[0]
    assert silver_rows(etl_spark) == expected
    assert len(expected) == 450
    assert sum(1 for row in expected if row[4]) == deleted > 0
    months = etl_spark.sql(
        f"SELECT DISTINCT year, month FROM glue_catalog.{SILVER_DB}.transactions ORDER BY year, month"
    ).collect()
    assert [tuple(r) for r in months] == [(2026, 1)]  # fecha of the simulated day, UTC


@pytest.mark.postgres
def test_gold_is_the_live_amount_per_category_and_hour_of_the_source(
    pipeline: dict, postgres: PostgresServer, etl_spark: SparkSession
) -> None:
    with postgres.connect() as db:
        expected = [tuple(r) for r in db.execute(
            """SELECT categoria, date_trunc('hour', fecha) AS hora, count(*), sum(importe)
               FROM random_data WHERE NOT deleted GROUP BY 1, 2 ORDER BY 1, 2"""
        ).fetchall()]  # fmt: skip
    gold = etl_spark.table(f"glue_catalog.{GOLD_DB}.{GOLD_TABLE}")
    actual = [
        tuple(r)
        for r in gold.select("categoria", "hora", "transacciones", "importe_total")
        .orderBy("categoria", "hora")
        .collect()
    ]
    assert actual == expected
    assert {row[0] for row in actual} == {"alimentacion", "hogar", "ocio", "transporte"}
    assert all(isinstance(row[3], Decimal) for row in actual)
