"""Fixtures of the lineage tests: stand-in Glue folders (:mod:`glue_folder`) with their Data Catalog
databases; CloudWatch in moto (``cloudwatch``) comes from ``glue/tests/conftest.py``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from glue_folder import build_glue_folder
from medallion_local.iceberg_catalog import create_namespaces
from pyspark.sql import SparkSession


@pytest.fixture(scope="module")
def make_glue_root(tmp_path_factory, etl_spark: SparkSession) -> Iterator[Callable[..., Path]]:
    """Builds a stand-in Glue folder (:func:`glue_folder.build_glue_folder`) with the given databases
    (namespaces of the test run's Iceberg catalog, as the stack creates them)."""

    def make(days: int, rows: int, *names: str) -> Path:
        root = build_glue_folder(tmp_path_factory.mktemp("glue"), days, rows)
        create_namespaces(etl_spark, names)
        return root

    yield make
