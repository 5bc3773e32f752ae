"""The quarantine guard of a run: its counts before silver is written, checked against
``quarantine.max_ratio``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from medallion_glue.runtime.run_report import report_counts
from medallion_glue.silver.reconciliation import RunCounts, check_quarantine_guard
from medallion_glue.spec.model import DatasetSpec


def guard_run(
    spec: DatasetSpec,
    run_id: str,
    objects_read: int,
    rows_read: int,
    quarantined: Mapping[str, int],
    objects_unreadable: int,
    objects_quarantined: Mapping[str, int],
    publish: Callable[[RunCounts], None] | None,
) -> None:
    """Stop the run before it writes silver when it quarantined more than the spec's
    ``quarantine.max_ratio`` of its rows: its counts (the accepted rows as ``rows_held_back``, so they
    reconcile, and ``quarantine_guard_exceeded`` True, published as ``QuarantineGuardExceeded`` 1 even when
    every row was quarantined) are reported and published first. A run within the guard reports nothing
    here: its counts, with ``quarantine_guard_exceeded`` False, come at its end.

    Raises:
        QuarantineGuardError: the ratio is above the guard.
    """
    rows_quarantined = sum(quarantined.values())
    guard = RunCounts(
        spec.name,
        run_id,
        objects_read,
        rows_read,
        0,
        0,
        0,
        rows_quarantined,
        0,
        0,
        0,
        quarantined_by_reason=dict(sorted(quarantined.items())),
        objects_unreadable=objects_unreadable,
        objects_quarantined_by_reason=dict(objects_quarantined),
        rows_held_back=rows_read - rows_quarantined,
    )
    if guard.quarantine_ratio > spec.quarantine_max_ratio:
        guard = replace(guard, quarantine_guard_exceeded=True)
        report_counts(guard, publish)
        check_quarantine_guard(guard, spec.quarantine_max_ratio, spec.source_file)
