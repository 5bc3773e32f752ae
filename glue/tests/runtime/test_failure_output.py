"""What every job run ends with (``medallion_glue.runtime.failure_output``): the full trace in the log, one
``summary {...}`` JSON line, one ``cause:`` line, and an error whose message is that line alone."""

from __future__ import annotations

import json
import logging

import pytest
from medallion_glue.errors import QuarantineGuardError, SpecError, SpecIssue
from medallion_glue.runtime.failure_output import (
    CAUSE_PREFIX,
    MAX_CAUSE_CHARS,
    SUMMARY_PREFIX,
    RunFailed,
    argv_value,
    failure_cause,
    failure_kind,
    reported_run,
)
from medallion_glue.runtime.run_errors import ReplayError, UnreadableBatchError
from medallion_glue.silver.reconciliation import RunCounts

LOGGER = "medallion_glue.runtime.failure_output"
ISSUES = [
    SpecIssue(
        "s3://a/specs/flights.yaml", "required_columns[0]", "column 'orgin' is in no bronze object", "Fix"
    ),
    SpecIssue("s3://a/specs/flights.yaml", "schema.delay", "'integr' is not a Spark type", "Use int"),
]


def messages(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER]


def summary_of(caplog) -> dict:
    (line,) = [m for m in messages(caplog) if m.startswith(SUMMARY_PREFIX)]
    return json.loads(line.removeprefix(SUMMARY_PREFIX))


def test_a_spec_error_ends_with_the_summary_and_its_first_issue_as_the_cause(caplog):
    caplog.set_level(logging.INFO, LOGGER)
    with pytest.raises(SpecError) as raised, reported_run("flights-bronze-to-silver", "jr_1") as report:
        report.dataset, report.spec = "flights", "s3://a/specs/flights.yaml"
        raise SpecError(ISSUES)
    cause = (
        "s3://a/specs/flights.yaml: required_columns[0]: column 'orgin' is in no bronze object. Fix "
        "(and 1 more problems, listed in the log)"
    )
    assert str(raised.value) == cause
    assert raised.value.issues == tuple(ISSUES)  # the class and its issues stay for callers
    assert messages(caplog)[-2:] == [
        SUMMARY_PREFIX + json.dumps(summary_of(caplog), sort_keys=True),
        CAUSE_PREFIX + cause,
    ]
    assert summary_of(caplog) == {
        "job": "flights-bronze-to-silver",
        "job_run_id": "jr_1",
        "dataset": "flights",
        "spec": "s3://a/specs/flights.yaml",
        "ok": False,
        "failure": "spec",
        "cause": cause,
        "counts": None,
    }
    trace = [r for r in caplog.records if r.exc_info]
    assert len(trace) == 1 and trace[0].getMessage() == "dataset flights run jr_1 failed (spec); full trace:"
    assert "schema.delay" in str(trace[0].exc_info[1].issues)  # the log keeps every problem


def test_an_unexpected_error_becomes_run_failed_with_one_line_and_the_counts_so_far(caplog):
    caplog.set_level(logging.INFO, LOGGER)
    counts = RunCounts("flights", "r1", 1, 10, 10, 10, 0, 0, 0, 0, 0)
    with pytest.raises(RunFailed) as raised, reported_run("job", "jr_2") as report:
        report.dataset = "flights"
        report.recording(lambda c: None)(counts)
        raise RuntimeError("year is not a column\n\tat org.apache.spark.Something(Line 2)")
    assert str(raised.value) == (
        "dataset flights run jr_2: unexpected RuntimeError: year is not a column. Nothing was committed; the "
        "full trace is in the job log: fix what it names and run again, or report it with the log."
    )
    assert raised.value.__cause__ is None and isinstance(raised.value.__context__, RuntimeError)
    summary = summary_of(caplog)
    assert (summary["failure"], summary["counts"]["rows_read"]) == ("unexpected", 10)


def test_a_successful_run_logs_an_ok_summary_and_no_cause(caplog):
    caplog.set_level(logging.INFO, LOGGER)
    with reported_run("job", None) as report:
        report.extra = {"replayed_runs": ["r0"]}
    assert summary_of(caplog)["ok"] is True
    assert summary_of(caplog)["replayed_runs"] == ["r0"]
    assert not [m for m in messages(caplog) if m.startswith(CAUSE_PREFIX)]


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (ReplayError("x"), "replay"),
        (UnreadableBatchError("x"), "unreadable_batch"),
        (QuarantineGuardError("x"), "quarantine_guard"),
        (type("GlueArgumentError", (Exception,), {})("x"), "argument"),
        (OSError("x"), "unexpected"),
    ],
)
def test_failure_kinds(error, kind):
    assert failure_kind(error) == kind


def test_a_long_cause_is_cut_to_one_line_of_max_cause_chars():
    cause = failure_cause(QuarantineGuardError("a\n" + "b " * 1000), "dataset d")
    assert cause == "a"  # the first line only
    long = failure_cause(QuarantineGuardError("c " * 1000), "dataset d")
    assert len(long) == MAX_CAUSE_CHARS and long.endswith("…") and "\n" not in long


def test_argv_value_reads_both_forms_and_none_when_absent():
    argv = ["script.py", "--JOB_NAME", "flights-bronze-to-silver", "--JOB_RUN_ID=jr_3"]
    assert argv_value(argv, "JOB_NAME") == "flights-bronze-to-silver"
    assert argv_value(argv, "JOB_RUN_ID") == "jr_3"
    assert argv_value(argv, "dataset_spec_uri") is None
    assert argv_value(["--JOB_NAME"], "JOB_NAME") is None
