# Generated from datasets/schema/dataset-spec.schema.json by `npm run generate:spec`
# (scripts/generate-spec-types.ts). Do not edit.

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

LegacySuffix: TypeAlias = str


@dataclass
class ColumnNames:
    normalize: Literal["snake_case", "none"] | None = "snake_case"
    renames: dict[str, str] | None = None


Format: TypeAlias = str


@dataclass
class EventTime:
    column: str
    formats: list[Format]
    timezone: str | None = "UTC"


RequiredColumn: TypeAlias = str


PrimaryKeyItem: TypeAlias = str


@dataclass
class Deduplication:
    primary_key: list[PrimaryKeyItem]
    order_by: str | None = None


@dataclass
class Silver:
    table: str
    compression: Literal["snappy", "zstd"] | None = "zstd"


ReservedColumn: TypeAlias = Literal["year", "month", "_source_object", "_ingested_at", "_corrupt_record"]


SparkType: TypeAlias = str


PartitionByItem: TypeAlias = str


@dataclass
class GoldTable:
    name: str
    description: str | None = None
    partition_by: list[PartitionByItem] | None = None


@dataclass
class CsvFormat:
    type: Literal["csv"]
    header: bool | None = True
    delimiter: str | None = ","
    quote: str | None = '"'
    escape: str | None = '"'
    encoding: str | None = "UTF-8"


@dataclass
class JsonLinesFormat:
    type: Literal["json_lines"]


@dataclass
class JsonArrayFormat:
    type: Literal["json_array"]


@dataclass
class JsonPathFormat:
    type: Literal["json_path"]
    path: str


@dataclass
class FirehoseJsonFormat:
    type: Literal["firehose_json"]


@dataclass
class ParquetFormat:
    type: Literal["parquet"]


@dataclass
class Gold:
    tables: list[GoldTable]


SourceFormat: TypeAlias = (
    CsvFormat | JsonLinesFormat | JsonArrayFormat | JsonPathFormat | FirehoseJsonFormat | ParquetFormat
)


@dataclass
class Bronze:
    prefix: str
    suffix: str
    format: SourceFormat
    legacy_suffixes: list[LegacySuffix] | None = None


@dataclass
class Dimension:
    name: str
    file: str
    format: SourceFormat


@dataclass
class MedallionLakeDatasetSpec:
    spec_version: Literal[1]
    name: str
    bronze: Bronze
    event_time: EventTime
    silver: Silver
    description: str | None = None
    column_names: ColumnNames | None = None
    schema: dict[str, SparkType] | None = None
    required_columns: list[RequiredColumn] | None = None
    row_filters: list[str] | None = None
    deduplication: Deduplication | Literal["none"] | None = None
    gold: Gold | None = None
    dimensions: list[Dimension] | None = None
