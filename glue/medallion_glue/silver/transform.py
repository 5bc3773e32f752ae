"""Bronze rows -> typed silver rows plus quarantined rows with a reason. Pure ``DataFrame`` code.

Steps, in order (a row gets the first reason that applies, see
:mod:`medallion_glue.quarantine.reasons`):

1. rename source columns to silver names (:mod:`medallion_glue.silver.column_names`);
2. ``malformed_record``: the reader could not parse the record;
3. ``missing_required_column``: a required, primary-key or event-time value is NULL or blank;
4. ``unparseable_timestamp``: the event time matches none of the spec's formats;
5. ``type_mismatch``: a present value does not cast to its column type;
6. ``failed_filter``: a ``row_filters`` predicate is not TRUE;
7. derive ``year``/``month`` from the event time (UTC).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from medallion_glue import defaults
from medallion_glue.bronze.reader import column_path
from medallion_glue.quarantine import reasons
from medallion_glue.silver.column_names import silver_names_for_spec
from medallion_glue.silver.column_types import cast_to, value_present, widened_type
from medallion_glue.silver.event_time import parse_event_time, partition_columns
from medallion_glue.silver.nested_columns import silver_source_columns
from medallion_glue.silver.schema_inference import infer_column_types
from medallion_glue.spec.model import DatasetSpec
from medallion_glue.sql_text import quote_identifier

LOG = logging.getLogger(__name__)

#: Columns the annotated frame carries besides the silver columns.
REASON_COLUMN = "_reject_reason"
DETAIL_COLUMN = "_reject_detail"
RAW_RECORD_COLUMN = "_raw_record"

_CORRUPT = defaults.CORRUPT_RECORD_COLUMN
_SOURCE = defaults.SOURCE_OBJECT_COLUMN


@dataclass(frozen=True)
class ColumnPlan:
    """Silver columns of one batch.

    Attributes:
        types: Silver column -> Spark SQL type, for every data column except the event time
            (always ``timestamp``), in output order.
        inferred: Columns whose type was inferred from this batch (to be recorded in the catalog).
        missing: Columns the spec or the recorded schema names but the batch lacks (added as NULL).
        promoted: Recorded columns this batch widens (``{column: wider type}``, an Iceberg type
            promotion, :func:`~medallion_glue.silver.column_types.widened_type`); ``types`` holds the
            wider type, and the store alters the column before writing.
    """

    types: dict[str, str]
    inferred: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    promoted: dict[str, str] = field(default_factory=dict)


def rename_to_silver(raw: DataFrame, spec: DatasetSpec) -> DataFrame:
    """Rename the source columns of ``raw`` to silver names; reader columns keep their names. A renamed
    column and one already under the target name (objects of one batch before and after the rename) become
    one column. Of nested records' fields only the silver columns are kept
    (:func:`~medallion_glue.silver.nested_columns.silver_source_columns`).

    Raises:
        SpecError: two source columns map to one silver name.
    """
    internal = {_CORRUPT, _SOURCE}
    paths = {c: column_path(raw, c) for c in raw.columns if c not in internal}
    source_columns = silver_source_columns(spec, paths)
    mapping = silver_names_for_spec(spec, source_columns)
    by_target: dict[str, list[str]] = {}
    for source, target in mapping.items():
        by_target.setdefault(target, []).append(source)
    # An old (renamed) and a current bronze name of one column: the current name's value first.
    merged = {
        target: F.coalesce(
            *[F.col(quote_identifier(s)) for s in sorted(sources, key=lambda s: s in spec.renames)]
        )
        for target, sources in by_target.items()
    }
    return raw.select(
        *[value.alias(target) for target, value in merged.items()],
        *[c for c in raw.columns if c in internal],
    )


def plan_columns(
    named: DataFrame,
    spec: DatasetSpec,
    recorded_types: Mapping[str, str] | None = None,
    sample_rows: int = defaults.DEFAULT_INFERENCE_SAMPLE_ROWS,
    min_match_ratio: float = defaults.DEFAULT_INFERENCE_MIN_MATCH_RATIO,
) -> ColumnPlan:
    """Decide each silver column's type: the spec's ``schema`` first, then the table's recorded
    types, and only for columns known to neither, inference from this batch.

    Args:
        named: Bronze rows with silver column names (:func:`rename_to_silver`).
        spec: The dataset spec.
        recorded_types: Column types already recorded for the silver table (catalog), if any,
            excluding the event time, lineage and partition columns.
        sample_rows, min_match_ratio: Inference settings, see
            :func:`medallion_glue.silver.schema_inference.infer_column_types`.
    """
    recorded = dict(recorded_types or {})
    skip = set(defaults.RESERVED_COLUMNS) | {spec.event_time.column}
    present = [c for c in named.columns if c not in skip]
    order = list(dict.fromkeys([*recorded, *present, *spec.explicit_schema]))
    to_infer = [c for c in present if c not in spec.explicit_schema and c not in recorded]
    # Recorded inferred columns are inferred again on this batch, so a wider value promotes them.
    to_widen = [c for c in present if c not in spec.explicit_schema and c in recorded]
    inferred = (
        infer_column_types(named, [*to_infer, *to_widen], sample_rows, min_match_ratio)
        if to_infer or to_widen
        else {}
    )
    promoted = {c: wider for c in to_widen if (wider := widened_type(recorded[c], inferred[c])) is not None}
    types = {
        c: spec.explicit_schema.get(c) or promoted.get(c) or recorded.get(c) or inferred[c]
        for c in order
        if c not in skip
    }
    referenced = set(spec.referenced_columns()) | set(types)
    missing = tuple(sorted(c for c in referenced if c not in named.columns))
    return ColumnPlan(types=types, inferred=tuple(to_infer), missing=missing, promoted=promoted)


def annotate(named: DataFrame, spec: DatasetSpec, plan: ColumnPlan) -> DataFrame:
    """Type every row and mark the rejected ones.

    Returns a frame with, in order: the silver data columns (typed; the event-time column as a
    UTC timestamp), ``year``, ``month``, ``_source_object``, ``_reject_reason`` (NULL when the row
    is accepted), ``_reject_detail`` and ``_raw_record`` (the row as read, JSON, for rejected rows).
    """
    if plan.missing:
        LOG.warning("dataset %s: batch lacks columns %s; they are read as NULL", spec.name, plan.missing)
    frame = named
    for column in plan.missing:
        frame = frame.withColumn(column, F.lit(None).cast("string"))
    if _CORRUPT not in frame.columns:
        frame = frame.withColumn(_CORRUPT, F.lit(None).cast("string"))
    source_types = {field.name: field.dataType for field in frame.schema.fields}
    event_column = spec.event_time.column
    data_columns = [event_column, *plan.types]
    as_read = [c for c in named.columns if c not in (_CORRUPT, _SOURCE)]
    # The raw values ride along under positional names and become JSON only for rejected rows
    # (CASE WHEN evaluates its value lazily), so accepted rows pay nothing for it.
    raw_aliases = {c: f"_raw_{i}" for i, c in enumerate(as_read)}

    required = list(dict.fromkeys([*spec.required_columns, *spec.primary_key, event_column]))
    missing_flags = {c: ~value_present(c, source_types[c]) for c in required}
    event_time = _event_time(event_column, source_types[event_column], spec)
    event_unparseable = value_present(event_column, source_types[event_column]) & event_time.isNull()
    typed = {c: cast_to(c, source_types[c], t) for c, t in plan.types.items()}
    mismatch_flags = {c: value_present(c, source_types[c]) & typed[c].isNull() for c in plan.types}

    stage = frame.select(
        event_time.alias(event_column),
        *[expr.alias(c) for c, expr in typed.items()],
        F.col(_SOURCE),
        F.col(_CORRUPT).isNotNull().alias("_is_malformed"),
        _flagged_names(missing_flags).alias("_missing"),
        event_unparseable.alias("_bad_time"),
        F.when(event_unparseable, F.col(quote_identifier(event_column))).alias("_bad_time_value"),
        _flagged_names(mismatch_flags, plan.types).alias("_mismatch"),
        F.col(_CORRUPT),
        *[F.col(quote_identifier(c)).alias(alias) for c, alias in raw_aliases.items()],
    )
    raw_json = F.to_json(F.struct(*[F.col(alias).alias(c) for c, alias in raw_aliases.items()]))
    failed_filter = _failed_filter(spec.row_filters, spec.filter_expressions)
    formats = ", ".join(spec.event_time.formats)
    reason = (
        F.when(F.col("_is_malformed"), F.lit(reasons.MALFORMED_RECORD))
        .when(F.col("_missing") != "", F.lit(reasons.MISSING_REQUIRED_COLUMN))
        .when(F.col("_bad_time"), F.lit(reasons.UNPARSEABLE_TIMESTAMP))
        .when(F.col("_mismatch") != "", F.lit(reasons.TYPE_MISMATCH))
        .when(failed_filter.isNotNull(), F.lit(reasons.FAILED_FILTER))
    )
    detail = (
        F.when(F.col("_is_malformed"), F.lit("record could not be parsed as a " + spec.source_format.type))
        .when(F.col("_missing") != "", F.concat(F.lit("null or blank: "), F.col("_missing")))
        .when(
            F.col("_bad_time"),
            F.concat(
                F.lit(f"{event_column} value '"),
                F.col("_bad_time_value"),
                F.lit(f"' matches none of: {formats}"),
            ),
        )
        .when(F.col("_mismatch") != "", F.concat(F.lit("does not cast: "), F.col("_mismatch")))
        .when(failed_filter.isNotNull(), F.concat(F.lit("not true: "), failed_filter))
    )
    return stage.select(
        *[F.col(quote_identifier(c)) for c in data_columns],
        *partition_columns(F.col(quote_identifier(event_column))),
        F.col(_SOURCE),
        reason.alias(REASON_COLUMN),
        detail.alias(DETAIL_COLUMN),
        F.when(reason.isNotNull(), F.coalesce(F.col(_CORRUPT), raw_json)).alias(RAW_RECORD_COLUMN),
    )


def accepted_rows(annotated: DataFrame) -> DataFrame:
    """The accepted rows of an :func:`annotate` frame, without the reject columns."""
    return annotated.where(F.col(REASON_COLUMN).isNull()).drop(
        REASON_COLUMN, DETAIL_COLUMN, RAW_RECORD_COLUMN
    )


def rejected_rows(annotated: DataFrame) -> DataFrame:
    """The rejected rows of an :func:`annotate` frame: source object, reason, detail, raw record."""
    return annotated.where(F.col(REASON_COLUMN).isNotNull()).select(
        F.col(_SOURCE).alias("source_object"),
        F.col(REASON_COLUMN).alias("reason"),
        F.col(DETAIL_COLUMN).alias("detail"),
        F.col(RAW_RECORD_COLUMN).alias("record"),
    )


def _event_time(column: str, source_type: T.DataType, spec: DatasetSpec) -> Column:
    value = F.col(quote_identifier(column))
    if isinstance(source_type, T.TimestampType):
        return value
    text = value if isinstance(source_type, T.StringType) else value.cast("string")
    return parse_event_time(text, spec.event_time.formats, spec.event_time.timezone)


def _flagged_names(flags: Mapping[str, Column], types: Mapping[str, str] | None = None) -> Column:
    """Comma-separated names of the columns whose flag is true (``name (type)`` with ``types``)."""
    if not flags:
        return F.lit("")
    labels = [f"{c} ({types[c]})" if types and c in types else c for c in flags]
    return F.concat_ws(
        ", ", *[F.when(flag, F.lit(label)) for label, flag in zip(labels, flags.values(), strict=True)]
    )


def _failed_filter(written: tuple[str, ...], expressions: tuple[str, ...]) -> Column:
    """The text (as the spec wrote it) of the first predicate that is not TRUE, else NULL; ``expressions``
    are the same predicates over the silver columns (:attr:`DatasetSpec.filter_expressions`)."""
    result: Column = F.lit(None).cast("string")
    for text, predicate in reversed(list(zip(written, expressions, strict=True))):
        result = F.when(~F.coalesce(F.expr(predicate), F.lit(False)), F.lit(text)).otherwise(result)
    return result
