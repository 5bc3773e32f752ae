"""Check the columns a spec names against the batch: a typo fails the run before anything is written.

A column the spec names (``event_time.column``, ``required_columns``, ``deduplication``, ``schema``,
``column_names.renames``, the columns of ``row_filters``) must be in some bronze object of the batch or
in the catalog schema of the silver table; otherwise the run raises
``<file>: required_columns[0]: column 'orgin' is in no bronze object of this batch. Did you mean
'origin'? Columns: ...`` instead of quarantining every row as ``missing_required_column``.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable

from pyspark.errors import AnalysisException
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from medallion_glue import defaults
from medallion_glue.errors import SpecError, SpecIssue
from medallion_glue.spec.model import DatasetSpec

_UNRESOLVED = "UNRESOLVED_COLUMN"


def check_spec_columns(
    spark: SparkSession,
    spec: DatasetSpec,
    source_columns: Collection[str],
    silver_columns: Collection[str],
    catalog_columns: Collection[str],
) -> None:
    """Raise when the spec names a column the batch and the silver table both lack.

    Args:
        spark: Any session (used to resolve the ``row_filters`` columns with Spark's SQL parser).
        spec: The dataset spec.
        source_columns: Source column names of the batch's bronze objects, before renames (what
            ``column_names.renames`` keys name).
        silver_columns: The same columns under their silver names
            (:func:`medallion_glue.silver.transform.rename_to_silver`).
        catalog_columns: Columns the silver table's catalog schema already holds (empty for a new
            table).

    Raises:
        SpecError: one issue per field naming an unknown column, all at once.
    """
    known = set(silver_columns) | set(catalog_columns)
    listed = _data_columns(known)
    issues = [
        _issue(spec, field, column, listed) for field, column in _named_columns(spec) if column not in known
    ]
    sources = _data_columns(source_columns)
    # A rename names an old bronze name: fine when the batch or the table already has the column.
    for source, target in spec.renames.items():
        if source not in source_columns and target not in known:
            issues.append(_issue(spec, f"column_names.renames.{source}", source, sources))
    issues += _filter_issues(spark, spec, known, listed)
    if issues:
        raise SpecError(issues)


def _data_columns(columns: Iterable[str]) -> list[str]:
    """``columns`` without the reader's and the lake's own columns, sorted."""
    return sorted(c for c in columns if c not in defaults.RESERVED_COLUMNS)


def _named_columns(spec: DatasetSpec) -> Iterable[tuple[str, str]]:
    yield "event_time.column", spec.event_time.column
    for i, column in enumerate(spec.required_columns):
        yield f"required_columns[{i}]", column
    for i, column in enumerate(spec.primary_key):
        yield f"deduplication.primary_key[{i}]", column
    if spec.order_by:
        yield "deduplication.order_by", spec.order_by
    for column in spec.explicit_schema:
        yield f"schema.{column}", column


def _filter_issues(
    spark: SparkSession, spec: DatasetSpec, known: set[str], listed: list[str]
) -> list[SpecIssue]:
    """The first unknown column of each row filter, as Spark's analyzer resolves it over ``known``."""
    if not spec.row_filters:
        return []
    names = sorted(known | set(defaults.PARTITION_COLUMNS))
    empty = spark.createDataFrame([], T.StructType([T.StructField(n, T.StringType()) for n in names]))
    issues = []
    for i, predicate in enumerate(spec.filter_expressions):
        try:
            empty.select(F.expr(predicate)).schema  # noqa: B018 - analysis resolves the columns
        except AnalysisException as exc:
            if not (exc.getErrorClass() or "").startswith(_UNRESOLVED):
                continue  # not a column problem: check_spec_with_spark reports it
            column = (exc.getMessageParameters() or {}).get("objectName", "").strip("`")
            issues.append(_issue(spec, f"row_filters[{i}]", column, listed))
    return issues


def _issue(spec: DatasetSpec, field: str, silver: str, columns: list[str]) -> SpecIssue:
    column = spec.written_name(silver)
    close = difflib.get_close_matches(silver, columns, n=1)
    hint = f"Did you mean '{close[0]}'? " if close else "Fix the name or remove it. "
    return SpecIssue(
        spec.source_file,
        field,
        f"column '{column}' is in no bronze object of this batch",
        f"{hint}Columns: {', '.join(columns) or '(none)'}",
    )
