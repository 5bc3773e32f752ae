"""What every job run ends with: the full trace of a failure in the log, then one JSON summary line and a
one-line cause.

An entry script wraps its whole run in :func:`reported_run`. When the run fails, in this order:

1. the full trace goes to the log (``logging``, ERROR, with ``exc_info``): in Glue the job's error log in
   CloudWatch, locally stderr;
2. ``summary {...}``: one JSON line with ``job``, ``job_run_id``, ``dataset``, ``spec``, ``ok: false``,
   ``failure`` (a kind of :data:`FAILURE_KINDS`), ``cause`` and ``counts`` (the run's reconciliation counts
   when it got that far, else null);
3. ``cause: <one line>`` naming the object (spec file, bronze object, silver table or dataset), the field
   and the fix;
4. the error is raised again with that line as its whole message and without its trace (one of ours,
   :data:`FAILURE_KINDS`, keeps its class; any other becomes :class:`RunFailed`), so the Glue job run ends
   ``FAILED`` with ``<class>: <cause>`` as its ``ErrorMessage``, and the bookmark is not committed.

A run that succeeds logs ``summary {...}`` with ``ok: true`` and its counts.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from medallion_glue.errors import (
    JobArgumentError,
    QualityError,
    QuarantineGuardError,
    ReconciliationError,
    SpecError,
)
from medallion_glue.runtime.run_errors import ReplayError, UnreadableBatchError
from medallion_glue.silver.reconciliation import RunCounts

LOG = logging.getLogger(__name__)

#: Prefix of the summary line (the JSON follows it).
SUMMARY_PREFIX: Final = "summary "
#: Prefix of the cause line.
CAUSE_PREFIX: Final = "cause: "
#: Longest cause line, in characters (a longer one is cut and ends with ``…``).
MAX_CAUSE_CHARS: Final = 600


#: ``(exception class, failure kind)`` in match order; anything else is ``unexpected``.
FAILURE_KINDS: Final[tuple[tuple[type[BaseException], str], ...]] = (
    (SpecError, "spec"),
    (JobArgumentError, "argument"),
    (ReplayError, "replay"),
    (UnreadableBatchError, "unreadable_batch"),
    (ReconciliationError, "reconciliation"),
    (QuarantineGuardError, "quarantine_guard"),
    (QualityError, "quality"),
)
#: The kind of any other exception.
UNEXPECTED: Final = "unexpected"


class RunFailed(RuntimeError):
    """A job run failed with an unexpected error (none of :data:`FAILURE_KINDS`); ``str()`` is its one-line
    cause, ``__context__`` the original error."""


def argv_value(argv: Sequence[str], name: str) -> str | None:
    """The value after ``--name`` in ``argv`` (``--name value`` or ``--name=value``), None when absent:
    the job name and run id a summary needs before the arguments are resolved (or when they cannot be)."""
    flag = f"--{name}"
    for i, arg in enumerate(argv):
        if arg == flag and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(flag + "="):
            return arg[len(flag) + 1 :]
    return None


def failure_kind(error: BaseException) -> str:
    """The kind of ``error``: the first of :data:`FAILURE_KINDS` it is an instance of; ``argument`` for
    ``awsglue``'s ``GlueArgumentError`` (a missing required argument); else ``unexpected``."""
    for cls, kind in FAILURE_KINDS:
        if isinstance(error, cls):
            return kind
    if type(error).__name__ == "GlueArgumentError":
        return "argument"
    return UNEXPECTED


def first_line(error: BaseException) -> str:
    """The first non-blank line of what ``error`` says, without its trace: for a Py4J error, the root Java
    cause's message (``file:/x.parquet is not a Parquet file...``), not ``An error occurred while
    calling``."""
    java = getattr(error, "java_exception", None)
    if java is not None:
        while java.getCause() is not None and java.getCause() != java:
            java = java.getCause()
        message = java.getMessage()
        text = str(message) if message is not None else str(java.toString())
    else:
        text = str(error)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def failure_cause(error: BaseException, where: str) -> str:
    """One line: what failed, naming the object, the field and the fix. ``where`` names the run
    (``dataset flights run jr_...``) for kinds whose message does not name a file.

    A spec error with several problems gives the first and how many more the log lists.
    """
    kind = failure_kind(error)
    if isinstance(error, SpecError):
        more = len(error.issues) - 1
        cause = str(error.issues[0]) + (f" (and {more} more problems, listed in the log)" if more else "")
    elif type(error).__name__ == "GlueArgumentError":  # argparse's words: no subject, no fix
        cause = (
            f"{where}: {first_line(error)}. Pass them as job arguments (medallion_glue/runtime/"
            "job_arguments.json lists each argument and who sets it)."
        )
    elif kind == UNEXPECTED:
        cause = (
            f"{where}: unexpected {type(error).__name__}: {first_line(error)}. Nothing was committed; the "
            "full trace is in the job log: fix what it names and run again, or report it with the log."
        )
    else:
        cause = first_line(error)
    cause = " ".join(cause.split())
    return cause if len(cause) <= MAX_CAUSE_CHARS else cause[: MAX_CAUSE_CHARS - 1] + "…"


@dataclass
class RunReport:
    """What a running job knows for its summary: set ``dataset`` and ``spec`` once the spec is read, and
    pass :meth:`record` as (or inside) the run's ``publish`` so the counts are kept."""

    job: str
    job_run_id: str | None
    dataset: str | None = None
    spec: str | None = None
    counts: RunCounts | None = None
    extra: dict[str, Any] | None = None

    def record(self, counts: RunCounts) -> None:
        """Keep the counts the run reported (the last ones win)."""
        self.counts = counts

    def recording(self, publish: Callable[[RunCounts], None]) -> Callable[[RunCounts], None]:
        """``publish`` that also keeps the counts."""

        def both(counts: RunCounts) -> None:
            self.record(counts)
            publish(counts)

        return both

    def where(self) -> str:
        """``dataset <name> run <job run id>`` (``job <name>`` before the spec is read)."""
        subject = f"dataset {self.dataset}" if self.dataset else f"job {self.job}"
        return f"{subject} run {self.job_run_id}" if self.job_run_id else subject

    def summary(self, failure: str | None = None, cause: str | None = None) -> dict[str, Any]:
        """The summary line's JSON object (see the module docstring)."""
        return {
            "job": self.job,
            "job_run_id": self.job_run_id,
            "dataset": self.dataset,
            "spec": self.spec,
            "ok": failure is None,
            "failure": failure,
            "cause": cause,
            "counts": None if self.counts is None else self.counts.as_dict(),
            **(self.extra or {}),
        }


@contextmanager
def reported_run(job: str, job_run_id: str | None) -> Iterator[RunReport]:
    """Run the block as one job run that always ends with its summary (see the module docstring).

    Raises:
        Exception: what the block raised, its message cut to the one-line cause (:class:`RunFailed` for
            an unexpected error).
    """
    report = RunReport(job, job_run_id)
    try:
        yield report
    except Exception as error:  # every failure ends the same way; the trace goes to the log
        kind = failure_kind(error)
        cause = failure_cause(error, report.where())
        LOG.error("%s failed (%s); full trace:", report.where(), kind, exc_info=error)
        summary = report.summary(kind, cause)
        LOG.error("%s%s", SUMMARY_PREFIX, json.dumps(summary, sort_keys=True))
        LOG.error("%s%s", CAUSE_PREFIX, cause)
        if kind == UNEXPECTED:
            raise RunFailed(cause) from None
        error.args = (cause,)  # ours: str() is args[0]; the class stays for callers that catch it
        raise error.with_traceback(None) from None
    LOG.info("%s%s", SUMMARY_PREFIX, json.dumps(report.summary(), sort_keys=True))
