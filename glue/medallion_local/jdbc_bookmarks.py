"""Local job bookmarks for the incremental JDBC ingestion: the highest key copied, per source table.

In Glue the job bookmark service keeps this state (``jobBookmarkKeys=["id"]``); the local runner and the
tests keep it in one JSON file instead::

    {
      "random_data": {"key_column": "id", "value": 42, "updated_at": "2024-06-30T23:59:00+00:00"}
    }

Writes are atomic (temp file + ``os.replace``), so a crash never leaves a half-written bookmark.

See https://docs.aws.amazon.com/glue/latest/dg/programming-etl-connect-bookmarks.html
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol


class BookmarkError(ValueError):
    """The bookmark file is unreadable or holds a bookmark of another shape or key column."""


class BookmarkStore(Protocol):
    """Where the highest copied key of each table is kept."""

    def get(self, table: str, key_column: str) -> int | None:
        """Highest key already copied from ``table``, or ``None`` before the first run."""
        ...

    def put(self, table: str, key_column: str, value: int) -> None:
        """Records ``value`` as the highest key copied from ``table``."""
        ...


class LocalBookmarkStore:
    """A :class:`BookmarkStore` in one JSON file (created on the first ``put``).

    Args:
        path: JSON file, e.g. ``<lake-dir>/_state/jdbc_bookmarks.json``.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def _load(self) -> dict[str, dict[str, object]]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise BookmarkError(
                f"Bookmark file {self.path} is not readable JSON ({error}): fix it, or delete it to "
                "re-ingest every row."
            ) from error
        if not isinstance(data, dict):
            raise BookmarkError(
                f"Bookmark file {self.path} must hold a JSON object keyed by table: delete it to re-ingest."
            )
        return data

    def get(self, table: str, key_column: str) -> int | None:
        """See :meth:`BookmarkStore.get`.

        Raises:
            BookmarkError: the file is not JSON, or the table's entry has another key column or a
                non-integer value.
        """
        entry = self._load().get(table)
        if entry is None:
            return None
        if not isinstance(entry, dict) or entry.get("key_column") != key_column:
            raise BookmarkError(
                f"Bookmark of {table} in {self.path} is not keyed on {key_column!r}: remove the "
                f"{table!r} entry to re-ingest the table with the new key."
            )
        value = entry.get("value")
        if not isinstance(value, int) or isinstance(value, bool):
            raise BookmarkError(
                f"Bookmark of {table} in {self.path} has value {value!r}, not an integer {key_column}: "
                f"set it to the highest {key_column} already copied, or remove the entry."
            )
        return value

    def put(self, table: str, key_column: str, value: int) -> None:
        """See :meth:`BookmarkStore.put`; replaces the file atomically."""
        data = self._load()
        data[table] = {
            "key_column": key_column,
            "value": int(value),
            "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as temp:
                json.dump(data, temp, indent=2, sort_keys=True)
                temp.write("\n")
            os.replace(temp_name, self.path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
