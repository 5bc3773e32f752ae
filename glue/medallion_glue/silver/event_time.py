"""Parse the event-time column and derive the ``year``/``month`` partition columns.

Formats are tried in order; the first that parses wins. Spark datetime patterns follow
https://spark.apache.org/docs/3.5.6/sql-ref-datetime-pattern.html and need
``spark.sql.legacy.timeParserPolicy=CORRECTED`` (set by
:func:`medallion_glue.runtime.spark_session.configure`).
"""

from __future__ import annotations

from collections.abc import Sequence

from pyspark.sql import Column
from pyspark.sql import functions as F

from medallion_glue import defaults
from medallion_glue.spec.model import DEFAULT_EVENT_TIMEZONE, EPOCH_MILLIS, EPOCH_SECONDS, ISO8601

# Epoch values: an optional sign and up to 12 (seconds) or 15 (milliseconds) digits, which keeps
# the conversion clear of overflow.
_EPOCH_SECONDS = r"^\s*-?[0-9]{1,12}(\.[0-9]+)?\s*$"
_EPOCH_MILLIS = r"^\s*-?[0-9]{1,15}\s*$"
_ZONE_LETTERS = set("XxZzVO")


def parse_event_time(text: Column, formats: Sequence[str], timezone: str) -> Column:
    """Return a timestamp parsed from the string column ``text``, NULL when no format fits.

    Args:
        text: String column holding the event time.
        formats: Spark datetime patterns, or the tokens ``iso8601`` (anything Spark casts to a
            timestamp, with or without offset), ``epoch_seconds`` or ``epoch_millis``.
        timezone: IANA zone of values parsed with a pattern that has no zone field; they are
            converted to UTC. ISO 8601 values with an offset and epochs are absolute already.

    Raises:
        ValueError: ``formats`` is empty.
    """
    if not formats:
        raise ValueError("parse_event_time needs at least one format")
    candidates = [_parse_one(text, fmt, timezone) for fmt in formats]
    return candidates[0] if len(candidates) == 1 else F.coalesce(*candidates)


def _parse_one(text: Column, fmt: str, timezone: str) -> Column:
    if fmt == ISO8601:
        return F.try_to_timestamp(text)
    if fmt == EPOCH_SECONDS:
        return F.when(text.rlike(_EPOCH_SECONDS), F.timestamp_seconds(F.trim(text).cast("double")))
    if fmt == EPOCH_MILLIS:
        return F.when(text.rlike(_EPOCH_MILLIS), F.timestamp_millis(F.trim(text).cast("bigint")))
    parsed = F.try_to_timestamp(text, F.lit(fmt))
    if timezone != DEFAULT_EVENT_TIMEZONE and not (_ZONE_LETTERS & set(fmt)):
        parsed = F.to_utc_timestamp(parsed, timezone)
    return parsed


def partition_columns(event_time: Column) -> list[Column]:
    """``year`` and ``month`` (ints, UTC) of a timestamp column, named as in
    :data:`medallion_glue.defaults.PARTITION_COLUMNS`."""
    year_name, month_name = defaults.PARTITION_COLUMNS
    return [F.year(event_time).alias(year_name), F.month(event_time).alias(month_name)]
