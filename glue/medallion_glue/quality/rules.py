"""A spec's ``quality:`` rules as one ordered list, each with its id and action.

The order (completeness, uniqueness, value_ranges, value_sets, freshness, row_count_change, custom_sql, each
as the spec lists them) and the ids ``<kind>:<column(s)>`` are those of ``spec/quality-rules.ts``, which the
DQDL compiler uses; ``glue/tests/quality/`` checks that both sides name the rules of the golden rulesets
alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from medallion_glue.spec.model import DatasetSpec

Kind = Literal[
    "completeness", "uniqueness", "value_range", "value_set", "freshness", "row_count_change", "custom_sql"
]


@dataclass(frozen=True)
class QualityRule:
    """One rule: its kind, id, action, the columns it reads and the generated dataclass of the spec."""

    kind: Kind
    rule_id: str
    action: Literal["warn", "fail"]
    columns: tuple[str, ...]
    rule: Any


def quality_rules(spec: DatasetSpec) -> tuple[QualityRule, ...]:
    """Every rule of ``spec.quality`` (schema defaults already applied by the loader)."""
    q = spec.quality
    rules: list[QualityRule] = []
    for r in q.completeness or ():
        rules.append(QualityRule("completeness", f"completeness:{r.column}", r.action, (r.column,), r))
    for r in q.uniqueness or ():
        columns = tuple(r.columns)
        rules.append(QualityRule("uniqueness", "uniqueness:" + "+".join(columns), r.action, columns, r))
    for r in q.value_ranges or ():
        rules.append(QualityRule("value_range", f"value_range:{r.column}", r.action, (r.column,), r))
    for r in q.value_sets or ():
        rules.append(QualityRule("value_set", f"value_set:{r.column}", r.action, (r.column,), r))
    if q.freshness:
        column = spec.event_time.column
        rules.append(
            QualityRule("freshness", f"freshness:{column}", q.freshness.action, (column,), q.freshness)
        )
    if q.row_count_change:
        r = q.row_count_change
        rules.append(QualityRule("row_count_change", "row_count_change", r.action, (), r))
    for r in q.custom_sql or ():
        rules.append(QualityRule("custom_sql", f"custom_sql:{r.name}", r.action, (), r))
    return tuple(rules)
