"""``QuarantineGuardExceeded``, the metric the lake's quarantine-guard alarm watches: 1 when the guard
stops a run (a run that quarantined every row included, which holds no row back), 0 for every other run;
sent per ``Dataset`` and without a dimension, through a real boto3 CloudWatch client under botocore's
Stubber (which checks the ``PutMetricData`` parameters against the service model)."""

from __future__ import annotations

import datetime as dt
import json

import boto3
import pytest
from botocore.stub import Stubber
from etl_helpers import make_spec, write_file
from medallion_glue import defaults
from medallion_glue.errors import QuarantineGuardError
from medallion_glue.runtime.bronze_to_silver import run_bronze_to_silver
from medallion_glue.runtime.glue_job_support import publish_metrics
from medallion_glue.silver.reconciliation import (
    OBJECTS_QUARANTINED_METRIC,
    QUARANTINE_GUARD_METRIC,
    RunCounts,
    metric_data,
)
from medallion_glue.silver.store import IcebergSilverStore
from medallion_glue.spec.schema import REPO_ROOT

NOW = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
ROWS = (
    "id,ts,qty\n1,2024-01-01 00:00:00,1\n2,2024-01-01 01:00:00,2\n"
    "3,2024-01-01 02:00:00,3\n4,2024-01-01 03:00:00,4\n"
)


def guarded(row_filter: str):
    """A spec with the default guard (0.25) and ``row_filter`` as its one row filter."""
    return make_spec(
        f"row_filters: ['{row_filter}']\ndeduplication: {{primary_key: [id]}}\n",
        name="guarded",
        max_quarantine_ratio=None,
    )


class StubbedCloudWatch:
    """A real boto3 CloudWatch client whose ``put_metric_data`` calls are validated and recorded."""

    def __init__(self) -> None:
        self.client = boto3.client(
            "cloudwatch", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x"
        )
        self.stubber = Stubber(self.client)
        self.calls: list[dict] = []
        self.client.meta.events.register_first("provide-client-params.cloudwatch.PutMetricData", self._record)

    def _record(self, params: dict, **_) -> None:
        self.calls.append(params)
        self.stubber.add_response("put_metric_data", {}, params)

    def guard_values(self) -> list[tuple[tuple[tuple[str, str], ...], float]]:
        """``(dimensions, value)`` of every ``QuarantineGuardExceeded`` datum sent."""
        return [
            (tuple((d["Name"], d["Value"]) for d in datum["Dimensions"]), datum["Value"])
            for call in self.calls
            for datum in call["MetricData"]
            if datum["MetricName"] == "QuarantineGuardExceeded"
        ]


def run(etl_spark, iceberg_namespace, tmp_path, spec, cloudwatch: StubbedCloudWatch):
    store = IcebergSilverStore(etl_spark, iceberg_namespace, "guarded", str(tmp_path / "silver"))
    path = write_file(tmp_path, "b/a.csv", ROWS)
    with cloudwatch.stubber:
        return store, run_bronze_to_silver(
            etl_spark,
            spec,
            [path],
            store,
            str(tmp_path / "q"),
            run_id="g",
            now=NOW,
            publish=lambda counts: publish_metrics(cloudwatch.client, counts),
        )


def test_the_metric_name_is_the_one_the_alarm_reads_from_the_shared_constants():
    shared = json.loads((REPO_ROOT / "glue" / "medallion_glue" / "shared_constants.json").read_text("utf-8"))
    assert QUARANTINE_GUARD_METRIC == shared["quarantine_guard_metric"] == "QuarantineGuardExceeded"


def test_a_run_that_quarantines_every_row_publishes_guard_exceeded_1(etl_spark, iceberg_namespace, tmp_path):
    cloudwatch = StubbedCloudWatch()
    with pytest.raises(QuarantineGuardError, match="quarantined 4 of 4 rows \\(100.0% > 25.0%"):
        run(etl_spark, iceberg_namespace, tmp_path, guarded("qty > 100"), cloudwatch)
    (call,) = cloudwatch.calls
    assert call["Namespace"] == defaults.METRICS_NAMESPACE == "MedallionLake/ETL"
    assert cloudwatch.guard_values() == [((("Dataset", "guarded"),), 1), ((), 1)]
    per_dataset = {d["MetricName"]: d["Value"] for d in call["MetricData"] if len(d["Dimensions"]) == 1}
    # the case RowsHeldBack missed: nothing accepted, so nothing held back
    assert (per_dataset["RowsHeldBack"], per_dataset["RowsQuarantined"], per_dataset["Reconciled"]) == (
        0,
        4,
        1,
    )
    assert all(d["Unit"] == "Count" for d in call["MetricData"])
    # the dimensionless data are the ones lake-wide alarms watch
    assert [(d["MetricName"], d["Value"]) for d in call["MetricData"] if not d["Dimensions"]] == [
        ("QuarantineGuardExceeded", 1),
        ("ObjectsQuarantined", 0),
    ]


def test_a_run_within_the_guard_publishes_guard_exceeded_0(etl_spark, iceberg_namespace, tmp_path):
    cloudwatch = StubbedCloudWatch()
    store, counts = run(etl_spark, iceberg_namespace, tmp_path, guarded("qty > 1"), cloudwatch)
    assert (counts.rows_written, counts.rows_quarantined, counts.quarantine_guard_exceeded) == (3, 1, False)
    assert store.exists()
    assert cloudwatch.guard_values() == [((("Dataset", "guarded"),), 0), ((), 0)]
    assert counts.as_dict()["quarantine_guard_exceeded"] is False


def test_metric_data_sends_1_only_for_a_stopped_run():
    stopped = RunCounts(
        "d", "r", 1, 4, 0, 0, 0, 4, 0, 0, 0, {"failed_filter": 4}, quarantine_guard_exceeded=True
    )
    passed = RunCounts("d", "r", 1, 4, 4, 4, 0, 0, 0, 0, 0, silver_rows_after=4)
    assert [d["Value"] for d in metric_data(stopped) if d["MetricName"] == QUARANTINE_GUARD_METRIC] == [1, 1]
    assert [d["Value"] for d in metric_data(passed) if d["MetricName"] == QUARANTINE_GUARD_METRIC] == [0, 0]


def test_a_batch_whose_every_object_is_unreadable_publishes_objects_quarantined_lake_wide(
    etl_spark, iceberg_namespace, tmp_path
):
    """Such a run writes nothing and succeeds (its objects are quarantined whole, the guard counts rows),
    so ObjectsQuarantined, per Dataset and without a dimension, is what shows it."""
    cloudwatch = StubbedCloudWatch()
    store = IcebergSilverStore(etl_spark, iceberg_namespace, "guarded", str(tmp_path / "silver"))
    empty = write_file(tmp_path, "b/empty.csv", "")
    header_only = write_file(tmp_path, "b/header.csv", "id,ts,qty\n")
    with cloudwatch.stubber:
        counts = run_bronze_to_silver(
            etl_spark,
            guarded("qty > 1"),
            [empty, header_only],
            store,
            str(tmp_path / "q"),
            run_id="u",
            now=NOW,
            publish=lambda c: publish_metrics(cloudwatch.client, c),
        )
    assert (counts.rows_read, counts.objects_unreadable, counts.quarantine_guard_exceeded) == (0, 2, False)
    (call,) = cloudwatch.calls
    objects = [
        (tuple((d["Name"], d["Value"]) for d in datum["Dimensions"]), datum["Value"])
        for datum in call["MetricData"]
        if datum["MetricName"] == OBJECTS_QUARANTINED_METRIC == "ObjectsQuarantined"
    ]
    assert objects == [((("Dataset", "guarded"),), 2), ((), 2)]
    assert not store.exists()
