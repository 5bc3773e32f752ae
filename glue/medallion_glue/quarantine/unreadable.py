"""An object quarantined whole: it could not be read as its format."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UnreadableObject:
    """One bronze object none of whose rows can be read.

    Attributes:
        source_object: The object's URI as Spark names it (``input_file_name()``: ``s3://bucket/key``
            or ``file:///path``, percent-encoded), the same value rows carry in ``_source_object``.
        size_bytes: The object's size as stored (compressed size for ``.gz``), from the filesystem.
        reason: One of :data:`medallion_glue.quarantine.reasons.OBJECT_REASONS`.
        message: What the parser said, one line (no trace).
    """

    source_object: str
    size_bytes: int
    reason: str
    message: str

    def describe(self) -> str:
        """``<object> (<size> bytes): <reason>: <message>``."""
        return f"{self.source_object} ({self.size_bytes} bytes): {self.reason}: {self.message}"
