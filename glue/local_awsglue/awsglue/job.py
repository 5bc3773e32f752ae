"""``Job``: ``init`` starts a run and loads the job bookmark, ``commit`` saves what the run read.

As in Glue (https://docs.aws.amazon.com/glue/latest/dg/monitor-continuations.html), bookmark state is kept
per job name and ``transformation_ctx``; reads record their new state as pending, and only
``Job.commit()`` makes it the committed state, so a run that fails before the commit reads the same
input again. ``--job-bookmark-option``: ``job-bookmark-enable`` filters reads and commits;
``job-bookmark-pause`` filters reads but never updates the state; ``job-bookmark-disable`` (Glue's
default) reads everything and commits nothing. Committed state: ``<root>/bookmarks/<JOB_NAME>.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from awsglue import local_state

ENABLE, PAUSE, DISABLE = "job-bookmark-enable", "job-bookmark-pause", "job-bookmark-disable"

_active: Job | None = None


def active_job() -> Job | None:
    """The job between ``init`` and ``commit`` in this process (Glue's JVM holds one as well)."""
    return _active


class Job:
    """One Glue job run."""

    @classmethod
    def continuation_options(cls) -> list[str]:
        return [
            "--continuation-option",
            "continuation-enabled",
            "continuation-readonly",
            "continuation-ignore",
        ]

    @classmethod
    def job_bookmark_options(cls) -> list[str]:
        return ["--job-bookmark-option", ENABLE, PAUSE, DISABLE]

    @classmethod
    def job_bookmark_range_options(cls) -> list[str]:
        return ["--job-bookmark-from", "--job-bookmark-to"]

    @classmethod
    def id_params(cls) -> list[str]:
        return ["--JOB_NAME", "--JOB_ID", "--JOB_RUN_ID", "--SECURITY_CONFIGURATION"]

    @classmethod
    def encryption_type_options(cls) -> list[str]:
        return ["--encryption-type", "sse-s3"]

    def __init__(self, glue_context: Any) -> None:
        self._glue_context = glue_context
        self._name: str | None = None
        self._option = DISABLE
        self._committed: dict[str, Any] = {}
        self._pending: dict[str, Any] = {}

    def init(self, job_name: str, args: Mapping[str, Any] | None = None) -> None:
        """Start the run: read ``job_bookmark_option`` from ``args`` and load the committed bookmark."""
        global _active
        self._name = job_name
        self._option = (args or {}).get("job_bookmark_option") or DISABLE
        self._committed = local_state.read_json(self._bookmark_file(), {}) if self._option != DISABLE else {}
        self._pending = {}
        _active = self

    def isInitialized(self) -> bool:  # noqa: N802 - Glue's name
        return self._name is not None

    def commit(self) -> None:
        """End the run: with ``job-bookmark-enable``, the state recorded by this run's reads is committed."""
        global _active
        if self._name is None:
            raise RuntimeError("Job.commit() before Job.init()")
        if self._option == ENABLE and self._pending:
            local_state.write_json(self._bookmark_file(), {**self._committed, **self._pending})
        self._committed = {**self._committed, **self._pending}
        self._pending = {}
        if _active is self:
            _active = None

    def bookmark_state(self, transformation_ctx: str) -> Any | None:
        """The committed state of ``transformation_ctx`` (None without bookmarks or on a first run)."""
        if not transformation_ctx or self._option == DISABLE:
            return None
        return self._committed.get(transformation_ctx)

    def record_state(self, transformation_ctx: str, state: Any) -> None:
        """Record what a read of ``transformation_ctx`` consumed; committed by :meth:`commit`."""
        if transformation_ctx and self._option == ENABLE:
            self._pending[transformation_ctx] = state

    def _bookmark_file(self):
        return local_state.local_root() / "bookmarks" / f"{self._name}.json"
