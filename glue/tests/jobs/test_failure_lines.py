"""Each entry script EtlJob uploads ends a failed run with its ``summary {...}`` line and a one-line
``cause:``, the trace in the log and the cause as the error's whole message (here: argument errors, which
fail before any Spark work; the Spark failures are in ``glue/tests/local/test_runner_failures.py``)."""

from __future__ import annotations

import json
import logging

import pytest
from medallion_glue.errors import JobArgumentError
from medallion_local.glue_scripts import run_glue_script

LOGGER = "medallion_glue.runtime.failure_output"


def failure_lines(caplog) -> tuple[list[logging.LogRecord], dict, str]:
    records = [r for r in caplog.records if r.name == LOGGER]
    summary = json.loads(records[-2].getMessage().removeprefix("summary "))
    return records, summary, records[-1].getMessage()


@pytest.mark.parametrize(
    ("script", "missing"),
    [
        (
            "bronze_to_silver",
            "--dataset_spec_uri, --bronze_uri, --silver_uri, --quarantine_uri, --silver_database",
        ),
        (
            "silver_to_gold",
            "--dataset_spec_uri, --gold_sql_uri, --silver_database, --gold_database, --gold_uri",
        ),
        ("jdbc_to_bronze", "--connection_name, --source_table, --bronze_uri, --quarantine_uri"),
    ],
)
def test_a_missing_argument_ends_with_the_summary_and_the_cause(script, missing, tmp_path, caplog):
    caplog.set_level(logging.INFO, LOGGER)
    job = f"flights-{script}"
    with pytest.raises(Exception) as raised:
        run_glue_script(script, {"JOB_NAME": job, "JOB_RUN_ID": "jr_0042"}, tmp_path)
    records, summary, cause = failure_lines(caplog)
    assert [r.exc_info is not None for r in records] == [True, False, False]
    assert cause == f"cause: {raised.value}"
    assert str(raised.value) == (
        f"job {job} run jr_0042: the following arguments are required: {missing}. Pass them as job arguments "
        "(medallion_glue/runtime/job_arguments.json lists each argument and who sets it)."
    )
    assert type(raised.value).__name__ == "GlueArgumentError"
    assert summary == {
        "job": job,
        "job_run_id": "jr_0042",
        "dataset": None,
        "spec": None,
        "ok": False,
        "failure": "argument",
        "cause": str(raised.value),
        "counts": None,
    }


def test_reprocess_with_source_keys_is_refused_by_the_bronze_to_silver_script(tmp_path, caplog):
    caplog.set_level(logging.INFO, LOGGER)
    arguments = {
        "JOB_NAME": "flights-bronze-to-silver",
        "JOB_RUN_ID": "jr_0043",
        "dataset_spec_uri": "s3://artifacts/flights.yaml",
        "bronze_uri": "s3://lake/bronze/",
        "silver_uri": "s3://lake/silver/",
        "quarantine_uri": "s3://lake/quarantine/",
        "silver_database": "silver",
        "source_keys": '["s3://lake/bronze/flights/a.csv"]',
        "reprocess": "all",
    }
    with pytest.raises(JobArgumentError) as raised:
        run_glue_script("bronze_to_silver", arguments, tmp_path)
    message = (
        "--reprocess and --source_keys: both given; a replay reads the objects of the quarantine runs it "
        "takes back. Pass one of them."
    )
    assert str(raised.value) == message
    _, summary, cause = failure_lines(caplog)
    assert (summary["failure"], summary["cause"], cause) == ("argument", message, f"cause: {message}")
