"""Our own Spark evaluation of a spec's ``quality:`` rules (not of the DQDL text), with the semantics AWS
documents for the DQDL each rule compiles to (docs/quality.md):

- completeness: share of non-null values >= ``min_ratio`` (``Completeness``);
- uniqueness: every row's key (the columns together, a key with at least one non-null part) occurs once; a
  row whose key is all NULL counts as not unique (``IsUnique``, Deequ's uniqueness = 1);
- value range / value set: every value within the inclusive bounds / among the values (compared as
  strings); NULL fails (``ColumnValues``);
- freshness: every event time at most ``max_age`` before ``now``; NULL fails (``DataFreshness``);
- row-count change: ``previous * max(0, 1 - r) <= rows <= previous * (1 + r)``; the first run (no previous
  count) passes (``RowCount`` against ``avg(last(1))``);
- custom SQL: the statement over the batch as the view ``primary`` returns one number within the bounds.

A batch without rows passes every column rule (nothing violates them).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from medallion_glue.quality.result import QualityResult, RuleVerdict
from medallion_glue.quality.rules import QualityRule, quality_rules
from medallion_glue.spec.model import DatasetSpec

#: The name the batch has in custom SQL statements, as in AWS Glue Data Quality's ``CustomSql``.
PRIMARY_VIEW = "primary"


def evaluate_quality(
    spark: SparkSession,
    spec: DatasetSpec,
    frame: DataFrame,
    previous_row_count: int | None,
    now: datetime | None = None,
) -> QualityResult:
    """Evaluate every rule of ``spec.quality`` on ``frame`` (the batch written to silver).

    Args:
        spark: The session (custom SQL runs in it, over the temporary view ``primary``).
        spec: The dataset spec.
        frame: The batch, with silver column names and types.
        previous_row_count: Rows the previous run evaluated, or None for the first run.
        now: The time freshness is measured from. @default the current UTC time.

    Returns:
        One :class:`~medallion_glue.quality.result.RuleVerdict` per rule, in the spec's order;
        ``result.failed`` is True when a ``fail`` rule failed.
    """
    rules = quality_rules(spec)
    if not rules:
        return QualityResult(spec.name, ())
    now = now or datetime.now(UTC)
    rows = frame.count()
    shares = _row_shares(frame, [r for r in rules if r.kind in _ROW_KINDS], now) if rows else {}
    verdicts = []
    for rule in rules:
        if rule.kind == "row_count_change":
            verdicts.append(_row_count_change(rule, rows, previous_row_count))
        elif rule.kind == "custom_sql":
            verdicts.append(_custom_sql(spark, frame, rule))
        elif rows == 0:
            verdicts.append(RuleVerdict(rule.rule_id, True, rule.action, None, "no rows to check"))
        elif rule.kind == "uniqueness":
            verdicts.append(_uniqueness(frame, rule, rows))
        else:
            verdicts.append(_share_verdict(rule, shares[rule.rule_id] / rows))
    return QualityResult(spec.name, tuple(verdicts))


_ROW_KINDS = ("completeness", "value_range", "value_set", "freshness")


def _row_condition(rule: QualityRule, now: datetime):
    """The per-row condition of a row rule; NULL counts as false."""
    column = F.col(f"`{rule.columns[0]}`")
    r = rule.rule
    if rule.kind == "completeness":
        return column.isNotNull()
    if rule.kind == "value_range":
        condition = column.isNotNull()
        if r.min is not None:
            condition = condition & (column >= F.lit(r.min))
        if r.max is not None:
            condition = condition & (column <= F.lit(r.max))
        return condition
    if rule.kind == "value_set":
        return column.isNotNull() & column.cast("string").isin(list(r.values))
    unit = timedelta(hours=1) if r.unit == "hours" else timedelta(days=1)
    oldest = (now - r.max_age * unit).astimezone(UTC).replace(tzinfo=None)
    return column.isNotNull() & (column >= F.lit(oldest))


def _row_shares(frame: DataFrame, rules: list[QualityRule], now: datetime) -> dict[str, int]:
    """Rows satisfying each row rule, in one pass over the batch."""
    if not rules:
        return {}
    counts = frame.agg(
        *[F.sum(F.when(_row_condition(r, now), 1).otherwise(0)).alias(f"r{i}") for i, r in enumerate(rules)]
    ).first()
    return {r.rule_id: int(counts[f"r{i}"] or 0) for i, r in enumerate(rules)}


def _share_verdict(rule: QualityRule, share: float) -> RuleVerdict:
    if rule.kind == "completeness":
        passed = share >= rule.rule.min_ratio
        message = f"{share:.4f} of values are not NULL; at least {rule.rule.min_ratio} required"
    else:
        passed = share == 1.0
        message = f"{share:.4f} of rows pass; every row must"
    return RuleVerdict(rule.rule_id, passed, rule.action, share, message)


def _uniqueness(frame: DataFrame, rule: QualityRule, rows: int) -> RuleVerdict:
    columns = [F.col(f"`{c}`") for c in rule.columns]
    any_set = columns[0].isNotNull()
    for column in columns[1:]:
        any_set = any_set | column.isNotNull()
    unique = frame.where(any_set).groupBy(*columns).count().where(F.col("count") == 1).count()
    share = unique / rows
    return RuleVerdict(
        rule.rule_id,
        unique == rows,
        rule.action,
        share,
        f"{unique} of {rows} rows have a key no other row has; every row must",
    )


def _row_count_change(rule: QualityRule, rows: int, previous: int | None) -> RuleVerdict:
    if previous is None:
        return RuleVerdict(rule.rule_id, True, rule.action, float(rows), f"{rows} rows; no previous run")
    ratio = rule.rule.max_change_ratio
    low, high = previous * max(0.0, 1 - ratio), previous * (1 + ratio)
    return RuleVerdict(
        rule.rule_id,
        low <= rows <= high,
        rule.action,
        float(rows),
        f"{rows} rows; the previous run had {previous}, so {low:g} to {high:g} pass",
    )


def _custom_sql(spark: SparkSession, frame: DataFrame, rule: QualityRule) -> RuleVerdict:
    r = rule.rule
    frame.createOrReplaceTempView(PRIMARY_VIEW)
    try:
        result = spark.sql(r.sql).collect()
    finally:
        spark.catalog.dropTempView(PRIMARY_VIEW)
    if len(result) != 1 or len(result[0]) != 1 or not isinstance(result[0][0], int | float):
        return RuleVerdict(
            rule.rule_id, False, rule.action, None, f"the statement returned {result!r}, not one number"
        )
    value = float(result[0][0])
    passed = (r.min is None or value >= r.min) and (r.max is None or value <= r.max)
    return RuleVerdict(
        rule.rule_id, passed, rule.action, value, f"the statement returned {value:g}; {_bounds(r)}"
    )


def _bounds(rule) -> str:
    parts = [
        f">= {rule.min:g}" if rule.min is not None else "",
        f"<= {rule.max:g}" if rule.max is not None else "",
    ]
    return "required " + " and ".join(p for p in parts if p)
