"""jdbc_to_bronze's OpenLineage events: the exact entry script on the awsglue stand-in against a real
PostgreSQL server (127.0.0.1), with ``--lineage_transport file``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from medallion_glue.lineage.events import glue_run_uuid
from medallion_local.glue_scripts import run_glue_script
from openlineage_model import read_event_lines, validate_run_event
from postgres_server import PostgresServer, running_postgres
from pyspark.sql import SparkSession

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    with running_postgres() as server:
        yield server


@pytest.fixture
def glue_root(tmp_path: Path, postgres: PostgresServer, spark: SparkSession) -> Path:
    """Two buckets, the Glue connection to the server and a source table of three rows (with the
    ``change_seq`` the job bookmarks on), one without its event time (``fecha``), which the job
    quarantines."""
    with postgres.connect() as connection:
        connection.execute("DROP TABLE IF EXISTS orders")
        connection.execute(
            "CREATE TABLE orders (id serial PRIMARY KEY, valor text, fecha timestamp, change_seq bigserial)"
        )
        for fecha in (datetime(2024, 1, 5, 10), None, datetime(2024, 2, 1, 8)):
            connection.execute("INSERT INTO orders (valor, fecha) VALUES ('x', %s)", (fecha,))
    for bucket in ("lake-bronze", "lake-quarantine"):
        (tmp_path / "s3" / bucket).mkdir(parents=True)
    connection_properties = {
        "JDBC_CONNECTION_URL": postgres.jdbc_url,
        "USERNAME": postgres.user,
        "PASSWORD": "",
    }
    (tmp_path / "connections.json").write_text(
        json.dumps(
            {"source-postgres": {"ConnectionType": "JDBC", "ConnectionProperties": connection_properties}}
        )
    )
    return tmp_path


def test_jdbc_to_bronze_reports_the_source_table_and_the_rows_landed_and_quarantined(glue_root: Path):
    events_file = glue_root / "events.jsonl"
    run_glue_script(
        "jdbc_to_bronze",
        {
            "JOB_NAME": "transactional-jdbc-to-bronze",
            "JOB_RUN_ID": "jr_7",
            "job-bookmark-option": "job-bookmark-enable",
            "connection_name": "source-postgres",
            "source_table": "public.orders",
            "bronze_uri": "s3://lake-bronze/transactional",
            "quarantine_uri": "s3://lake-quarantine/transactional",
            "lineage_transport": "file",
            "lineage_url": str(events_file),
        },
        glue_root,
    )
    events = read_event_lines(events_file)
    assert [validate_run_event(e).eventType.value for e in events] == ["START", "COMPLETE"]
    complete = events[-1]
    assert complete["job"]["name"] == "transactional-jdbc-to-bronze"
    assert complete["run"]["facets"]["parent"]["run"] == {"runId": glue_run_uuid("jr_7")}
    assert [(d["namespace"], d["name"]) for d in complete["inputs"]] == [
        ("glue-connection://source-postgres", "public.orders")
    ]
    rows = {
        (d["namespace"], d["name"]): d["outputFacets"]["outputStatistics"]["rowCount"]
        for d in complete["outputs"]
    }
    assert rows == {
        ("s3://lake-bronze", "transactional/orders"): 2,
        ("s3://lake-quarantine", "transactional/orders"): 1,
    }
    landed = glue_root / "s3" / "lake-bronze" / "transactional" / "orders"
    assert sorted(p.name for p in landed.glob("year=*/month=*")) == ["month=1", "month=2"]
