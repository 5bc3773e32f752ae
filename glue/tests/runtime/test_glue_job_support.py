"""Glue entrypoint support: argument parsing, source-key selection,
metrics publishing, the Glue bundle, and the rule that only entrypoints import awsglue."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from medallion_glue.errors import JobArgumentError
from medallion_glue.runtime.glue_job_support import (
    BRONZE_TO_SILVER_REQUIRED,
    parse_bronze_to_silver_args,
    parse_silver_to_gold_args,
    parse_source_keys,
    present_optional,
    publish_metrics,
    select_source_keys,
    silver_table_location,
)
from medallion_glue.silver.reconciliation import RunCounts
from medallion_glue.spec.loader import load_spec

GLUE_DIR = Path(__file__).resolve().parents[2]
FLIGHTS = load_spec(GLUE_DIR.parent / "datasets" / "flights.yaml")
B2S = {
    "JOB_NAME": "flights-bronze-to-silver",
    "dataset_spec_uri": "s3://artifacts/specs/flights.yaml",
    "bronze_uri": "s3://lake-bronze/",
    "silver_uri": "s3://lake-silver",
    "quarantine_uri": "s3://lake-quarantine/q/",
    "silver_database": "lake_silver",
}


def test_bronze_to_silver_args_are_normalized():
    args = parse_bronze_to_silver_args({**B2S, "source_keys": '["s3://lake-bronze/flights/a.csv"]'})
    assert args.silver_uri == "s3://lake-silver/"
    assert args.source_keys == ("s3://lake-bronze/flights/a.csv",)
    assert parse_bronze_to_silver_args(B2S).source_keys == ()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"bronze_uri": "lake-bronze/"},
            "--bronze_uri: 'lake-bronze/' is not an s3:// URI. Pass e.g. s3://bucket/prefix/.",
        ),
        (
            {"silver_database": " "},
            "--silver_database is missing or empty. Pass it in the job's DefaultArguments.",
        ),
        ({"source_keys": "s3://a"}, "--source_keys: not JSON (Expecting value)."),
        ({"source_keys": '["/local/a.csv"]'}, "--source_keys: must be a JSON array of s3:// URIs"),
    ],
)
def test_bad_bronze_to_silver_args_name_the_argument(change, message):
    with pytest.raises(JobArgumentError) as caught:
        parse_bronze_to_silver_args({**B2S, **change})
    assert str(caught.value).startswith(message)


def test_silver_to_gold_args_with_and_without_dimensions():
    base = {
        "JOB_NAME": "g",
        "dataset_spec_uri": "s3://a/flights.yaml",
        "gold_sql_uri": "s3://a/sql/gold",
        "silver_database": "s",
        "gold_database": "g",
        "gold_uri": "s3://gold/",
    }
    assert parse_silver_to_gold_args(base).dimensions_uri is None
    parsed = parse_silver_to_gold_args({**base, "dimensions_uri": "s3://a/dims"})
    assert (parsed.gold_sql_uri, parsed.dimensions_uri) == ("s3://a/sql/gold/", "s3://a/dims/")


def test_optional_arguments_are_resolved_only_when_passed():
    argv = ["job.py", "--JOB_NAME", "x", "--source_keys", "[]"]
    assert present_optional(argv, ["source_keys", "dimensions_uri"]) == ["source_keys"]
    assert "source_keys" not in BRONZE_TO_SILVER_REQUIRED
    assert parse_source_keys("[]") == () and parse_source_keys('["s3://b/k", "s3://b/k"]') == ("s3://b/k",)


def test_selected_objects_keep_the_dataset_files():
    keys = ["s3://b/flights/2001/b.csv", "s3://b/sales/x.csv", "s3://b/flights/a.csv"]
    assert select_source_keys(keys, FLIGHTS, "s3://b/") == [
        "s3://b/flights/2001/b.csv",
        "s3://b/flights/a.csv",
    ]
    with pytest.raises(JobArgumentError, match="none of \\['s3://b/sales/x.csv'\\] is under s3://b/flights/"):
        select_source_keys(["s3://b/sales/x.csv"], FLIGHTS, "s3://b/")
    assert silver_table_location("s3://lake-silver/", FLIGHTS) == "s3://lake-silver/flights/"


def test_publish_metrics_sends_the_reconciliation_counts():
    class FakeCloudWatch:
        def __init__(self):
            self.calls = []

        def put_metric_data(self, **kwargs):
            self.calls.append(kwargs)

    client = FakeCloudWatch()
    publish_metrics(
        client, RunCounts("flights", "r", 1, 5, 4, 4, 0, 1, 0, 0, 0, {"type_mismatch": 1}, (), 0, 4)
    )
    (call,) = client.calls
    assert call["Namespace"] == "MedallionLake/ETL"
    assert [(m["MetricName"], m["Value"]) for m in call["MetricData"][:3]] == [
        ("RowsRead", 5),
        ("RowsWritten", 4),
        ("RowsQuarantined", 1),
    ]


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_entrypoints_import_awsglue():
    package = sorted((GLUE_DIR / "medallion_glue").rglob("*.py"))
    assert package and not [p.name for p in package if "awsglue" in imports_of(p)]
    for job in ("bronze_to_silver.py", "silver_to_gold.py"):
        assert "awsglue" in imports_of(GLUE_DIR / "jobs" / job)


def test_entrypoints_document_every_argument():
    for job, names in (
        ("bronze_to_silver.py", [*BRONZE_TO_SILVER_REQUIRED, "source_keys"]),
        (
            "silver_to_gold.py",
            ["JOB_NAME", "dataset_spec_uri", "gold_sql_uri", "gold_database", "dimensions_uri"],
        ),
    ):
        doc = ast.get_docstring(ast.parse((GLUE_DIR / "jobs" / job).read_text()))
        assert all(f"``--{name}``" in doc for name in names), job
