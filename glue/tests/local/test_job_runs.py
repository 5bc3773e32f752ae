"""The local runner's job arguments (from the contract) and its offline CloudWatch, without Spark."""

from __future__ import annotations

import json
import re

import boto3
import pytest
from botocore.exceptions import ParamValidationError
from medallion_local.glue_lake import GlueLake
from medallion_local.job_runs import job_run_arguments
from medallion_local.local_cloudwatch import OfflineAwsCallError, recording_cloudwatch

BRONZE_TO_SILVER = {
    "JOB_NAME": "flights-bronze-to-silver",
    "dataset_spec_uri": "s3://local-artifacts/flights/specs/flights.yaml",
    "bronze_uri": "s3://local-bronze/",
    "silver_uri": "s3://local-silver/",
    "quarantine_uri": "s3://local-quarantine/",
    "silver_database": "silver",
}


def test_job_run_arguments_are_the_contract_names_plus_what_glue_and_etl_job_add():
    arguments = job_run_arguments("bronze_to_silver", {**BRONZE_TO_SILVER, "source_keys": None})
    run_id = arguments.pop("JOB_RUN_ID")
    assert re.fullmatch(r"jr_[0-9a-f]{64}", run_id)
    assert arguments == {
        **BRONZE_TO_SILVER,
        "job-bookmark-option": "job-bookmark-enable",
        "enable-glue-datacatalog": "true",
    }


def test_job_run_arguments_refuse_names_the_contract_lacks_and_unset_required_ones():
    values = {**BRONZE_TO_SILVER, "silver_database": None, "source_key": "[]"}
    with pytest.raises(ValueError) as error:
        job_run_arguments("bronze_to_silver", values)
    assert str(error.value) == (
        "job bronze_to_silver: arguments ['source_key'] are not in job_arguments.json and "
        "['silver_database'] are required but unset; pass the contract's names"
    )


def test_put_metric_data_is_recorded_offline_and_other_calls_are_refused(tmp_path):
    before = boto3.DEFAULT_SESSION
    file = tmp_path / "metrics.jsonl"
    with recording_cloudwatch(file, {"JOB_NAME": "flights-bronze-to-silver"}) as recorder:
        cloudwatch = boto3.client("cloudwatch")
        data = [
            {"MetricName": "RowsRead", "Dimensions": [{"Name": "Dataset", "Value": "flights"}], "Value": 7}
        ]
        response = cloudwatch.put_metric_data(Namespace="MedallionLake/ETL", MetricData=data)
        with pytest.raises(ParamValidationError):  # botocore still validates the call
            cloudwatch.put_metric_data(Namespace="MedallionLake/ETL", MetricData=[{"Value": 1}])
        with pytest.raises(OfflineAwsCallError, match=r"^s3\.ListBuckets: entry scripts run offline"):
            boto3.client("s3").list_buckets()
    assert boto3.DEFAULT_SESSION is before
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert recorder.metric_data("MedallionLake/ETL") == data
    assert recorder.metric_data("Other") == []
    (line,) = [json.loads(text) for text in file.read_text().splitlines()]
    assert {k: v for k, v in line.items() if k != "time"} == {
        "JOB_NAME": "flights-bronze-to-silver",
        "Namespace": "MedallionLake/ETL",
        "MetricData": data,
    }


def test_the_lake_folders_are_buckets_of_the_stand_in(tmp_path):
    lake = GlueLake(tmp_path)
    lake.prepare()
    assert sorted(p.name for p in (tmp_path / "_glue" / "s3").iterdir()) == [
        "local-artifacts",
        "local-bronze",
        "local-gold",
        "local-quarantine",
        "local-silver",
    ]
    assert (tmp_path / "_glue" / "s3" / "local-silver").resolve() == tmp_path.resolve() / "silver"
    drop = tmp_path / "bronze" / "flights" / "a.csv"
    assert lake.to_uri(drop) == "s3://local-bronze/flights/a.csv"
    assert lake.to_path("s3://local-gold/route_summary/") == tmp_path.resolve() / "gold" / "route_summary"
    with pytest.raises(ValueError, match="is not a URI of a lake bucket"):
        lake.to_path("s3://local-artifacts/flights/specs/flights.yaml")
    with pytest.raises(ValueError, match="is not inside a zone folder"):
        lake.to_uri(tmp_path / "layout-manifest.json")
