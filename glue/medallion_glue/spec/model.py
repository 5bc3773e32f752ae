"""Typed, immutable view of a validated dataset spec (see ``datasets/schema/dataset-spec.schema.json``).

Build instances with :func:`medallion_glue.spec.loader.load_spec`; every default is already applied. The
defaults are the schema's, read through the dataclasses generated from it
(:mod:`medallion_glue.spec.dataset_spec_types`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from medallion_glue.spec import dataset_spec_types as schema_types

#: Defaults the schema declares (``default`` annotations), through the generated dataclasses: the values
#: a spec gets when it leaves ``silver.compression``, ``column_names.normalize`` or
#: ``event_time.timezone`` out.
DEFAULT_COMPRESSION: str = schema_types.Silver.compression
DEFAULT_NAME_NORMALIZATION: str = schema_types.ColumnNames.normalize
DEFAULT_EVENT_TIMEZONE: str = schema_types.EventTime.timezone

FormatType = Literal["csv", "json_lines", "json_array", "json_path", "firehose_json", "parquet"]
#: Event-time format tokens a spec may list besides Spark datetime patterns (parsed by
#: :func:`medallion_glue.silver.event_time.parse_event_time`).
ISO8601 = "iso8601"
EPOCH_SECONDS = "epoch_seconds"
EPOCH_MILLIS = "epoch_millis"
FORMAT_TOKENS = (ISO8601, EPOCH_SECONDS, EPOCH_MILLIS)

#: The ``deduplication`` value that keeps every row (identical rows are real repeated events).
NO_DEDUPLICATION = "none"

#: The JSON-based source formats, read through one JSON record pipeline.
JSON_FORMATS: tuple[FormatType, ...] = ("json_lines", "json_array", "json_path", "firehose_json")


@dataclass(frozen=True)
class SourceFormat:
    """How bronze objects (or a dimension file) are encoded.

    Attributes:
        type: ``csv``, ``json_lines``, ``json_array``, ``json_path``, ``firehose_json`` or ``parquet``.
        header, delimiter, quote, escape, encoding: CSV options (ignored for other types).
        path: For ``json_path``: the JSON path of the record array, e.g. ``$.records[*]``, optionally
            followed by a path inside each element (``$.features[*].properties``).
        flatten: JSON formats: one column per field of every nested object (docs/etl.md, "Nested
            records"). @default False
    """

    type: FormatType
    header: bool = schema_types.CsvFormat.header
    delimiter: str = schema_types.CsvFormat.delimiter
    quote: str = schema_types.CsvFormat.quote
    escape: str = schema_types.CsvFormat.escape
    encoding: str = schema_types.CsvFormat.encoding
    path: str | None = None
    flatten: bool = False


@dataclass(frozen=True)
class EventTimeSpec:
    """The event-time column, its accepted formats (tried in order) and the zone of naive values."""

    column: str
    formats: tuple[str, ...]
    timezone: str


@dataclass(frozen=True)
class GoldTableSpec:
    """A gold table built from ``glue/sql/gold/<name>.sql``, optionally partitioned."""

    name: str
    description: str = ""
    partition_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class DimensionSpec:
    """A dimension table read from ``<dimensions location>/<file>`` and exposed to gold SQL as ``name``."""

    name: str
    file: str
    format: SourceFormat


def key_has_bronze_suffix(key: str, suffixes: tuple[str, ...]) -> bool:
    """Whether the file name of ``key`` (after its last ``/``) ends with one of ``suffixes``; ``""`` means
    "no extension": no ``.`` in the name, which does not start with ``_`` either. An empty name (a folder
    marker) matches nothing. ``lib/bronze-objects.ts`` ``bronzeObjectMatches`` is the same rule; both
    suites run ``tests/fixtures/bronze-objects/cases.json``."""
    name = key.rsplit("/", 1)[-1]
    if not name:
        return False
    for suffix in suffixes:
        if suffix and name.endswith(suffix):
            return True
        if not suffix and "." not in name and not name.startswith("_"):
            return True
    return False


@dataclass(frozen=True)
class DatasetSpec:
    """One dataset: bronze layout and format, silver rules, gold tables and dimensions.

    Column names in ``explicit_schema``, ``event_time``, ``required_columns``, ``primary_key`` and
    ``order_by`` are silver names (after renames and normalization): the loader turns each dotted path
    the spec wrote into the silver column it becomes (:mod:`medallion_glue.spec.column_naming`) and keeps
    the path in :attr:`source_paths`. ``row_filters`` are as written; :attr:`filter_expressions` is the
    Spark SQL evaluated.
    """

    name: str
    source_file: str
    bronze_prefix: str
    bronze_suffix: str
    source_format: SourceFormat
    event_time: EventTimeSpec
    silver_table: str
    compression: str
    normalize: Literal["snake_case", "none"]
    description: str = ""
    explicit_schema: dict[str, str] = field(default_factory=dict)
    renames: dict[str, str] = field(default_factory=dict)
    required_columns: tuple[str, ...] = ()
    row_filters: tuple[str, ...] = ()
    #: ``row_filters`` with each dotted path replaced by its silver column; None: as written.
    row_filter_sql: tuple[str, ...] | None = None
    #: Silver column -> the dotted path of the nested source field the spec named it by
    #: (``{"properties_time": "properties.time"}``); the reader's column of that path becomes it.
    source_paths: dict[str, str] = field(default_factory=dict)
    primary_key: tuple[str, ...] = ()
    order_by: str | None = None
    #: False when the spec says ``deduplication: none``: every accepted row is written, none is
    #: removed as a duplicate in the batch or against silver. The default (the schema's: without
    #: ``deduplication`` the whole row is the key) lives in the schema's ``deduplication`` description.
    deduplicate: bool = True
    gold_tables: tuple[GoldTableSpec, ...] = ()
    dimensions: tuple[DimensionSpec, ...] = ()
    #: ``bronze.legacy_suffixes``: suffixes of objects that landed before ``bronze_suffix`` took its
    #: current value (``""``: no extension). Read by the ETL, never S3 notification filters.
    bronze_legacy_suffixes: tuple[str, ...] = ()
    #: ``quality:``: the data-quality rules (generated dataclasses, defaults applied), evaluated by
    #: :mod:`medallion_glue.quality` after the silver write (docs/quality.md).
    quality: schema_types.Quality = field(default_factory=schema_types.Quality)
    #: ``quarantine.max_ratio``: above this share of quarantined rows a run fails before writing silver
    #: (the quarantine guard, :func:`medallion_glue.silver.reconciliation.check_quarantine_guard`).
    quarantine_max_ratio: float = schema_types.Quarantine.max_ratio

    @property
    def filter_expressions(self) -> tuple[str, ...]:
        """The ``row_filters`` as Spark evaluates them over the silver columns, in order."""
        return self.row_filters if self.row_filter_sql is None else self.row_filter_sql

    def written_name(self, column: str) -> str:
        """How the spec wrote the silver column ``column``: its dotted source path, else itself."""
        return self.source_paths.get(column, column)

    @property
    def bronze_suffixes(self) -> tuple[str, ...]:
        """``bronze_suffix`` followed by ``bronze_legacy_suffixes``: every suffix the ETL reads."""
        return (self.bronze_suffix, *self.bronze_legacy_suffixes)

    def is_bronze_object(self, key: str) -> bool:
        """Whether ``key`` (an ``s3://`` URI, a path or a file name) ends with one of
        :attr:`bronze_suffixes`. The suffix ``""`` matches a file name without an extension: no ``.``
        in the last path segment, which does not start with ``_`` either (Hadoop's hidden files such
        as ``_SUCCESS``). Whether the key is under the dataset's prefix is the caller's check.

        The rule is ``lib/bronze-objects.ts`` (``bronzeObjectMatches`` with ``NO_EXTENSION``), the one
        definition deploy, the S3 filters and the trigger use; the job, which has no Node.js, applies
        it here to the keys it selects (docs/etl.md, "Which objects belong to a dataset").
        """
        return key_has_bronze_suffix(key, self.bronze_suffixes)

    def referenced_columns(self) -> dict[str, str]:
        """Silver columns the spec names outside ``schema``, mapped to the spec field naming them."""
        refs: dict[str, str] = {self.event_time.column: "event_time.column"}
        for i, column in enumerate(self.required_columns):
            refs.setdefault(column, f"required_columns[{i}]")
        for i, column in enumerate(self.primary_key):
            refs.setdefault(column, f"deduplication.primary_key[{i}]")
        if self.order_by:
            refs.setdefault(self.order_by, "deduplication.order_by")
        for key in ("completeness", "value_ranges", "value_sets"):
            for i, rule in enumerate(getattr(self.quality, key) or ()):
                refs.setdefault(rule.column, f"quality.{key}[{i}].column")
        for i, rule in enumerate(self.quality.uniqueness or ()):
            for j, column in enumerate(rule.columns):
                refs.setdefault(column, f"quality.uniqueness[{i}].columns[{j}]")
        return refs
