"""Incremental ingestion of the transactional PostgreSQL table into bronze, with a local bookmark.

Each run copies the rows of ``random_data`` whose bookmark key (``change_seq``: a new value on every
insert, update and soft delete) is above the bookmark and lands them with
:func:`medallion_glue.jdbc.landing.land_in_bronze` in ``<bronze_uri>/<table>/year=YYYY/month=M/``. On
Glue the job bookmark service keeps the bookmark (``glue/jobs/jdbc_to_bronze.py``); locally a
:class:`~medallion_local.jdbc_bookmarks.BookmarkStore` keeps the highest key copied.

The read is bounded: the run first looks up ``max(key)`` and then reads ``last < key <= max``, so every Spark
action sees the same rows even while the simulator keeps writing, and the new bookmark is exactly the
highest key landed. Delivery is at least once: a run that fails after writing bronze but before saving the
bookmark copies those rows again next time (silver merges on ``id``, the latest ``updated_at`` winning).

Like Glue's own JDBC bookmarks, a sequence bookmark assumes values become visible in increasing order; a
transaction that commits a lower value after a higher one was copied would be missed. The simulator writes
every 2 minutes from one connection, and the Glue job runs hourly with at most one concurrent run.

See https://docs.aws.amazon.com/glue/latest/dg/programming-etl-connect-bookmarks.html
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from medallion_glue.jdbc.landing import LandingResult, land_in_bronze, require_utc_session, zone_table_path
from medallion_glue.jdbc.source import DEFAULT_BOOKMARK_KEY, JdbcSource, read_increment, source_max_key
from pyspark import StorageLevel
from pyspark.sql import SparkSession

from medallion_local.jdbc_bookmarks import BookmarkStore

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestResult:
    """Outcome of one :func:`ingest_increment` run.

    Attributes:
        table: Source table as configured.
        previous_bookmark: Highest key copied before the run (``None`` on the first run).
        new_bookmark: Highest key copied after the run (unchanged when there was nothing new).
        landing: Row counts and locations.
    """

    table: str
    previous_bookmark: int | None
    new_bookmark: int | None
    landing: LandingResult

    @property
    def rows_read(self) -> int:
        return self.landing.rows_read

    @property
    def rows_written(self) -> int:
        return self.landing.rows_written

    @property
    def rows_quarantined(self) -> int:
        return self.landing.rows_quarantined


def local_run_id(previous: int | None, max_key: int, key: str = DEFAULT_BOOKMARK_KEY) -> str:
    """Name of a local run: the key range it copies, e.g. ``change_seq-1-250`` then ``change_seq-251-300``."""
    return f"{key}-{(previous or 0) + 1}-{max_key}"


def ingest_increment(
    spark: SparkSession,
    source: JdbcSource,
    bronze_uri: str,
    quarantine_uri: str,
    bookmarks: BookmarkStore,
    now: datetime | None = None,
) -> IngestResult:
    """Copies the rows added since the last bookmark to bronze, then advances the bookmark.

    Steps: read the bookmark; look up ``max(bookmark_key)``; read ``(bookmark, max]``; land it with
    :func:`land_in_bronze` (run id from :func:`local_run_id`); store ``max`` as the new bookmark. Nothing
    is read or written when the table has no row above the bookmark.

    Args:
        now: Run time recorded on quarantined rows. @default ``datetime.now(UTC)``

    Raises:
        JobArgumentError: bad source or locations, or a non-UTC session.
        BookmarkError: the bookmark store is unreadable.
    """
    require_utc_session(spark)
    previous = bookmarks.get(source.table, source.bookmark_key)
    max_key = source_max_key(spark, source)
    if max_key is None or (previous is not None and max_key <= previous):
        if max_key is not None and previous is not None and max_key < previous:
            LOGGER.warning(
                "%s: max(%s)=%s is below the bookmark %s; was the table recreated? Nothing copied; "
                "delete the bookmark to re-ingest.",
                source.table,
                source.bookmark_key,
                max_key,
                previous,
            )
        empty = LandingResult(0, 0, 0, zone_table_path(bronze_uri, source.table_name), "")
        return IngestResult(source.table, previous, previous, empty)
    increment = read_increment(spark, source, previous, max_key).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        landing = land_in_bronze(
            increment,
            source.table,
            bronze_uri,
            quarantine_uri,
            run_id=local_run_id(previous, max_key, source.bookmark_key),
            now=now or datetime.now(UTC),
            event_time_column=source.event_time_column,
        )
    finally:
        increment.unpersist()
    bookmarks.put(source.table, source.bookmark_key, max_key)
    LOGGER.info(
        "%s: copied %s rows (%s to bronze, %s quarantined); bookmark %s -> %s",
        source.table,
        landing.rows_read,
        landing.rows_written,
        landing.rows_quarantined,
        previous,
        max_key,
    )
    return IngestResult(source.table, previous, max_key, landing)
