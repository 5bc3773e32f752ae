"""Why bronze data was quarantined.

Row reasons: one per row, the first that applies, in :data:`ALL_REASONS` order. Object reasons
(:data:`OBJECT_REASONS`): the whole object could not be read as its format, so it is quarantined as
one record (key, size, reason, the parser's message) and none of its rows reach silver.
"""

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

#: All row reasons in precedence order.
ALL_REASONS: Final = (
    MALFORMED_RECORD,
    MISSING_REQUIRED_COLUMN,
    UNPARSEABLE_TIMESTAMP,
    TYPE_MISMATCH,
    FAILED_FILTER,
)

#: Object: the object is 0 bytes.
EMPTY_OBJECT: Final = "empty_object"
#: Object: not 0 bytes but no record: a CSV header alone, only blank text, an empty JSON array, or a
#: gzip stream that decompresses to nothing.
NO_RECORDS: Final = "no_records"
#: Object: a ``.gz`` object that does not decompress (truncated, or not gzip at all).
CORRUPT_GZIP: Final = "corrupt_gzip"
#: Object: bytes that do not decode in the format's ``encoding`` (UTF-8 for JSON formats).
BAD_ENCODING: Final = "bad_encoding"
#: Object: JSON formats: records exist but none is a JSON object (or the document does not split into
#: records: not an array, nothing at ``json_path``).
INVALID_JSON: Final = "invalid_json"
#: Object: a CSV header that shares no column with the dataset's known columns (spec and catalog).
HEADER_MISMATCH: Final = "header_mismatch"

#: All object reasons, in the order the reader checks them.
OBJECT_REASONS: Final = (EMPTY_OBJECT, CORRUPT_GZIP, BAD_ENCODING, NO_RECORDS, HEADER_MISMATCH, INVALID_JSON)
