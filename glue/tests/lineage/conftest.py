"""Fixtures of the lineage tests: CloudWatch in moto (the bronze_to_silver script publishes its counts) and
stand-in Glue folders (:mod:`glue_folder`) with their Data Catalog databases."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import boto3
import pytest
from glue_folder import build_glue_folder
from moto.server import ThreadedMotoServer
from pyspark.sql import SparkSession


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


@pytest.fixture(scope="module")
def make_glue_root(tmp_path_factory, etl_spark: SparkSession) -> Iterator[Callable[..., Path]]:
    """Builds a stand-in Glue folder (:func:`glue_folder.build_glue_folder`) with the given databases,
    which are dropped after the module."""
    databases: list[str] = []

    def make(days: int, rows: int, *names: str) -> Path:
        root = build_glue_folder(tmp_path_factory.mktemp("glue"), days, rows)
        for database in names:
            etl_spark.sql(f"CREATE DATABASE {database}")
            databases.append(database)
        return root

    yield make
    for database in databases:
        etl_spark.sql(f"DROP DATABASE {database} CASCADE")
