"""Read bronze objects into a DataFrame of raw values, keeping what cannot be parsed.

Output columns: the source columns (strings for CSV and JSON, so type problems surface later as
``type_mismatch`` instead of failing the read), :data:`~medallion_glue.defaults.CORRUPT_RECORD_COLUMN`
(the raw text of a record that could not be parsed, else NULL) and
:data:`~medallion_glue.defaults.SOURCE_OBJECT_COLUMN` (the object's path or ``s3://`` URI).

Works with local paths and ``s3://`` URIs alike; only a ``SparkSession`` is needed. Format
options follow https://spark.apache.org/docs/3.5.6/sql-data-sources-csv.html and
https://spark.apache.org/docs/3.5.6/sql-data-sources-json.html.
"""

from __future__ import annotations

from collections.abc import Sequence

from pyspark import cloudpickle
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from medallion_glue import defaults
from medallion_glue.bronze import json_records as json_records_module
from medallion_glue.bronze.json_records import split_concatenated_json
from medallion_glue.spec.model import JSON_FORMATS, SourceFormat

_RECORD = "_record"
_SPLIT_ERROR = "_split_error"
_CORRUPT = defaults.CORRUPT_RECORD_COLUMN
_SOURCE = defaults.SOURCE_OBJECT_COLUMN


def read_bronze(spark: SparkSession, source_format: SourceFormat, paths: Sequence[str]) -> DataFrame:
    """Read the bronze objects ``paths`` (files or ``s3://`` URIs) written in ``source_format``.

    Raises:
        ValueError: ``paths`` is empty.
        pyspark.errors.AnalysisException: a path does not exist.
        IllegalArgumentException: a CSV object's header differs from the first object's header.
    """
    if not paths:
        raise ValueError("read_bronze needs at least one path")
    paths = list(paths)
    if source_format.type == "csv":
        return _read_csv(spark, source_format, paths)
    if source_format.type == "parquet":
        frame = spark.read.option("mergeSchema", "true").parquet(*paths)
        return frame.withColumn(_CORRUPT, F.lit(None).cast("string")).withColumn(_SOURCE, F.input_file_name())
    if source_format.type in JSON_FORMATS:
        return parse_json_records(json_records(spark, source_format, paths))
    raise ValueError(f"unsupported bronze format type {source_format.type!r}")


def csv_options(source_format: SourceFormat) -> dict[str, str]:
    """Spark CSV reader options for a spec's CSV format (permissive, every value a string)."""
    return {
        "header": str(source_format.header).lower(),
        "sep": source_format.delimiter,
        "quote": source_format.quote,
        "escape": source_format.escape,
        "encoding": source_format.encoding,
        "mode": "PERMISSIVE",
        "columnNameOfCorruptRecord": _CORRUPT,
        # Every object's header must name the same columns in the same order; a mismatch fails
        # the read (naming the object) instead of silently shifting values between columns.
        "enforceSchema": "false",
        "inferSchema": "false",
    }


def _read_csv(spark: SparkSession, source_format: SourceFormat, paths: list[str]) -> DataFrame:
    options = csv_options(source_format)
    # Column names come from the first object's header; enforceSchema=false makes Spark check
    # every other object's header against them while reading.
    header_columns = spark.read.options(**options).csv(paths[0]).columns
    schema = T.StructType(
        [T.StructField(name, T.StringType()) for name in header_columns if name != _CORRUPT]
        + [T.StructField(_CORRUPT, T.StringType())]
    )
    return spark.read.options(**options).schema(schema).csv(paths).withColumn(_SOURCE, F.input_file_name())


def json_records(spark: SparkSession, source_format: SourceFormat, paths: list[str]) -> DataFrame:
    """One row per JSON record: ``_record`` (the record's JSON text), ``_split_error`` (why a
    document could not be split into records, else NULL) and the source object.

    A document that cannot be split (not a JSON array, path not found) becomes one record holding
    the whole document, with ``_split_error`` set, so it is quarantined as malformed.
    """
    kind = source_format.type
    no_error = F.lit(None).cast("string")
    if kind == "json_lines":
        lines = spark.read.text(paths).withColumn(_SOURCE, F.input_file_name())
        return lines.where(F.trim("value") != "").select(
            F.col("value").alias(_RECORD), no_error.alias(_SPLIT_ERROR), _SOURCE
        )
    documents = spark.read.text(paths, wholetext=True).withColumn(_SOURCE, F.input_file_name())
    document = F.col("value")
    if kind == "firehose_json":
        # Ship the splitter by value so Python workers need not import medallion_glue (local runs).
        cloudpickle.register_pickle_by_value(json_records_module)
        split = F.udf(split_concatenated_json, T.ArrayType(T.StringType()))
        records: Column = F.transform(
            split(document), lambda text: F.struct(text.alias("r"), no_error.alias("e"))
        )
    elif kind == "json_array":
        records = _array_or_document(document, document, "the document is not a JSON array")
    elif kind == "json_path":
        path = source_format.path or "$"
        records = _array_or_document(
            _extract_path(document, path), document, f"no JSON array or object at {path}"
        )
    else:
        raise ValueError(f"not a JSON format: {kind!r}")
    exploded = documents.select(F.explode(records).alias("_item"), _SOURCE)
    return exploded.select(
        F.col("_item.r").alias(_RECORD), F.col("_item.e").alias(_SPLIT_ERROR), _SOURCE
    ).where(F.trim(_RECORD) != "")


def _extract_path(document: Column, path: str) -> Column:
    base = path[: -len("[*]")] if path.endswith("[*]") else path
    return F.get_json_object(document, base)


def _array_or_document(value: Column, document: Column, error: str) -> Column:
    """``array<struct<r, e>>``: the elements of the JSON array ``value`` (each as JSON text); a
    single JSON object as a one-element array; otherwise the whole document with error ``error``."""
    as_array = F.from_json(value, T.ArrayType(T.StringType()))
    no_error = F.lit(None).cast("string")
    is_object = F.coalesce(F.trim(value).startswith("{"), F.lit(False))
    return (
        F.when(
            as_array.isNotNull(), F.transform(as_array, lambda x: F.struct(x.alias("r"), no_error.alias("e")))
        )
        .when(is_object, F.array(F.struct(value.alias("r"), no_error.alias("e"))))
        .otherwise(F.array(F.struct(document.alias("r"), F.lit(error).alias("e"))))
    )


def parse_json_records(records: DataFrame) -> DataFrame:
    """Parse ``_record`` JSON texts into one string column per top-level key seen in the batch.

    Nested objects and arrays are kept as their JSON text (cast later to the spec's
    ``struct<...>``/``array<...>`` types). A record that is not a JSON object lands in
    ``_corrupt_record`` with all other columns NULL.
    """
    splittable = records.where(F.col(_SPLIT_ERROR).isNull())
    keys = [
        row.key
        for row in splittable.select(F.explode(F.json_object_keys(_RECORD)).alias("key"))
        .distinct()
        .orderBy("key")
        .collect()
        if row.key not in (_CORRUPT, _SOURCE)
    ]
    schema = T.StructType(
        [T.StructField(key, T.StringType()) for key in keys] + [T.StructField(_CORRUPT, T.StringType())]
    )
    text = F.when(F.col(_SPLIT_ERROR).isNull(), F.col(_RECORD))
    parsed = F.from_json(text, schema, {"mode": "PERMISSIVE", "columnNameOfCorruptRecord": _CORRUPT})
    unsplittable = F.when(F.col(_SPLIT_ERROR).isNotNull(), F.col(_RECORD))
    return records.select(parsed.alias("_parsed"), unsplittable.alias("_unsplittable"), _SOURCE).select(
        *[F.col(f"_parsed.`{key}`").alias(key) for key in keys],
        F.coalesce("_unsplittable", f"_parsed.{_CORRUPT}").alias(_CORRUPT),
        _SOURCE,
    )
