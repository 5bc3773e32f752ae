"""The local stand-in of the Glue Data Catalog for Iceberg tables: Iceberg's JDBC catalog on a SQLite file.

In Glue the jobs reach silver and gold through the Spark catalog
``glue_catalog``
(:data:`medallion_glue.defaults.ICEBERG_CATALOG`, an ``org.apache.iceberg.aws.glue.GlueCatalog`` that
EtlJob configures with ``--conf``). Locally the same catalog name is an
``org.apache.iceberg.jdbc.JdbcCatalog``
on ``<catalog_db>`` (SQLite), so the jobs run unchanged: the same namespaces (the zone databases), the same
table names, and table locations in the zone buckets (``s3://local-silver/<table>/``, served from the lake's
folders), which Iceberg's Hadoop catalog would not allow. The jars (with the PostgreSQL JDBC driver of the
local PostgreSQL source) come from Maven Central through ``scripts/setup.sh`` (:data:`JARS_FILE`); no
network is needed after set-up.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from medallion_glue import defaults
from medallion_glue.spec.schema import REPO_ROOT

#: The jars a local session needs (coordinates, file, Maven Central URL, sha1).
JARS_FILE = Path(__file__).with_name("spark_jars.json")
#: Where ``scripts/setup.sh`` caches them.
JARS_DIR = REPO_ROOT / ".cache" / "jars"


def _jar_entries() -> list[dict[str, str]]:
    return json.loads(JARS_FILE.read_text(encoding="utf-8"))["jars"]


def local_jars() -> list[Path]:
    """The cached jar files of :data:`JARS_FILE`, in its order: the Iceberg Spark runtime, the SQLite JDBC
    driver (the local catalog) and the PostgreSQL JDBC driver (the local PostgreSQL source).

    Raises:
        FileNotFoundError: a jar is not cached; the message says to run ``bash scripts/setup.sh``.
    """
    jars = [JARS_DIR / jar["file"] for jar in _jar_entries()]
    missing = [str(j) for j in jars if not j.is_file()]
    if missing:
        raise FileNotFoundError(
            f"Spark jars missing: {missing}. Run `bash scripts/setup.sh` once (it fetches them from Maven "
            "Central)."
        )
    return jars


def local_jar(coordinates: str) -> Path:
    """The cached jar of one Maven ``group:artifact:version`` of :data:`JARS_FILE`, e.g.
    :data:`medallion_glue.jdbc.source.POSTGRES_JDBC_PACKAGE` (what ``spark.jars.packages`` would fetch).

    Raises:
        KeyError: :data:`JARS_FILE` has no jar of ``coordinates`` (the message lists those it has).
        FileNotFoundError: see :func:`local_jars`.
    """
    by_coordinates = dict(zip((jar["coordinates"] for jar in _jar_entries()), local_jars(), strict=True))
    if coordinates not in by_coordinates:
        raise KeyError(
            f"{coordinates}: not in {JARS_FILE.name} (it has {sorted(by_coordinates)}); add the jar there "
            "and run `bash scripts/setup.sh`"
        )
    return by_coordinates[coordinates]


def iceberg_session_settings(catalog_db: Path, warehouse: str) -> dict[str, str]:
    """Spark settings for a local session with the Iceberg catalog
    :data:`~medallion_glue.defaults.ICEBERG_CATALOG` on the SQLite file ``catalog_db`` (created when missing)
    and ``warehouse`` as the default table root.

    Raises:
        FileNotFoundError: see :func:`local_jars`.
    """
    catalog_db.parent.mkdir(parents=True, exist_ok=True)
    prefix = f"spark.sql.catalog.{defaults.ICEBERG_CATALOG}"
    return {
        "spark.jars": ",".join(str(j) for j in local_jars()),
        "spark.sql.extensions": "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        prefix: "org.apache.iceberg.spark.SparkCatalog",
        f"{prefix}.catalog-impl": "org.apache.iceberg.jdbc.JdbcCatalog",
        f"{prefix}.uri": f"jdbc:sqlite:{catalog_db}",
        f"{prefix}.jdbc.schema-version": "V1",
        # SQLite: readers beside a writer (write-ahead log), and a writer waits for a lock instead of
        # failing at once (one session can hold several catalog instances: lake_catalog restarts them).
        f"{prefix}.jdbc.journal_mode": "WAL",
        f"{prefix}.jdbc.busy_timeout": "30000",
        f"{prefix}.warehouse": warehouse,
    }


def create_namespaces(spark: Any, namespaces: Iterable[str]) -> None:
    """``CREATE NAMESPACE IF NOT EXISTS`` each of ``namespaces`` in the Iceberg catalog (the stack creates the
    zone databases in Glue; the jobs never create them)."""
    for namespace in namespaces:
        spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {defaults.ICEBERG_CATALOG}.`{namespace}`")


#: The catalog settings that name a lake's catalog (the others are the same for every lake).
_LAKE_KEYS = ("uri", "warehouse")


@contextmanager
def lake_catalog(spark: Any, catalog_db: Path, warehouse: str) -> Iterator[None]:
    """Point the session's Iceberg catalog at one lake's catalog file for the block, then back.

    A process runs several lakes on one SparkSession (the tests; the session outlives each runner call),
    and Spark keeps a catalog instance once it has been used, so the catalog settings are changed at run
    time and Spark's catalog manager is reset on the way in and on the way out.
    """
    catalog_db.parent.mkdir(parents=True, exist_ok=True)
    prefix = f"spark.sql.catalog.{defaults.ICEBERG_CATALOG}"
    wanted = {"uri": f"jdbc:sqlite:{catalog_db}", "warehouse": warehouse}
    saved = {key: spark.conf.get(f"{prefix}.{key}", None) for key in _LAKE_KEYS}
    for key in _LAKE_KEYS:
        spark.conf.set(f"{prefix}.{key}", wanted[key])
    spark._jsparkSession.sessionState().catalogManager().reset()
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                spark.conf.unset(f"{prefix}.{key}")
            else:
                spark.conf.set(f"{prefix}.{key}", value)
        spark._jsparkSession.sessionState().catalogManager().reset()
