"""The run's ``_ingested_at`` stamp: what a run writes on its rows and later finds them by."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from pyspark.sql import Column
from pyspark.sql import functions as F

from medallion_glue import defaults
from medallion_glue.silver.merge import Partition
from medallion_glue.silver.store import SilverStore, partition_predicate


def ingested_at_stamp(now: datetime) -> Column:
    """The run's ``_ingested_at`` value (``now`` in UTC, microseconds) as a Spark timestamp literal: what the
    run stamps on its rows and later finds them by."""
    return F.to_timestamp(F.lit(now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")))


def rows_stamped(store: SilverStore, partitions: Sequence[Partition], stamp: Column) -> int:
    """Stored rows of ``partitions`` whose ``_ingested_at`` equals ``stamp`` (this run's time)."""
    stored = store.read() if partitions else None
    if stored is None:
        return 0
    return (
        stored.where(partition_predicate(partitions))
        .where(F.col(defaults.INGESTED_AT_COLUMN) == stamp)
        .count()
    )
