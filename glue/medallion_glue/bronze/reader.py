"""Read bronze objects into a DataFrame of raw values, keeping what cannot be parsed.

Output columns: the source columns (strings for CSV and JSON, so type problems surface later as
``type_mismatch`` instead of failing the read), :data:`~medallion_glue.defaults.CORRUPT_RECORD_COLUMN`
(the raw text of a record that could not be parsed, else NULL) and
:data:`~medallion_glue.defaults.SOURCE_OBJECT_COLUMN` (the object's path or ``s3://`` URI).

:func:`read_bronze_batch` checks each object first and sets aside, whole, the objects that cannot be
read as their format (:class:`~medallion_glue.quarantine.unreadable.UnreadableObject`, reasons in
:data:`~medallion_glue.quarantine.reasons.OBJECT_REASONS`); the rest of the batch loads. Each CSV
object is read with its own header and columns are matched by name across objects (a column an
object lacks is NULL in its rows). The checks cost two Spark jobs per batch whatever its number of
objects (one lists sizes, one reads the bytes of objects up to :data:`PROBE_MAX_BYTES` in Python),
plus one for JSON formats (per-object record counts) and one per ``.gz`` object above
:data:`PROBE_MAX_BYTES` (decompressed whole, to quarantine a corrupt one).

Works with local paths and ``s3://`` URIs alike; only a ``SparkSession`` is needed. Format
options follow https://spark.apache.org/docs/3.5.6/sql-data-sources-csv.html,
https://spark.apache.org/docs/3.5.6/sql-data-sources-json.html and
https://spark.apache.org/docs/3.5.6/sql-data-sources-binaryFile.html.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from py4j.protocol import Py4JJavaError
from pyspark import cloudpickle
from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from medallion_glue import defaults
from medallion_glue.bronze import json_records as json_records_module
from medallion_glue.bronze import object_probe
from medallion_glue.bronze.column_match import shares_a_column
from medallion_glue.bronze.json_records import split_concatenated_json
from medallion_glue.quarantine import reasons
from medallion_glue.quarantine.unreadable import UnreadableObject
from medallion_glue.spec.model import JSON_FORMATS, SourceFormat
from medallion_glue.sql_text import quote_identifier

_RECORD = "_record"
_SPLIT_ERROR = "_split_error"
_CORRUPT = defaults.CORRUPT_RECORD_COLUMN
_SOURCE = defaults.SOURCE_OBJECT_COLUMN

#: Objects larger than this (bytes as stored) skip the in-memory content checks (encoding, gzip,
#: header-only): the probe holds an object's bytes in memory, and Spark's ``binaryFile`` source reads at
#: most 2 GiB. Such objects are still read, with their own header. A larger ``.gz`` object is instead
#: decompressed whole by a Spark job of its own (``spark.read.text`` and a count; gzip is not splittable,
#: so one task reads it): if the codec fails (a truncated or garbage stream), it is quarantined whole as
#: ``corrupt_gzip`` with the codec's message, so it never stops the batch. Larger plain objects get no
#: check (they are read as text).
PROBE_MAX_BYTES: Final = 128 * 1024 * 1024

#: Where the top frame of a decompression failure is: Hadoop's codecs and the JDK's zip classes.
_CODEC_PACKAGES: Final = ("org.apache.hadoop.io.compress.", "java.util.zip.")

_PROBE_TYPE = T.StructType(
    [
        T.StructField("kind", T.StringType()),
        T.StructField("message", T.StringType()),
        T.StructField("header", T.ArrayType(T.StringType())),
        T.StructField("has_records", T.BooleanType()),
    ]
)
_PROBE_REASONS = {object_probe.GZIP: reasons.CORRUPT_GZIP, object_probe.ENCODING: reasons.BAD_ENCODING}


@dataclass(frozen=True)
class BronzeBatch:
    """What :func:`read_bronze_batch` read.

    Attributes:
        frame: The readable objects' rows (columns as described in the module docstring), or None
            when no object is readable.
        unreadable: The objects quarantined whole, in the order they were given.
    """

    frame: DataFrame | None
    unreadable: tuple[UnreadableObject, ...]


class UnreadableBronzeError(ValueError):
    """:func:`read_bronze` met objects it cannot read; :attr:`unreadable` lists them."""

    def __init__(self, unreadable: Sequence[UnreadableObject]) -> None:
        self.unreadable = tuple(unreadable)
        listed = "; ".join(u.describe() for u in self.unreadable)
        super().__init__(
            f"{len(self.unreadable)} bronze object(s) cannot be read: {listed}. Fix or replace them."
        )


def read_bronze(spark: SparkSession, source_format: SourceFormat, paths: Sequence[str]) -> DataFrame:
    """Read the bronze objects ``paths`` (files or ``s3://`` URIs) written in ``source_format``,
    all of which must be readable (dimension files); see :func:`read_bronze_batch`.

    Raises:
        ValueError: ``paths`` is empty.
        pyspark.errors.AnalysisException: a path does not exist.
        UnreadableBronzeError: an object cannot be read as its format (empty, header-only, bad
            encoding, corrupt gzip, invalid JSON); the message names each object, its size and why.
    """
    batch = read_bronze_batch(spark, source_format, paths)
    if batch.unreadable or batch.frame is None:
        raise UnreadableBronzeError(batch.unreadable)
    return batch.frame


def read_bronze_batch(
    spark: SparkSession,
    source_format: SourceFormat,
    paths: Sequence[str],
    expected_columns: Collection[str] | None = None,
) -> BronzeBatch:
    """Read the bronze objects ``paths`` (files or ``s3://`` URIs, each read once), setting aside
    whole the objects that cannot be read as ``source_format``.

    Checks, in order (each object gets the first that applies):
    :data:`~medallion_glue.quarantine.reasons.EMPTY_OBJECT` (0 bytes),
    :data:`~medallion_glue.quarantine.reasons.CORRUPT_GZIP` (``.gz`` that does not decompress; above
    :data:`PROBE_MAX_BYTES` decompressed by a Spark job of its own, the only check such an object gets),
    :data:`~medallion_glue.quarantine.reasons.BAD_ENCODING` (bytes that do not decode in
    ``source_format.encoding``; UTF-8 for JSON formats),
    :data:`~medallion_glue.quarantine.reasons.NO_RECORDS` (a CSV header alone, blank text, no JSON
    record), :data:`~medallion_glue.quarantine.reasons.HEADER_MISMATCH` (CSV with a header: no
    column in ``expected_columns``) and :data:`~medallion_glue.quarantine.reasons.INVALID_JSON` (no
    record is a JSON object). Parquet objects get the 0-byte check only.

    Args:
        spark: Any session.
        source_format: The spec's ``bronze.format``.
        paths: The objects to read.
        expected_columns: Column names the dataset knows (the columns the spec names, the keys of
            ``column_names.renames`` and the catalog schema's columns). Header names are compared
            ignoring case, accents and non-alphanumeric characters (``"Precio Unitario"`` matches
            ``precio_unitario``). @default None (no header check).

    Raises:
        ValueError: ``paths`` is empty.
        pyspark.errors.AnalysisException: a path does not exist.
    """
    if not paths:
        raise ValueError("read_bronze needs at least one path")
    paths = list(dict.fromkeys(paths))
    listed = _list_objects(spark, paths)
    unreadable: dict[str, UnreadableObject] = {
        o.path: UnreadableObject(o.uri, 0, reasons.EMPTY_OBJECT, "the object is 0 bytes")
        for o in listed
        if o.size == 0
    }
    objects = [o for o in listed if o.size > 0]
    frame: DataFrame | None = None
    if source_format.type == "parquet":
        if objects:
            frame = spark.read.option("mergeSchema", "true").parquet(*[o.path for o in objects])
            frame = frame.withColumn(_CORRUPT, F.lit(None).cast("string")).withColumn(
                _SOURCE, F.input_file_name()
            )
            frame = _with_struct_fields(frame)
    elif source_format.type == "csv" or source_format.type in JSON_FORMATS:
        probes = _probe(spark, source_format, objects)
        for o in objects:
            problem = _probe_problem(source_format, o, probes.get(o.path), expected_columns)
            if problem is None and o.path not in probes and o.uri.endswith(".gz"):
                problem = _large_gzip_problem(spark, o)
            if problem is not None:
                unreadable[o.path] = problem
        readable = [o for o in objects if o.path not in unreadable]
        if source_format.type == "csv":
            frame = _read_csv_objects(spark, source_format, readable, probes)
        else:
            frame = _read_json_objects(spark, source_format, readable, unreadable)
    else:
        raise ValueError(f"unsupported bronze format type {source_format.type!r}")
    return BronzeBatch(frame, tuple(unreadable[p] for p in paths if p in unreadable))


@dataclass(frozen=True)
class _Object:
    path: str  # as given (what Spark reads)
    qualified: str  # the Hadoop path, as ``binaryFile`` names it in ``path``
    uri: str  # as ``input_file_name()`` names it
    size: int


@dataclass(frozen=True)
class _Probe:
    kind: str | None
    message: str | None
    header: tuple[str, ...] | None
    has_records: bool


def _list_objects(spark: SparkSession, paths: list[str]) -> list[_Object]:
    """Each path's URI and size: one ``binaryFile`` listing without content (Spark leaves 0-byte
    files out of scans, so those are asked of the Hadoop FileSystem, which also names their URI)."""
    rows = (
        spark.read.format("binaryFile")
        .load(paths)
        .select("path", F.input_file_name().alias("uri"), "length")
        .collect()
    )
    found = {row["path"]: (row["uri"], row["length"]) for row in rows}
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    objects = []
    for path in paths:
        hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
        filesystem = hadoop_path.getFileSystem(conf)
        qualified = filesystem.makeQualified(hadoop_path)
        if qualified.toString() in found:
            uri, size = found[qualified.toString()]
        else:
            status = filesystem.getFileStatus(qualified)
            uri, size = status.getPath().toUri().toString(), status.getLen()
        objects.append(_Object(path, qualified.toString(), uri, size))
    return objects


def _probe(spark: SparkSession, source_format: SourceFormat, objects: list[_Object]) -> dict[str, _Probe]:
    """:func:`~medallion_glue.bronze.object_probe.probe_object` of each object up to
    :data:`PROBE_MAX_BYTES`, in one Spark job; keyed by the path as given."""
    small = [o for o in objects if o.size <= PROBE_MAX_BYTES]
    if not small:
        return {}
    is_csv = source_format.type == "csv"
    encoding = source_format.encoding if is_csv else "utf-8"
    dialect = (source_format.delimiter, source_format.quote, source_format.escape)
    wants_header = is_csv and source_format.header
    cloudpickle.register_pickle_by_value(object_probe)
    probe_object = object_probe.probe_object

    def probe(content: bytes, path: str) -> tuple:
        return probe_object(content, path.endswith(".gz"), encoding, dialect if wants_header else None)

    # Keyed by binaryFile's own ``path`` column: input_file_name() is not reliable beside a Python UDF.
    by_path = {o.qualified: o.path for o in small}
    rows = (
        spark.read.format("binaryFile")
        .load([o.path for o in small])
        .select("path", F.udf(probe, _PROBE_TYPE)("content", "path").alias("p"))
        .collect()
    )
    return {
        by_path[row["path"]]: _Probe(
            row["p"]["kind"],
            row["p"]["message"],
            None if row["p"]["header"] is None else tuple(row["p"]["header"]),
            row["p"]["has_records"],
        )
        for row in rows
    }


def _probe_problem(
    source_format: SourceFormat, obj: _Object, probe: _Probe | None, expected: Collection[str] | None
) -> UnreadableObject | None:
    if probe is None:
        return None  # larger than PROBE_MAX_BYTES: not checked
    if probe.kind is not None:
        return UnreadableObject(obj.uri, obj.size, _PROBE_REASONS[probe.kind], probe.message or "")
    if not probe.has_records:
        if probe.header is not None:
            message = (
                f"the object holds a header ({source_format.delimiter.join(probe.header)}) and no records"
            )
        else:
            message = "the object holds only blank text" + (
                " after decompression" if obj.uri.endswith(".gz") else ""
            )
        return UnreadableObject(obj.uri, obj.size, reasons.NO_RECORDS, message)
    if probe.header is not None and expected is not None and not shares_a_column(probe.header, expected):
        return UnreadableObject(
            obj.uri,
            obj.size,
            reasons.HEADER_MISMATCH,
            f"header columns {', '.join(probe.header)} share none with the dataset's columns "
            f"{', '.join(sorted(expected)) or '(none)'}",
        )
    return None


def _large_gzip_problem(spark: SparkSession, obj: _Object) -> UnreadableObject | None:
    """Decompress the ``.gz`` object ``obj`` (above :data:`PROBE_MAX_BYTES`) whole in a Spark job of its
    own: ``corrupt_gzip`` when a codec fails, with the root cause's message (Hadoop's
    ``java.io.EOFException: Unexpected end of input stream`` for a truncated stream). Any other failure
    (a storage error, say) is raised as it is, so it fails the run instead of quarantining a good object.
    """
    try:
        spark.read.text(obj.path).count()
    except Py4JJavaError as exc:
        cause = _root_cause(exc.java_exception)
        frames = cause.getStackTrace()
        if not frames or not str(frames[0].getClassName()).startswith(_CODEC_PACKAGES):
            raise
        return UnreadableObject(obj.uri, obj.size, reasons.CORRUPT_GZIP, str(cause.toString()))
    return None


def _root_cause(throwable):  # noqa: ANN001, ANN202 - a py4j JavaObject (java.lang.Throwable)
    while throwable.getCause() is not None and not throwable.getCause().equals(throwable):
        throwable = throwable.getCause()
    return throwable


def csv_options(source_format: SourceFormat) -> dict[str, str]:
    """Spark CSV reader options for a spec's CSV format (permissive, every value a string).

    Columns are given to Spark by position (one schema per distinct header, from the object's own
    header line), so the header line is skipped, not checked (``enforceSchema``)."""
    return {
        "header": str(source_format.header).lower(),
        "sep": source_format.delimiter,
        "quote": source_format.quote,
        "escape": source_format.escape,
        "encoding": source_format.encoding,
        "mode": "PERMISSIVE",
        "columnNameOfCorruptRecord": _CORRUPT,
        "enforceSchema": "true",
        "inferSchema": "false",
    }


def _read_csv_objects(
    spark: SparkSession, source_format: SourceFormat, objects: list[_Object], probes: dict[str, _Probe]
) -> DataFrame | None:
    """Read the CSV ``objects`` grouped by identical header, each group with its own positional
    schema, and align the groups by column name (case-insensitively unless
    ``spark.sql.caseSensitive``)."""
    if not objects:
        return None
    case_sensitive = spark.conf.get("spark.sql.caseSensitive", "false") == "true"
    groups: dict[tuple[str, ...], list[str]] = {}
    for obj in objects:
        probe = probes.get(obj.path)
        fields = (
            probe.header
            if probe is not None and probe.header is not None
            else _spark_header(spark, source_format, obj.path)
        )
        names = tuple(_safe_header(fields, source_format.header, case_sensitive))
        groups.setdefault(names, []).append(obj.path)
    canonical: dict[str, str] = {}
    for names in groups:
        for name in names:
            if name not in (_CORRUPT, _SOURCE):
                canonical.setdefault(name if case_sensitive else name.lower(), name)
    columns = list(canonical.values())
    options = csv_options(source_format)
    frames = []
    for names, group in groups.items():
        schema = T.StructType(
            [T.StructField(f"_c{i}", T.StringType()) for i in range(len(names))]
            + [T.StructField(_CORRUPT, T.StringType())]
        )
        positions = {
            (n if case_sensitive else n.lower()): i
            for i, n in enumerate(names)
            if n not in (_CORRUPT, _SOURCE)
        }
        raw = spark.read.options(**options).schema(schema).csv(group)
        frames.append(
            raw.select(
                *[
                    F.col(f"_c{positions[key]}").alias(name)
                    if key in positions
                    else F.lit(None).cast("string").alias(name)
                    for key, name in canonical.items()
                ],
                _CORRUPT,
                F.input_file_name().alias(_SOURCE),
            )
        )
    frame = frames[0]
    for other in frames[1:]:
        frame = frame.unionAll(other)
    return frame.select(*columns, _CORRUPT, _SOURCE)


def _spark_header(spark: SparkSession, source_format: SourceFormat, path: str) -> tuple[str, ...]:
    """Header fields of an object too large to probe, as Spark's own CSV reader parses them."""
    options = {**csv_options(source_format), "header": "false"}
    row = spark.read.options(**options).csv(path).first()
    return tuple("" if value is None else value for value in row) if row is not None else ()


def _safe_header(fields: Iterable[str], header: bool, case_sensitive: bool) -> list[str]:
    """Column names from header fields as Spark names them (``CSVDataSource.makeSafeHeader``): an
    empty field becomes ``_c<i>``, a repeated name gets its index appended; ``_c<i>`` for every
    field without a header."""
    fields = list(fields)
    if not header:
        return [f"_c{i}" for i in range(len(fields))]
    folded = [f if case_sensitive else f.lower() for f in fields if f]
    repeated = {f for f in folded if folded.count(f) > 1}
    names = []
    for i, field in enumerate(fields):
        if not field:
            names.append(f"_c{i}")
        elif (field if case_sensitive else field.lower()) in repeated:
            names.append(f"{field}{i}")
        else:
            names.append(field)
    return names


def _read_json_objects(
    spark: SparkSession,
    source_format: SourceFormat,
    objects: list[_Object],
    unreadable: dict[str, UnreadableObject],
) -> DataFrame | None:
    """Parse the JSON ``objects``; an object without records or without one JSON object among them
    is added to ``unreadable`` and left out of the frame."""
    if not objects:
        return None
    records = json_records(spark, source_format, [o.path for o in objects])
    is_object = F.col(_SPLIT_ERROR).isNull() & F.json_object_keys(_RECORD).isNotNull()
    stats = {
        row[_SOURCE]: row
        for row in records.groupBy(_SOURCE)
        .agg(
            F.count(F.lit(1)).alias("records"),
            F.count(F.when(is_object, True)).alias("objects"),
            F.first(F.when(~is_object, F.struct(_RECORD, _SPLIT_ERROR)), ignorenulls=True).alias("bad"),
        )
        .collect()
    }
    for obj in objects:
        stat = stats.get(obj.uri)
        if stat is None:
            unreadable[obj.path] = UnreadableObject(
                obj.uri, obj.size, reasons.NO_RECORDS, "the object holds no JSON record"
            )
        elif stat["objects"] == 0:
            message = _json_problem(stat["bad"][_RECORD], stat["bad"][_SPLIT_ERROR], stat["records"])
            unreadable[obj.path] = UnreadableObject(obj.uri, obj.size, reasons.INVALID_JSON, message)
    readable = [o.path for o in objects if o.path not in unreadable]
    if not readable:
        return None
    return parse_json_records(json_records(spark, source_format, readable))


def _json_problem(record: str, split_error: str | None, count: int) -> str:
    """One line: why the first bad record of an object is not a JSON object."""
    if split_error is not None:
        return split_error
    try:
        value = json.loads(record)
    except json.JSONDecodeError as exc:
        detail = f"{exc.msg}: line {exc.lineno} column {exc.colno} (char {exc.pos})"
    else:
        detail = f"a JSON {type(value).__name__}, not an object"
    return f"none of {count} record(s) is a JSON object; the first: {detail}"


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
        array_path, _, inner = path.partition("[*]")
        records = _array_or_document(
            F.get_json_object(document, array_path), document, f"no JSON array or object at {path}"
        )
        if inner:
            records = F.transform(records, lambda item: _inner_record(item, "$" + inner, path))
    else:
        raise ValueError(f"not a JSON format: {kind!r}")
    exploded = documents.select(F.explode(records).alias("_item"), _SOURCE)
    return exploded.select(
        F.col("_item.r").alias(_RECORD), F.col("_item.e").alias(_SPLIT_ERROR), _SOURCE
    ).where(F.trim(_RECORD) != "")


def _inner_record(item: Column, inner: str, path: str) -> Column:
    """The value at ``inner`` (``$.properties``) inside one element of the record array; an element
    without it stays whole, with a split error, so it is quarantined as malformed."""
    value = F.get_json_object(item["r"], inner)
    missing = item["e"].isNull() & value.isNull()
    return F.struct(
        F.when(item["e"].isNull() & value.isNotNull(), value).otherwise(item["r"]).alias("r"),
        F.when(missing, F.lit(f"an element of the record array holds no JSON value at {path}"))
        .otherwise(item["e"])
        .alias("e"),
    )


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
    """Parse ``_record`` JSON texts into one string column per key seen in the batch, at every depth.

    A top-level key is a column under its own name; a key inside a nested object is a column too, named
    by its dotted path (``properties.time``) and carrying the path's parts in its field metadata
    (:data:`PATH_METADATA`). Objects and arrays are kept as their JSON text as well (cast later to the
    spec's ``struct<...>``/``array<...>`` types). Spark computes only the columns used downstream. A
    record that is not a JSON object lands in ``_corrupt_record`` with all other columns NULL.

    Raises:
        ValueError: a top-level key holding a ``.`` is spelled like a nested field's path in the
            same batch, so the two cannot be told apart; the message names it.
    """
    splittable = records.where(F.col(_SPLIT_ERROR).isNull())
    tree = _key_tree(splittable)
    keys = list(tree)
    schema = T.StructType(
        [T.StructField(key, T.StringType()) for key in keys] + [T.StructField(_CORRUPT, T.StringType())]
    )
    text = F.when(F.col(_SPLIT_ERROR).isNull(), F.col(_RECORD))
    parsed = F.from_json(text, schema, {"mode": "PERMISSIVE", "columnNameOfCorruptRecord": _CORRUPT})
    unsplittable = F.when(F.col(_SPLIT_ERROR).isNotNull(), F.col(_RECORD))
    top = records.select(parsed.alias("_parsed"), unsplittable.alias("_unsplittable"), _SOURCE).select(
        *[F.col(f"_parsed.`{key}`").alias(key) for key in keys],
        F.coalesce("_unsplittable", f"_parsed.{_CORRUPT}").alias(_CORRUPT),
        _SOURCE,
    )
    nested = [
        column
        for key in keys
        if isinstance(tree[key], T.StructType)
        for column in _nested_columns(F.col(quote_identifier(key)), (key,), tree[key])
    ]
    clashes = sorted({name for name, _ in nested} & set(keys))
    if clashes:
        raise ValueError(
            f"the JSON key '{clashes[0]}' is spelled like the path of a nested field of the same batch; "
            "rename the key at the source (a key holding '.' cannot be told from a path)"
        )
    return top.select(*keys, *[column for _, column in nested], _CORRUPT, _SOURCE)


#: Field-metadata key of a column read from a nested JSON object or Parquet struct: the parts of its
#: path (``["properties", "time"]``). Top-level columns carry none.
PATH_METADATA: Final = "nested_path"


def column_path(frame: DataFrame, column: str) -> tuple[str, ...]:
    """The path of ``column`` of a frame :func:`read_bronze_batch` returned: the parts of a nested
    field's path, or ``(column,)`` for a top-level column."""
    return tuple(frame.schema[column].metadata.get(PATH_METADATA, (column,)))


def _key_tree(records: DataFrame) -> dict[str, T.DataType]:
    """Top-level key -> the type Spark's JSON schema inference gives its values in ``records`` (every
    scalar a string, objects as structs; one Spark job over the batch's records)."""
    spark = records.sparkSession
    texts = records.select(_RECORD).where(F.ltrim(_RECORD).startswith("{"))._jdf
    as_strings = getattr(texts, "as")(spark._jvm.org.apache.spark.sql.Encoders.STRING())  # noqa: SLF001
    inferred = spark._jsparkSession.read().option("primitivesAsString", "true").json(as_strings)  # noqa: SLF001
    schema = T.StructType.fromJson(json.loads(inferred.schema().json()))
    return {f.name: f.dataType for f in schema.fields if f.name not in (_CORRUPT, _SOURCE)}


def _nested_columns(text: Column, path: tuple[str, ...], struct: T.StructType) -> list[tuple[str, Column]]:
    """``(dotted name, column)`` of every field under the JSON object ``text`` at ``path``, depth
    first: each as a string (objects and arrays as JSON text), parsed from its parent's text."""
    fields = T.StructType([T.StructField(f.name, T.StringType()) for f in struct.fields])
    parsed = F.from_json(text, fields)
    columns = []
    for f in struct.fields:
        child = (*path, f.name)
        value = parsed.getField(f.name)
        columns.append((".".join(child), _with_path(value, child)))
        if isinstance(f.dataType, T.StructType):
            columns += _nested_columns(value, child, f.dataType)
    return columns


def _with_path(value: Column, path: tuple[str, ...]) -> Column:
    return value.alias(".".join(path), metadata={PATH_METADATA: list(path)})


def _with_struct_fields(frame: DataFrame) -> DataFrame:
    """``frame`` (Parquet) plus one column per field of each struct column, at every depth, named by
    its dotted path (types kept)."""

    def fields(value: Column, path: tuple[str, ...], struct: T.StructType) -> list[Column]:
        columns = []
        for f in struct.fields:
            child = (*path, f.name)
            columns.append(_with_path(value.getField(f.name), child))
            if isinstance(f.dataType, T.StructType):
                columns += fields(value.getField(f.name), child, f.dataType)
        return columns

    nested = [
        column
        for f in frame.schema.fields
        if isinstance(f.dataType, T.StructType) and f.name not in (_CORRUPT, _SOURCE)
        for column in fields(F.col(quote_identifier(f.name)), (f.name,), f.dataType)
    ]
    return frame.select("*", *nested) if nested else frame
