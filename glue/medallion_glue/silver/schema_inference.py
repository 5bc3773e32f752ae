"""Infer silver column types from a sample of bronze string values (once per table).

Candidates are tried in this order: ``bigint``, ``double``, ``boolean``, ``date``,
``timestamp``; the first to which at least ``min_match_ratio`` of the sampled non-blank values cast
wins, otherwise ``string``. Integers are inferred as ``bigint`` and decimals as ``double`` so later
batches with larger values still fit. Values of the winning type that do not cast are quarantined
as ``type_mismatch`` by the bronze-to-silver transform, so one bad row cannot turn a numeric column
into a string column. Non-string source columns (Parquet) keep their type.
"""

from __future__ import annotations

from collections.abc import Sequence

from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import StringType

from medallion_glue import defaults
from medallion_glue.silver.column_types import cast_to, value_present

#: Candidate types in the order they are tried.
INFERENCE_CANDIDATES = ("bigint", "double", "boolean", "date", "timestamp")
#: Type of a column with no candidate match or no sampled value.
FALLBACK_TYPE = "string"


def infer_column_types(
    df: DataFrame,
    columns: Sequence[str],
    sample_rows: int = defaults.DEFAULT_INFERENCE_SAMPLE_ROWS,
    min_match_ratio: float = defaults.DEFAULT_INFERENCE_MIN_MATCH_RATIO,
) -> dict[str, str]:
    """Return ``{column: spark_sql_type}`` for ``columns`` of ``df`` from its first ``sample_rows`` rows.

    Args:
        df: Bronze rows (string columns for CSV/JSON; typed columns for Parquet).
        columns: Columns to infer.
        sample_rows: Rows sampled (the first ones read).
        min_match_ratio: Share of non-blank sampled values that must cast to a candidate type.

    Raises:
        ValueError: ``min_match_ratio`` is not in (0, 1] or ``sample_rows`` < 1.
    """
    if not 0 < min_match_ratio <= 1:
        raise ValueError(f"min_match_ratio must be in (0, 1], got {min_match_ratio}")
    if sample_rows < 1:
        raise ValueError(f"sample_rows must be >= 1, got {sample_rows}")
    types = dict(df.dtypes)
    fields = {field.name: field.dataType for field in df.schema.fields}
    string_columns = [c for c in columns if isinstance(fields[c], StringType)]
    result = {c: types[c] for c in columns if c not in string_columns}
    if not string_columns:
        return result
    sample = df.select(*string_columns).limit(sample_rows)
    aggregates = []
    for i, column in enumerate(string_columns):
        present = value_present(column, StringType())
        aggregates.append(F.sum(present.cast("long")).alias(f"n{i}"))
        for j, candidate in enumerate(INFERENCE_CANDIDATES):
            casts = present & cast_to(column, StringType(), candidate).isNotNull()
            aggregates.append(F.sum(casts.cast("long")).alias(f"c{i}_{j}"))
    counts = sample.agg(*aggregates).first()
    for i, column in enumerate(string_columns):
        present = counts[f"n{i}"] or 0
        result[column] = FALLBACK_TYPE
        if present == 0:
            continue
        for j, candidate in enumerate(INFERENCE_CANDIDATES):
            if (counts[f"c{i}_{j}"] or 0) / present >= min_match_ratio:
                result[column] = candidate
                break
    return {c: result[c] for c in columns}
