"""Local stand-in for a Glue job bookmark: which bronze objects a job already processed.

Glue bookmarks an S3 source by object and last-modified time
(https://docs.aws.amazon.com/glue/latest/dg/monitor-continuations.html); this keeps the same
information in ``<lake>/_state/bookmarks/<job>.json``: ``{"objects": {path: {"size": n,
"mtime_ns": t}}}``. As with ``Job.commit()``, nothing is recorded until :meth:`commit`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path


class LocalBookmark:
    """Tracks processed files of one job; an object is new when unseen or changed (size or mtime)."""

    def __init__(self, state_file: str | Path) -> None:
        self.state_file = Path(state_file)
        self._pending: dict[str, dict[str, int]] = {}

    def _processed(self) -> dict[str, dict[str, int]]:
        if not self.state_file.exists():
            return {}
        return json.loads(self.state_file.read_text(encoding="utf-8"))["objects"]

    @staticmethod
    def _stamp(path: Path) -> dict[str, int]:
        stat = path.stat()
        return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}

    def new_objects(self, candidates: Iterable[str | Path]) -> list[Path]:
        """The candidates not processed yet (or changed since), sorted; staged for :meth:`commit`."""
        processed = self._processed()
        fresh = []
        for candidate in sorted(Path(c).resolve() for c in candidates):
            stamp = self._stamp(candidate)
            if processed.get(str(candidate)) != stamp:
                fresh.append(candidate)
                self._pending[str(candidate)] = stamp
        return fresh

    def commit(self) -> int:
        """Record the staged objects as processed; returns how many were recorded."""
        if not self._pending:
            return 0
        processed = self._processed()
        processed.update(self._pending)
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"objects": processed}, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.state_file)
        count = len(self._pending)
        self._pending = {}
        return count
