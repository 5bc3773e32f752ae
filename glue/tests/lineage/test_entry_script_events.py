"""The entry scripts' OpenLineage events, from the exact files EtlJob uploads run on the awsglue stand-in
with ``--lineage_transport file``: every event is validated against the OpenLineage model of
``openlineage-python``, and its datasets are checked against what the run really read and wrote (the
drops on disk, the silver and gold tables in the session catalog, the layout manifest)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from glue_folder import ARTIFACTS, LAKE
from medallion_glue.errors import JobArgumentError, ReconciliationError
from medallion_glue.lineage.events import glue_run_uuid
from medallion_glue.silver.store import IcebergSilverStore
from medallion_local.glue_scripts import run_glue_script
from openlineage_model import read_event_lines, validate_run_event
from pyspark.sql import SparkSession

JOB_NAME = "flights-bronze-to-silver"
CATALOG = "arn:aws:glue:eu-west-1:123456789012"


def bronze_to_silver_arguments(root: Path, database: str, run_id: str) -> dict[str, str]:
    return {
        "JOB_NAME": JOB_NAME,
        "JOB_RUN_ID": run_id,
        "job-bookmark-option": "job-bookmark-enable",
        "enable-glue-datacatalog": "true",
        "dataset_spec_uri": f"s3://{ARTIFACTS}/specs/flights.yaml",
        "bronze_uri": f"s3://{LAKE}/bronze/",
        "silver_uri": f"s3://{LAKE}/silver/",
        "quarantine_uri": f"s3://{LAKE}/quarantine/",
        "silver_database": database,
        "lineage_transport": "file",
        "lineage_url": str(root / "lineage" / "events.jsonl"),
        "lineage_catalog": CATALOG,
    }


def drop_uris(root: Path) -> list[str]:
    """``s3://lake/<key>`` of every flights drop on disk (the layout's files)."""
    lake = root / "s3" / LAKE
    manifest = json.loads((lake / "layout-manifest.json").read_text())["flights"]
    return sorted(f"s3://{LAKE}/{file}" for file in manifest["files"])


def by_name(datasets: list[dict]) -> dict[str, dict]:
    return {f"{d['namespace']}/{d['name']}": d for d in datasets}


def latest_snapshot(spark: SparkSession, table: str) -> tuple[str, dict[str, str]]:
    """``(snapshot id as text, summary)`` of the latest commit in ``table``'s ``snapshots`` metadata table."""
    row = spark.sql(
        f"SELECT snapshot_id, summary FROM {table}.snapshots ORDER BY committed_at DESC LIMIT 1"
    ).first()
    return str(row[0]), dict(row[1])


@pytest.fixture(scope="module")
def good_run(make_glue_root, cloudwatch) -> Path:
    root = make_glue_root(2, 200, "lineage_silver", "lineage_gold")
    run_glue_script("bronze_to_silver", bronze_to_silver_arguments(root, "lineage_silver", "jr_0001"), root)
    return root


def test_a_good_run_sends_start_then_complete_of_one_run_valid_by_the_openlineage_model(good_run):
    events = read_event_lines(good_run / "lineage" / "events.jsonl")
    models = [validate_run_event(event) for event in events]
    assert [m.eventType.value for m in models] == ["START", "COMPLETE"]
    assert len({e["run"]["runId"] for e in events}) == 1
    uuid.UUID(events[0]["run"]["runId"])
    assert [e["job"]["namespace"] + "/" + e["job"]["name"] for e in events] == [
        f"medallion-lake/{JOB_NAME}"
    ] * 2
    assert events[0]["eventTime"] <= events[1]["eventTime"]
    for event in events:
        parent = event["run"]["facets"]["parent"]
        assert parent["job"] == {"namespace": "aws-glue", "name": JOB_NAME}
        assert parent["run"] == {"runId": glue_run_uuid("jr_0001")}
        assert event["run"]["facets"]["processing_engine"]["version"] == "3.5.6"
        assert event["job"]["facets"]["jobType"]["integration"] == "AWS_GLUE"
    assert (events[0]["inputs"], events[0]["outputs"]) == ([], [])  # sent before the run lists bronze


def test_complete_names_the_drops_read_and_the_silver_table_and_quarantine_written(good_run, etl_spark):
    complete = read_event_lines(good_run / "lineage" / "events.jsonl")[-1]
    drops = drop_uris(good_run)
    assert len(drops) == 2  # the second day's drop carries the layout's bad rows
    assert sorted(f"{d['namespace']}/{d['name']}" for d in complete["inputs"]) == drops
    outputs = by_name(complete["outputs"])
    assert sorted(outputs) == [f"s3://{LAKE}/quarantine/flights", f"s3://{LAKE}/silver/flights"]
    silver = outputs[f"s3://{LAKE}/silver/flights"]
    assert silver["facets"]["symlinks"]["identifiers"] == [
        {
            "namespace": "arn:aws:glue:eu-west-1:123456789012",
            "name": "lineage_silver.flights",
            "type": "TABLE",
        }
    ]
    silver_rows = etl_spark.table("glue_catalog.lineage_silver.flights").count()
    assert silver["outputFacets"]["outputStatistics"]["rowCount"] == silver_rows > 0
    manifest = json.loads((good_run / "s3" / LAKE / "layout-manifest.json").read_text())["flights"]
    quarantined = sum(1 for item in manifest["injected"] if item["fate"] != "duplicate")
    quarantine = outputs[f"s3://{LAKE}/quarantine/flights"]
    assert quarantine["outputFacets"]["outputStatistics"]["rowCount"] == quarantined > 0


def test_complete_gives_the_silver_output_the_version_of_the_snapshot_the_run_committed(good_run, etl_spark):
    events = read_event_lines(good_run / "lineage" / "events.jsonl")
    complete = validate_run_event(events[-1])
    snapshot, summary = latest_snapshot(etl_spark, "glue_catalog.lineage_silver.flights")
    assert summary["medallion.dataset"] == "flights"  # the run's own commit, with its summary
    modelled = {f"{d.namespace}/{d.name}": d for d in complete.outputs}
    assert modelled[f"s3://{LAKE}/silver/flights"].facets["version"].datasetVersion == snapshot
    silver = by_name(events[-1]["outputs"])[f"s3://{LAKE}/silver/flights"]
    assert silver["facets"]["version"] == {
        "_producer": "urn:medallion-lake:medallion_glue.lineage",
        "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json"
        "#/$defs/DatasetVersionDatasetFacet",
        "datasetVersion": snapshot,
    }
    quarantine = by_name(events[-1]["outputs"])[f"s3://{LAKE}/quarantine/flights"]
    assert "version" not in quarantine["facets"]  # files, not a versioned table
    assert all("version" not in d["facets"] for d in events[-1]["inputs"])


def test_column_lineage_follows_the_spec_rename_of_date_into_the_event_time(good_run):
    complete = read_event_lines(good_run / "lineage" / "events.jsonl")[-1]
    silver = by_name(complete["outputs"])[f"s3://{LAKE}/silver/flights"]
    assert silver["facets"]["columnLineage"]["fields"] == {
        "departure_time": {
            "inputFields": [
                {
                    "namespace": f"s3://{LAKE}",
                    "name": drop.removeprefix(f"s3://{LAKE}/"),
                    "field": "date",
                    "transformations": [{"type": "DIRECT", "subtype": "TRANSFORMATION"}],
                }
                for drop in drop_uris(good_run)
            ]
        }
    }


def test_silver_to_gold_reads_the_silver_table_and_dimensions_and_writes_each_gold_table(
    good_run, etl_spark: SparkSession
):
    events_file = good_run / "lineage" / "gold.jsonl"
    run_glue_script(
        "silver_to_gold",
        {
            "JOB_NAME": "flights-silver-to-gold",
            "JOB_RUN_ID": "jr_0002",
            "dataset_spec_uri": f"s3://{ARTIFACTS}/specs/flights.yaml",
            "gold_sql_uri": f"s3://{ARTIFACTS}/gold-sql/",
            "silver_database": "lineage_silver",
            "gold_database": "lineage_gold",
            "gold_uri": f"s3://{LAKE}/gold/",
            "dimensions_uri": f"s3://{ARTIFACTS}/dimensions/",
            "lineage_transport": "file",
            "lineage_url": str(events_file),
        },
        good_run,
    )
    events = read_event_lines(events_file)
    assert [validate_run_event(e).eventType.value for e in events] == ["START", "COMPLETE"]
    complete = events[-1]
    assert complete["run"]["facets"]["parent"]["run"] == {"runId": glue_run_uuid("jr_0002")}
    inputs = by_name(complete["inputs"])
    assert sorted(inputs) == [f"s3://{ARTIFACTS}/dimensions/airports.csv", f"s3://{LAKE}/silver/flights"]
    assert inputs[f"s3://{LAKE}/silver/flights"]["facets"]["symlinks"]["identifiers"] == [
        {"namespace": "spark_catalog", "name": "lineage_silver.flights", "type": "TABLE"}
    ]
    silver_snapshot, _ = latest_snapshot(etl_spark, "glue_catalog.lineage_silver.flights")
    assert inputs[f"s3://{LAKE}/silver/flights"]["facets"]["version"]["datasetVersion"] == silver_snapshot
    outputs = by_name(complete["outputs"])
    tables = ["flight_delays_by_origin_month", "route_summary"]
    assert sorted(outputs) == [f"s3://{LAKE}/gold/{t}" for t in tables]
    for table in tables:
        output = outputs[f"s3://{LAKE}/gold/{table}"]
        assert output["facets"]["symlinks"]["identifiers"][0]["name"] == f"lineage_gold.{table}"
        rows = etl_spark.table(f"glue_catalog.lineage_gold.{table}").count()
        assert output["outputFacets"]["outputStatistics"]["rowCount"] == rows > 0
        snapshot, summary = latest_snapshot(etl_spark, f"glue_catalog.lineage_gold.{table}")
        assert output["facets"]["version"]["datasetVersion"] == snapshot != silver_snapshot
        assert summary["medallion.silver-snapshot-id"] == silver_snapshot  # computed from the version read


def test_a_run_that_does_not_reconcile_sends_fail_with_the_error_and_its_datasets(
    make_glue_root, cloudwatch, monkeypatch
):
    root = make_glue_root(1, 120, "lineage_failing")
    real_count = IcebergSilverStore.count_partitions
    # one row more in silver than the merge put there: the reconciliation check must refuse the run
    monkeypatch.setattr(IcebergSilverStore, "count_partitions", lambda self, p: real_count(self, p) + 1)
    with pytest.raises(ReconciliationError):
        run_glue_script(
            "bronze_to_silver", bronze_to_silver_arguments(root, "lineage_failing", "jr_0009"), root
        )
    events = read_event_lines(root / "lineage" / "events.jsonl")
    assert [validate_run_event(e).eventType.value for e in events] == ["START", "FAIL"]
    fail = events[-1]
    assert fail["run"]["runId"] == events[0]["run"]["runId"]
    assert fail["run"]["facets"]["parent"]["run"] == {"runId": glue_run_uuid("jr_0009")}
    error = fail["run"]["facets"]["errorMessage"]
    assert error["message"].startswith("ReconciliationError: dataset flights run ")
    assert error["programmingLanguage"] == "python"
    assert "check_reconciliation" in error["stackTrace"]
    assert sorted(f"{d['namespace']}/{d['name']}" for d in fail["inputs"]) == drop_uris(root)
    outputs = by_name(fail["outputs"])
    assert sorted(outputs) == [f"s3://{LAKE}/quarantine/flights", f"s3://{LAKE}/silver/flights"]
    assert all(o["outputFacets"] == {} for o in fail["outputs"])  # no row counts for a failed run
    assert all("version" not in o["facets"] for o in fail["outputs"])  # nor a version: silver was dropped
    assert not list((root / "s3" / LAKE / "silver" / "_ledger").rglob("*.json"))  # nor the object ledger


def test_a_run_the_trigger_started_names_the_trigger_invocation_as_parent_and_root(
    make_glue_root, cloudwatch
):
    root = make_glue_root(1, 60, "lineage_triggered")
    request_id = "0f5e3c2a-9b7d-4e61-8a4f-2d6c1b9e7a30"
    arguments = {
        **bronze_to_silver_arguments(root, "lineage_triggered", "jr_0010"),
        # what the trigger's StartJobRun passes (lambdas/trigger/lineage-parent.ts)
        "lineage_parent_job_namespace": "aws-lambda",
        "lineage_parent_job_name": "lake-dev-bronze-trigger",
        "lineage_parent_run_id": request_id,
    }
    run_glue_script("bronze_to_silver", arguments, root)
    events = read_event_lines(root / "lineage" / "events.jsonl")
    models = [validate_run_event(event) for event in events]
    assert [m.eventType.value for m in models] == ["START", "COMPLETE"]
    trigger = {
        "job": {"namespace": "aws-lambda", "name": "lake-dev-bronze-trigger"},
        "run": {"runId": request_id},
    }
    for event, model in zip(events, models, strict=True):
        parent = event["run"]["facets"]["parent"]
        assert {k: parent[k] for k in ("job", "run", "root")} == {**trigger, "root": trigger}
        assert str(model.run.facets["parent"].run.runId) == request_id
        assert event["run"]["runId"] != request_id  # the job run is its own run, under the trigger's
    assert sorted(f"{d['namespace']}/{d['name']}" for d in events[-1]["inputs"]) == drop_uris(root)


def test_a_run_with_a_parent_run_id_that_is_not_a_uuid_fails_before_any_event(make_glue_root, cloudwatch):
    root = make_glue_root(1, 20, "lineage_bad_parent")
    arguments = {
        **bronze_to_silver_arguments(root, "lineage_bad_parent", "jr_0011"),
        "lineage_parent_job_namespace": "aws-lambda",
        "lineage_parent_job_name": "lake-dev-bronze-trigger",
        "lineage_parent_run_id": "esm-1",
    }
    with pytest.raises(JobArgumentError, match="^--lineage_parent_run_id: 'esm-1' is not a UUID"):
        run_glue_script("bronze_to_silver", arguments, root)
    assert not (root / "lineage" / "events.jsonl").exists()
    assert not list((root / "s3" / LAKE / "silver" / "_ledger").rglob("*.json"))
