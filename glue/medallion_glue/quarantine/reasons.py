"""Why a bronze row was quarantined. One reason per row: the first that applies, in this order."""

from __future__ import annotations

from typing import Final

#: The record could not be parsed at all (bad CSV quoting or field count, invalid JSON, not an object).
MALFORMED_RECORD: Final = "malformed_record"
#: A required column (``required_columns``, the primary key or the event time) is null or blank.
MISSING_REQUIRED_COLUMN: Final = "missing_required_column"
#: The event-time value matches none of ``event_time.formats``.
UNPARSEABLE_TIMESTAMP: Final = "unparseable_timestamp"
#: A non-blank value does not cast to the column's type.
TYPE_MISMATCH: Final = "type_mismatch"
#: The row does not satisfy a ``row_filters`` predicate (NULL counts as not satisfied).
FAILED_FILTER: Final = "failed_filter"

#: All reasons in precedence order.
ALL_REASONS: Final = (
    MALFORMED_RECORD,
    MISSING_REQUIRED_COLUMN,
    UNPARSEABLE_TIMESTAMP,
    TYPE_MISMATCH,
    FAILED_FILTER,
)
