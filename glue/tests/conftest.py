"""Shared pytest fixtures: one local Spark session for the whole test run."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from pyspark.sql import SparkSession


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """A ``local[2]`` SparkSession in UTC, small shuffle partitions, shared by every test."""
    os.environ.setdefault("PYSPARK_PYTHON", os.sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("medallion-lake-tests")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
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
