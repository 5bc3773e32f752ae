"""Exceptions raised by the ETL, each naming what is wrong and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpecIssue:
    """One problem in a dataset spec.

    Attributes:
        file: Path of the spec file (as given to the loader).
        field: Dotted path of the offending field, e.g. ``bronze.format.delimiter``; ``(root)`` for
            the document itself.
        problem: What is wrong, without a trailing period.
        fix: How to fix it, one sentence.
    """

    file: str
    field: str
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.problem}. {self.fix}"


class SpecError(ValueError):
    """A dataset spec is invalid. ``str()`` lists one ``<file>: <field>: <problem>. <fix>`` per line."""

    def __init__(self, issues: list[SpecIssue]) -> None:
        if not issues:
            raise ValueError("SpecError needs at least one issue")
        self.issues = tuple(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


class ReconciliationError(RuntimeError):
    """A run's counts do not add up (rows read != written + quarantined + duplicates removed)."""


class JobArgumentError(ValueError):
    """A Glue job argument or local runner option is missing or malformed."""


class QualityError(RuntimeError):
    """A ``fail`` rule of the spec's ``quality:`` block failed on the batch; the run's silver commit was
    rolled back and its bookmark is not committed."""


class QuarantineGuardError(RuntimeError):
    """A run quarantined more than the spec's ``quarantine.max_ratio`` of its rows; nothing was written to
    silver and its bookmark is not committed."""
