"""One local run of a Glue entry script: its arguments from the job contract, the run, what it reported.

:func:`job_run_arguments` builds a run's arguments in one place, checked against the contract
(``medallion_glue/runtime/job_arguments.json``), plus what Glue and EtlJob add to every run.
:func:`run_job` runs ``glue/jobs/<job>.py`` through :func:`medallion_local.glue_scripts.run_glue_script`
with boto3 offline (:mod:`medallion_local.local_cloudwatch`) and returns the JSON the script logged:
bronze_to_silver logs its reconciliation counts as ``reconciliation {...}``
(:mod:`medallion_glue.runtime.bronze_to_silver`), silver_to_gold its gold row counts as
``gold {"dataset": ..., "rows": {...}}``; in AWS these lines go to the job's CloudWatch log group. Every
script also ends with its ``summary {...}`` line (:mod:`medallion_glue.runtime.failure_output`), kept as
:attr:`JobRun.summary`; a script that fails raises :class:`JobRunFailed` with that summary.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from medallion_glue.runtime import bronze_to_silver, failure_output
from medallion_glue.runtime.job_arguments import job_arguments

from medallion_local.glue_lake import GlueLake
from medallion_local.glue_scripts import run_glue_script
from medallion_local.local_cloudwatch import MetricsRecorder, recording_cloudwatch

#: Special parameters EtlJob sets on both ETL jobs (``components/etl-job/plan.ts``) that the scripts rely on.
ETL_JOB_SPECIAL_PARAMETERS: Final = {
    "job-bookmark-option": "job-bookmark-enable",
    "enable-glue-datacatalog": "true",
}
#: ``(logger name, message prefix)`` of the JSON line each job logs with its result.
RESULT_LOG_LINES: Final = {
    "bronze_to_silver": (bronze_to_silver.LOG.name, "reconciliation "),
    "silver_to_gold": ("silver_to_gold", "gold "),
}
#: Where the metrics the scripts publish are recorded, under the stand-in's root.
METRICS_FILE: Final = "cloudwatch/metrics.jsonl"


def new_job_run_id() -> str:
    """A Glue-shaped job run id: ``jr_`` and 64 hex digits."""
    return f"jr_{secrets.token_hex(32)}"


def job_run_arguments(job: str, values: Mapping[str, str | None]) -> dict[str, str]:
    """The arguments of one run of ``glue/jobs/<job>.py``, as Glue passes them: ``values`` by contract name
    (``None``: not set), ``JOB_RUN_ID`` (Glue sets it on every run) and :data:`ETL_JOB_SPECIAL_PARAMETERS`.

    Raises:
        ValueError: a name of ``values`` is not in the job's contract, or a required argument is unset.
    """
    contract = {argument.name: argument for argument in job_arguments(job)}
    unknown = sorted(set(values) - set(contract))
    missing = [name for name, arg in contract.items() if arg.required and values.get(name) is None]
    if unknown or missing:
        raise ValueError(
            f"job {job}: arguments {unknown} are not in job_arguments.json and {missing} are required but "
            "unset; pass the contract's names"
        )
    arguments = {name: value for name, value in values.items() if value is not None}
    return {"JOB_RUN_ID": new_job_run_id(), **arguments, **ETL_JOB_SPECIAL_PARAMETERS}


@dataclass(frozen=True)
class JobRun:
    """A finished run: its arguments, the JSON of its result line, the metrics it published and its
    ``summary {...}`` line."""

    arguments: dict[str, str]
    result: dict[str, Any]
    metrics: MetricsRecorder
    summary: dict[str, Any]


class JobReportError(RuntimeError):
    """A run did not report what it must: its result line, its summary line, or metrics that match them."""


class JobRunFailed(RuntimeError):
    """A script run failed. ``str()`` is its one-line cause; :attr:`error` is what the script raised (its
    class kept for ours, see :func:`medallion_glue.runtime.failure_output.reported_run`), :attr:`summary`
    the ``summary {...}`` line it logged (``failure``, ``cause``, ``counts``), None when it logged none."""

    def __init__(self, error: Exception, summary: dict[str, Any] | None) -> None:
        self.error = error
        self.summary = summary
        super().__init__(summary["cause"] if summary else str(error))


class _LineCatcher(logging.Handler):
    def __init__(self, prefix: str) -> None:
        super().__init__(logging.INFO)
        self.prefix = prefix
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith(self.prefix):
            self.lines.append(message.removeprefix(self.prefix))


@contextmanager
def _caught_lines(logger_name: str, prefix: str) -> Iterator[list[str]]:
    """The messages of ``logger_name`` starting with ``prefix`` (INFO, whatever the root level)."""
    logger = logging.getLogger(logger_name)
    catcher, level = _LineCatcher(prefix), logger.level
    logger.addHandler(catcher)
    logger.setLevel(logging.INFO)
    try:
        yield catcher.lines
    finally:
        logger.removeHandler(catcher)
        logger.setLevel(level)


def run_job(lake: GlueLake, job: str, values: Mapping[str, str | None]) -> JobRun:
    """Run ``glue/jobs/<job>.py`` on ``lake`` with the arguments :func:`job_run_arguments` builds.

    Raises:
        JobRunFailed: the script raised (a ``SpecError``, ``ReconciliationError``, ``JobArgumentError``, ...
            as :attr:`JobRunFailed.error`).
        JobReportError: the script finished without logging its result line or its summary line.
        ValueError: see :func:`job_run_arguments`.
    """
    arguments = job_run_arguments(job, values)
    labels = {"JOB_NAME": arguments["JOB_NAME"], "JOB_RUN_ID": arguments["JOB_RUN_ID"]}
    logger_name, prefix = RESULT_LOG_LINES[job]
    with (
        recording_cloudwatch(lake.root / METRICS_FILE, labels) as metrics,
        _caught_lines(logger_name, prefix) as lines,
        _caught_lines(failure_output.LOG.name, failure_output.SUMMARY_PREFIX) as summaries,
    ):
        try:
            run_glue_script(job, arguments, lake.root)
        except Exception as error:
            raise JobRunFailed(error, json.loads(summaries[-1]) if summaries else None) from error
    run_id = arguments["JOB_RUN_ID"]
    if len(lines) != 1:
        raise JobReportError(
            f"job {job} run {run_id}: expected one '{prefix.strip()} {{...}}' line from {logger_name}, got "
            f"{len(lines)}"
        )
    if len(summaries) != 1:
        raise JobReportError(
            f"job {job} run {run_id}: expected one '{failure_output.SUMMARY_PREFIX.strip()} {{...}}' line "
            f"from {failure_output.LOG.name}, got {len(summaries)}"
        )
    return JobRun(arguments, json.loads(lines[0]), metrics, json.loads(summaries[0]))
