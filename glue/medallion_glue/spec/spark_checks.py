"""Spec checks that need Spark's parsers: column types, datetime patterns and row filters.

Run at the start of every bronze-to-silver batch, before any data is read beyond the header, so
a typo fails fast with ``<file>: <field>: <problem>. <fix>``.
"""

from __future__ import annotations

from collections.abc import Mapping

from py4j.protocol import Py4JJavaError
from pyspark.errors import PySparkException
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from medallion_glue import defaults
from medallion_glue.errors import SpecError, SpecIssue
from medallion_glue.spec.model import FORMAT_TOKENS, DatasetSpec


def check_spec_with_spark(spark: SparkSession, spec: DatasetSpec, column_types: Mapping[str, str]) -> None:
    """Validate the spec's types, event-time patterns and row filters against the batch columns.

    Args:
        spark: Any session.
        spec: The dataset spec.
        column_types: Silver data column -> Spark SQL type (without the event time), e.g.
            :attr:`medallion_glue.silver.transform.ColumnPlan.types`.

    Raises:
        SpecError: one issue per bad type, pattern or predicate.
    """
    issues: list[SpecIssue] = []
    fields: list[T.StructField] = [T.StructField(spec.event_time.column, T.TimestampType())]
    for column, type_name in column_types.items():
        try:
            fields.append(T.StructField(column, T._parse_datatype_string(type_name)))  # noqa: SLF001
        except Exception as exc:  # noqa: BLE001 - any parser failure is a spec problem
            issues.append(
                SpecIssue(
                    spec.source_file,
                    f"schema.{column}",
                    f"'{type_name}' is not a Spark SQL type ({_first_line(exc)})",
                    "Use e.g. string, bigint, double, decimal(10,2), timestamp or struct<a:int>.",
                )
            )
    patterns = [(i, fmt) for i, fmt in enumerate(spec.event_time.formats) if fmt not in FORMAT_TOKENS]
    if patterns and not _patterns_valid(spark, [fmt for _, fmt in patterns]):
        issues += _pattern_issues(spark, spec, patterns)
    fields += [T.StructField(name, T.IntegerType()) for name in defaults.PARTITION_COLUMNS]
    empty = spark.createDataFrame([], T.StructType(fields))
    for i, (predicate, expression) in enumerate(zip(spec.row_filters, spec.filter_expressions, strict=True)):
        try:
            condition = empty.select(F.expr(expression).alias("ok"))
            if not isinstance(condition.schema["ok"].dataType, T.BooleanType):
                raise ValueError(f"it is a {condition.schema['ok'].dataType.simpleString()}, not a boolean")
        except (PySparkException, ValueError) as exc:
            issues.append(
                SpecIssue(
                    spec.source_file,
                    f"row_filters[{i}]",
                    f"'{predicate}' is not a valid predicate over the silver columns ({_first_line(exc)})",
                    f"Write a Spark SQL boolean expression over: {', '.join(f.name for f in fields)}.",
                )
            )
    if issues:
        raise SpecError(issues)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


def _patterns_valid(spark: SparkSession, patterns: list[str]) -> bool:
    """True when every datetime pattern formats a timestamp (one Spark job for all of them)."""
    try:
        spark.range(1).select(*[F.date_format(F.current_timestamp(), p) for p in patterns]).collect()
    except (PySparkException, Py4JJavaError):
        return False
    return True


def _pattern_issues(
    spark: SparkSession, spec: DatasetSpec, patterns: list[tuple[int, str]]
) -> list[SpecIssue]:
    """One issue per invalid pattern (only called when some pattern failed)."""
    issues = []
    for i, fmt in patterns:
        try:
            spark.range(1).select(F.date_format(F.current_timestamp(), fmt)).collect()
        except (PySparkException, Py4JJavaError) as exc:
            issues.append(
                SpecIssue(
                    spec.source_file,
                    f"event_time.formats[{i}]",
                    f"'{fmt}' is not a valid Spark datetime pattern ({_first_line(exc)})",
                    f"Use a pattern like yyyy-MM-dd HH:mm:ss or one of {', '.join(FORMAT_TOKENS)}.",
                )
            )
    return issues
