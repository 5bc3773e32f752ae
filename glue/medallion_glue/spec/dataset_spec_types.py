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


QualityAction: TypeAlias = Literal["warn", "fail"]


@dataclass
class CompletenessRule:
    column: str
    min_ratio: float | None = 1
    action: QualityAction | None = "fail"


Column: TypeAlias = str


@dataclass
class UniquenessRule:
    columns: list[Column]
    action: QualityAction | None = "fail"


@dataclass
class ValueRangeRule:
    column: str
    min: float | None = None
    max: float | None = None
    action: QualityAction | None = "fail"


@dataclass
class ValueSetRule:
    column: str
    values: list[str]
    action: QualityAction | None = "fail"


@dataclass
class FreshnessRule:
    max_age: int
    unit: Literal["hours", "days"]
    action: QualityAction | None = "fail"


@dataclass
class RowCountChangeRule:
    max_change_ratio: float
    action: QualityAction | None = "fail"


@dataclass
class CustomSqlRule:
    name: str
    sql: str
    min: float | None = None
    max: float | None = None
    action: QualityAction | None = "fail"


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
class ParquetFormat:
    type: Literal["parquet"]


@dataclass
class Quarantine:
    max_ratio: float | None = 0.25


Flatten: TypeAlias = bool


@dataclass
class Gold:
    tables: list[GoldTable]


@dataclass
class Quality:
    completeness: list[CompletenessRule] | None = None
    uniqueness: list[UniquenessRule] | None = None
    value_ranges: list[ValueRangeRule] | None = None
    value_sets: list[ValueSetRule] | None = None
    freshness: FreshnessRule | None = None
    row_count_change: RowCountChangeRule | None = None
    custom_sql: list[CustomSqlRule] | None = None


@dataclass
class JsonLinesFormat:
    type: Literal["json_lines"]
    flatten: Flatten | None = False


@dataclass
class JsonArrayFormat:
    type: Literal["json_array"]
    flatten: Flatten | None = False


@dataclass
class JsonPathFormat:
    type: Literal["json_path"]
    path: str
    flatten: Flatten | None = False


@dataclass
class FirehoseJsonFormat:
    type: Literal["firehose_json"]
    flatten: Flatten | None = False


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
    quarantine: Quarantine | None = None
    gold: Gold | None = None
    dimensions: list[Dimension] | None = None
    quality: Quality | None = None
