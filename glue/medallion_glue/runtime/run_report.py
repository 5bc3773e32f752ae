"""The run's reconciliation line: its counts logged as one JSON line, then published.

The local runner finds a run's counts by this logger's name and the ``reconciliation `` prefix
(:data:`RECONCILIATION_PREFIX`); in AWS the line goes to the job's CloudWatch log group.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from medallion_glue.silver.reconciliation import RunCounts

LOG = logging.getLogger("medallion_glue.runtime.bronze_to_silver")
#: Prefix of the counts line (the JSON follows it).
RECONCILIATION_PREFIX = "reconciliation "


def report_counts(counts: RunCounts, publish: Callable[[RunCounts], None] | None) -> None:
    """Log ``counts`` as ``reconciliation {...}`` and hand them to ``publish`` (when given), before any
    check of them raises, so a run that fails still reports what it counted."""
    LOG.info("%s%s", RECONCILIATION_PREFIX, counts.to_json())
    if publish is not None:
        publish(counts)
