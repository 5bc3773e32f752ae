"""Per-run counts of bronze-to-silver, the reconciliation rule, and their CloudWatch metrics.

Rule: ``rows_read == rows_written + rows_quarantined + duplicates_removed``, where ``rows_written``
and ``rows_quarantined`` are counted back from what the run stored (silver rows stamped with the
run's ``_ingested_at``; lines of the run's quarantine output), and the written silver partitions
hold ``silver_rows_before + rows_inserted`` rows. A run whose counts break it fails
(:class:`~medallion_glue.errors.ReconciliationError`) before its bookmark is committed, so the
same objects are read again by the next run.

Metric names the stack's alarms watch come from ``shared_constants.json`` (``quarantine_guard_metric``:
:data:`QUARANTINE_GUARD_METRIC`; ``objects_quarantined_metric``: :data:`OBJECTS_QUARANTINED_METRIC`), which
``components/trigger-lambda/alarms.ts`` reads too.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Any, Final

from medallion_glue import defaults
from medallion_glue.errors import QuarantineGuardError, ReconciliationError

_SHARED: Final[dict[str, Any]] = json.loads(
    resources.files("medallion_glue").joinpath("shared_constants.json").read_text(encoding="utf-8")
)
#: Per run: 1 when the quarantine guard stopped it (:attr:`RunCounts.quarantine_guard_exceeded`), else 0;
#: sent with dimension ``Dataset`` and without a dimension (the lake's one quarantine-guard alarm watches
#: that one, Maximum >= 1).
QUARANTINE_GUARD_METRIC: Final[str] = _SHARED["quarantine_guard_metric"]
#: Per run: the objects quarantined whole (0-byte, corrupt gzip, ...); sent with dimension ``Dataset`` and
#: without a dimension, so one lake-wide alarm (Maximum >= 1) can watch every dataset: a run whose every
#: object was unreadable writes nothing and still succeeds (its objects are in quarantine, the ledger moves).
OBJECTS_QUARANTINED_METRIC: Final[str] = _SHARED["objects_quarantined_metric"]


@dataclass(frozen=True)
class RunCounts:
    """Counts of one bronze-to-silver run of one dataset.

    Attributes:
        dataset, run_id: What ran.
        objects_read: Bronze objects read.
        rows_read: Records read (including malformed ones).
        rows_written: Batch rows found in silver after the write (read back: rows of the written
            partitions stamped with this run's ``_ingested_at``); should be
            ``rows_inserted + rows_updated``.
        rows_inserted, rows_updated: New keys, and keys whose stored row was replaced (from the
            merge's classification of the batch).
        rows_quarantined: Rows found in this run's quarantine output (read back);
            ``quarantined_by_reason`` splits them by ``reason=`` folder.
        duplicates_removed: ``duplicates_in_batch + duplicates_of_silver``.
        partitions_written: ``"year=YYYY/month=M"`` of each overwritten partition.
        silver_rows_before, silver_rows_after: Stored rows of the written partitions before and
            after the write (after must equal before + inserted).
        objects_unreadable: Objects the reader could not read as their format (0-byte, header-only,
            corrupt gzip, wrong encoding, invalid JSON, no shared column); their rows are not in
            ``rows_read``. ``objects_quarantined_by_reason`` counts them back from the quarantine
            output (one line per object): every one must be quarantined whole.
        rows_held_back: Accepted rows not written because the quarantine guard stopped the run
            (:func:`check_quarantine_guard`); 0 otherwise. A run that quarantined every row holds
            none back, so this alone does not tell a stopped run.
        quarantine_guard_exceeded: True when the quarantine guard stopped the run (its ratio was above
            the spec's ``quarantine.max_ratio``), published as :data:`QUARANTINE_GUARD_METRIC` 1; False
            (0) for every other run.
    """

    dataset: str
    run_id: str
    objects_read: int
    rows_read: int
    rows_written: int
    rows_inserted: int
    rows_updated: int
    rows_quarantined: int
    duplicates_removed: int
    duplicates_in_batch: int
    duplicates_of_silver: int
    quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    partitions_written: tuple[str, ...] = ()
    silver_rows_before: int = 0
    silver_rows_after: int = 0
    objects_unreadable: int = 0
    objects_quarantined_by_reason: dict[str, int] = field(default_factory=dict)
    rows_held_back: int = 0
    quarantine_guard_exceeded: bool = False

    @property
    def quarantine_ratio(self) -> float:
        """``rows_quarantined / rows_read`` (0 for a run that read no row)."""
        return self.rows_quarantined / self.rows_read if self.rows_read else 0.0

    @property
    def reconciles(self) -> bool:
        """True when every read row is accounted for and the stored partitions hold what they should."""
        return (
            self.rows_read
            == self.rows_written + self.rows_quarantined + self.duplicates_removed + self.rows_held_back
            and self.rows_quarantined == sum(self.quarantined_by_reason.values())
            and self.silver_rows_after == self.silver_rows_before + self.rows_inserted
            and self.objects_unreadable == sum(self.objects_quarantined_by_reason.values())
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict (adds ``reconciled``)."""
        return {
            **asdict(self),
            "partitions_written": list(self.partitions_written),
            "reconciled": self.reconciles,
        }

    def to_json(self) -> str:
        """One-line JSON of :meth:`as_dict`, keys sorted."""
        return json.dumps(self.as_dict(), sort_keys=True)


def check_reconciliation(counts: RunCounts) -> None:
    """Raise :class:`ReconciliationError` (with the counts) unless ``counts.reconciles``."""
    if not counts.reconciles:
        raise ReconciliationError(
            f"dataset {counts.dataset} run {counts.run_id} does not reconcile: rows_read={counts.rows_read} "
            f"!= rows_written={counts.rows_written} + rows_quarantined={counts.rows_quarantined} "
            f"+ duplicates_removed={counts.duplicates_removed}, or silver rows after="
            f"{counts.silver_rows_after} != before={counts.silver_rows_before} + inserted="
            f"{counts.rows_inserted}, or objects_unreadable={counts.objects_unreadable} != objects "
            f"quarantined={sum(counts.objects_quarantined_by_reason.values())} (rows_written and "
            "rows_quarantined are counted back from silver and "
            f"the quarantine output; the merge classified {counts.rows_inserted} inserted + "
            f"{counts.rows_updated} updated). The bookmark was not committed; investigate before re-running."
        )


def check_quarantine_guard(counts: RunCounts, max_ratio: float, source_file: str) -> None:
    """Raise :class:`~medallion_glue.errors.QuarantineGuardError` when the batch quarantined more than
    ``max_ratio`` of its rows (the spec's ``quarantine.max_ratio``)."""
    if counts.quarantine_ratio > max_ratio:
        top = max(counts.quarantined_by_reason.items(), key=lambda item: item[1], default=("none", 0))
        raise QuarantineGuardError(
            f"{source_file}: quarantine.max_ratio: dataset {counts.dataset} run {counts.run_id} quarantined "
            f"{counts.rows_quarantined} of {counts.rows_read} rows ({counts.quarantine_ratio:.1%} > "
            f"{max_ratio:.1%}; most as {top[0]}: {top[1]}). Nothing was written to silver and the bookmark "
            "was not committed. Check the drop and the spec (a misspelled column quarantines every row), "
            "then run again, or raise quarantine.max_ratio if this share is expected."
        )


def metric_data(counts: RunCounts) -> list[dict[str, Any]]:
    """CloudWatch ``PutMetricData`` ``MetricData`` entries for a run (namespace
    :data:`~medallion_glue.defaults.METRICS_NAMESPACE`, dimension ``Dataset``), per
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html.
    Per-reason quarantine counts carry a second dimension ``Reason``; :data:`QUARANTINE_GUARD_METRIC` (1 when
    the guard stopped the run, else 0) and :data:`OBJECTS_QUARANTINED_METRIC` are also sent without a
    dimension, for lake-wide alarms (CloudWatch matches an alarm's metric on its exact dimensions)."""
    dataset = [{"Name": "Dataset", "Value": counts.dataset}]
    guard_exceeded = 1 if counts.quarantine_guard_exceeded else 0
    objects_quarantined = sum(counts.objects_quarantined_by_reason.values())
    values = {
        "RowsRead": counts.rows_read,
        "RowsWritten": counts.rows_written,
        "RowsQuarantined": counts.rows_quarantined,
        "DuplicatesRemoved": counts.duplicates_removed,
        "ObjectsRead": counts.objects_read,
        OBJECTS_QUARANTINED_METRIC: objects_quarantined,
        "QuarantineRatio": round(counts.quarantine_ratio, 6),
        "RowsHeldBack": counts.rows_held_back,
        QUARANTINE_GUARD_METRIC: guard_exceeded,
        "Reconciled": 1 if counts.reconciles else 0,
    }
    data = [
        {"MetricName": name, "Dimensions": dataset, "Value": value, "Unit": "Count"}
        for name, value in values.items()
    ]
    # Also without a dimension: the stack's one quarantine-guard alarm watches every dataset, and one
    # alarm on objects quarantined whole can.
    data.append(
        {"MetricName": QUARANTINE_GUARD_METRIC, "Dimensions": [], "Value": guard_exceeded, "Unit": "Count"}
    )
    data.append(
        {
            "MetricName": OBJECTS_QUARANTINED_METRIC,
            "Dimensions": [],
            "Value": objects_quarantined,
            "Unit": "Count",
        }
    )
    for reason, value in sorted(counts.quarantined_by_reason.items()):
        data.append(
            {
                "MetricName": "RowsQuarantined",
                "Dimensions": [*dataset, {"Name": "Reason", "Value": reason}],
                "Value": value,
                "Unit": "Count",
            }
        )
    return data


#: Re-exported for callers that only import this module.
METRICS_NAMESPACE = defaults.METRICS_NAMESPACE
