"""Small builders shared by the ETL tests."""

from __future__ import annotations

import csv
from pathlib import Path

from medallion_glue.bronze.reader import read_bronze
from medallion_glue.silver.transform import ColumnPlan, annotate, plan_columns, rename_to_silver
from medallion_glue.spec.loader import parse_spec
from medallion_glue.spec.model import DatasetSpec
from pyspark.sql import DataFrame, SparkSession

BASE_SPEC = """\
spec_version: 1
name: {name}
bronze: {{prefix: {name}/, suffix: {suffix}, format: {format}}}
silver: {{table: {name}}}
event_time: {{column: ts, formats: {formats}}}
"""


def make_spec(
    extra: str = "",
    name: str = "t",
    fmt: str = "{type: csv}",
    suffix: str = ".csv",
    formats: str = '["yyyy-MM-dd HH:mm:ss"]',
    max_quarantine_ratio: float | None = 1.0,
) -> DatasetSpec:
    """A validated spec named ``name`` with ``extra`` YAML appended. The small fixtures quarantine a large
    share of their rows on purpose, so the quarantine guard is off (``quarantine.max_ratio: 1``) unless
    ``max_quarantine_ratio`` says otherwise (None: the spec's default)."""
    guard = "" if max_quarantine_ratio is None else f"quarantine: {{max_ratio: {max_quarantine_ratio}}}\n"
    text = BASE_SPEC.format(name=name, format=fmt, suffix=suffix, formats=formats) + guard + extra
    return parse_spec(text, f"datasets/{name}.yaml")


def write_file(directory: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    """Write ``text`` to ``directory/name`` and return the path as a string."""
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return str(path)


def write_csv(path: Path, rows: list[dict]) -> Path:
    """Write ``rows`` (dicts with the same keys) to ``path`` as a CSV with a header line, in the keys' order;
    creates the parent folders and returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def annotated_batch(
    spark: SparkSession, spec: DatasetSpec, paths: list[str], recorded: dict[str, str] | None = None
) -> tuple[DataFrame, ColumnPlan]:
    """Read ``paths`` and return the annotated frame and its column plan."""
    named = rename_to_silver(read_bronze(spark, spec.source_format, paths), spec)
    plan = plan_columns(named, spec, recorded)
    return annotate(named, spec, plan), plan


def read_catalog_table(spark: SparkSession, lake: Path, database: str, table: str) -> DataFrame:
    """A table of a local lake as the runner's JSON catalog lists it: for an Iceberg table, exactly the data
    files of its current snapshot (its folder also keeps files of older snapshots)."""
    from medallion_local.catalog import LocalCatalog

    catalog = LocalCatalog(lake / "_catalog" / "catalog.json")
    return spark.read.parquet(*catalog.current_files(database, table))
