"""Shared pytest fixtures: one local Spark session for the whole test run, and CloudWatch in moto for the
entry scripts (they publish their reconciliation counts)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import boto3
import pytest
from moto.server import ThreadedMotoServer
from pyspark.sql import SparkSession


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSession]:
    """A ``local[2]`` SparkSession in UTC, small shuffle partitions, shared by every test, with the Iceberg
    catalog ``glue_catalog`` on a SQLite file of the test run (:mod:`medallion_local.iceberg_catalog`); each
    test that writes tables uses its own namespace (:func:`iceberg_namespace`)."""
    from medallion_local.iceberg_catalog import iceberg_session_settings

    os.environ.setdefault("PYSPARK_PYTHON", os.sys.executable)
    root = tmp_path_factory.mktemp("iceberg")
    builder = SparkSession.builder.master("local[2]")
    for key, value in iceberg_session_settings(root / "catalog.db", (root / "warehouse").as_uri()).items():
        builder = builder.config(key, value)
    session = (
        builder.appName("medallion-lake-tests")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        # JIT by C1 only: on the tests' small data C2 compiling Spark's hot code costs more CPU than it saves
        # (about half the CPU time of a run, measured on the demo, docs/demo.md "Wall time").
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="session")
def etl_spark(spark: SparkSession) -> SparkSession:
    """The shared session with the settings the ETL transforms require (UTC, CORRECTED datetime
    parser, dynamic partition overwrite), see ``medallion_glue.runtime.spark_session``."""
    from medallion_glue.runtime.spark_session import configure

    spark.sparkContext.setLogLevel("ERROR")
    return configure(spark)


@pytest.fixture(scope="module")
def cloudwatch() -> Iterator[object]:
    """A moto server on 127.0.0.1 and the environment that points boto3 at it."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    patch = pytest.MonkeyPatch()
    for name, value in {
        "AWS_ENDPOINT_URL": f"http://{host}:{port}",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }.items():
        patch.setenv(name, value)
    patch.delenv("AWS_PROFILE", raising=False)
    yield boto3.client("cloudwatch")
    patch.undo()
    server.stop()


@pytest.fixture
def iceberg_namespace(etl_spark: SparkSession, request: pytest.FixtureRequest) -> str:
    """A fresh namespace of the Iceberg catalog for one test (named after it), as the stack creates a zone
    database."""
    import hashlib

    from medallion_local.iceberg_catalog import create_namespaces

    digest = hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:8]
    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:40] + "_" + digest
    create_namespaces(etl_spark, [name])
    return name
