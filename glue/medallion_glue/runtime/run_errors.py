"""Errors of a job run beyond the shared ones in :mod:`medallion_glue.errors`, each naming the object and
the fix."""

from __future__ import annotations


class UnreadableBatchError(RuntimeError):
    """A bronze object of the batch could not be read at all (it does not exist, or its format's reader
    failed before any row): nothing was written and the bookmark is not committed."""


class ReplayError(ValueError):
    """``--reprocess`` names a run that cannot be replayed, or the dataset cannot be replayed (see
    :mod:`medallion_glue.runtime.replay`)."""
