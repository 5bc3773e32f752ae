/* Generated from datasets/schema/dataset-spec.schema.json by `npm run generate:spec` (scripts/generate-spec-types.ts). Do not edit. */

/**
 * How bronze objects are encoded.
 *
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "sourceFormat".
 */
export type SourceFormat =
    | CsvFormat
    | JsonLinesFormat
    | JsonArrayFormat
    | JsonPathFormat
    | FirehoseJsonFormat
    | ParquetFormat;
/**
 * JSON formats: true turns every nested JSON object into one column per field, named by joining the path with '_' (properties.mag -> properties_mag, then column_names.normalize); arrays stay whole as JSON text. An object stays one column when schema types it, when the spec names it, or when it is a GeoJSON geometry (its fields include type and coordinates or geometries): JSON text by default, a struct when schema says struct<...>. Two columns that end up with one silver name fail the run; rename one (a dotted path may be renamed). false: nested objects stay one column each, as JSON text, and only the dotted paths the spec names become columns of their own. docs/etl.md, Nested records. @default false
 *
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "flatten".
 */
export type Flatten = boolean;
/**
 * A Spark SQL type: string, boolean, tinyint, smallint, int, bigint, float, double, date, timestamp, decimal(p,s), or a struct<...>/array<...>/map<...> DDL type.
 *
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "sparkType".
 */
export type SparkType = string;
/**
 * What a failed rule does: fail rolls the silver write back (the run fails, its bookmark is not committed, the quality alarm fires); warn only reports it (metric and log). @default fail: a rule written in the spec is a contract; a rule that only reports must say so.
 *
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "qualityAction".
 */
export type QualityAction = "warn" | "fail";
/**
 * Silver column names the ETL itself adds (the year/month partition columns, the lineage columns _source_object and _ingested_at, Spark's corrupt-record column); no schema key, rename target or event-time column may be one of them.
 *
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "reservedColumn".
 */
export type ReservedColumn = "year" | "month" | "_source_object" | "_ingested_at" | "_corrupt_record";

/**
 * One versioned YAML file per dataset (datasets/<name>.yaml) describing how bronze objects become the silver table and which gold tables and dimension tables belong to it. Validated by the Python ETL (jsonschema) and the TypeScript infrastructure (ajv) against this same file. Column names in schema, event_time, required_columns, row_filters and deduplication are SILVER names, i.e. after renames and normalization, or dotted paths of nested source fields (properties.time), each of which becomes a silver column of its own named by joining the path with '_' (properties_time) unless renamed; in row_filters a dotted name whose first part is a struct<...> column of schema reads that struct's field instead (docs/etl.md, Nested records). quality: rules name silver columns.
 */
export interface MedallionLakeDatasetSpec {
    /**
     * Version of this spec format. Bump when the format changes incompatibly.
     */
    spec_version: 1;
    /**
     * Dataset name: lower snake_case, unique across datasets/.
     */
    name: string;
    description?: string;
    /**
     * Where the raw objects land and how to read them.
     */
    bronze: {
        /**
         * Key prefix under the bronze zone, ending in '/', e.g. 'flights/'. Also the S3 event notification prefix filter.
         */
        prefix: string;
        /**
         * Object key suffix, e.g. '.csv'. Also the S3 event notification suffix filter; other objects under the prefix are ignored.
         */
        suffix: string;
        /**
         * Suffixes of objects that landed under the prefix before 'suffix' took its current value, e.g. ['.json', ''] ('' = no extension: a file name without a '.', not starting with '_'). The ETL reads them (job bookmark, --source_keys, local runner); they are not S3 notification filters, since such objects already landed and make no new events. Compression follows each object's extension (.gz is decompressed, others are read as text).
         */
        legacy_suffixes?: string[];
        format: SourceFormat;
    };
    column_names?: {
        /**
         * snake_case: lower-case ASCII snake_case (accents stripped, punctuation to '_'); none: keep source names.
         */
        normalize?: "snake_case" | "none";
        /**
         * Explicit renames: source column name (as it appears in the bronze data) -> silver column name. Applied instead of normalization for that column.
         */
        renames?: {
            [k: string]: string;
        };
    };
    /**
     * Optional explicit column types (silver column name -> Spark SQL type). When absent, types are inferred once from the first batch and recorded. Columns not listed are inferred.
     */
    schema?: {
        [k: string]: SparkType;
    };
    /**
     * The column carrying the event time; parsed to a timestamp and used to derive the year/month partition columns.
     */
    event_time: {
        column: string;
        /**
         * Tried in order: Spark datetime patterns (e.g. 'yyyy/MM/dd HH:mm') or one of the tokens iso8601, epoch_seconds, epoch_millis.
         *
         * @minItems 1
         */
        formats: [string, ...string[]];
        /**
         * IANA zone of wall-clock values that carry no offset. Partitions are derived in UTC.
         */
        timezone?: string;
    };
    /**
     * Rows with a null or blank value in any of these go to quarantine (missing_required_column).
     */
    required_columns?: string[];
    /**
     * Spark SQL predicates over typed silver columns; a row must satisfy all of them (NULL counts as false) or it goes to quarantine (failed_filter). Example: 'cantidad > 0'.
     */
    row_filters?: string[];
    /**
     * How repeated rows are removed. An object: rows sharing its primary_key keep one, in the batch and against silver. The string 'none': no row is removed as a duplicate (identical rows are kept, for datasets where they are real repeated events; re-running the same input then adds its rows again). @default the whole row is the key: identical rows keep one.
     */
    deduplication?:
        | {
              /**
               * Silver columns identifying a record. Without deduplication, the whole row is the key.
               *
               * @minItems 1
               */
              primary_key: [string, ...string[]];
              /**
               * Silver column whose greatest value wins among rows with the same key. A stored row is replaced only by a strictly greater value; without order_by the first stored row wins.
               */
              order_by?: string;
          }
        | "none";
    quarantine?: Quarantine;
    silver: {
        /**
         * Silver table name in the silver database (and folder under the silver zone).
         */
        table: string;
        /**
         * Parquet compression codec.
         */
        compression?: "snappy" | "zstd";
    };
    gold?: {
        /**
         * Gold tables built from glue/sql/gold/<name>.sql.
         */
        tables: GoldTable[];
    };
    /**
     * Dimension tables the gold SQL joins, read from the dimensions location (datasets/dimensions/ locally, --dimensions_uri in Glue).
     */
    dimensions?: Dimension[];
    quality?: Quality;
}
/**
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "csvFormat".
 */
export interface CsvFormat {
    type: "csv";
    /**
     * First line of every object holds the column names. Without a header, columns are named _c0, _c1, ...
     */
    header?: boolean;
    delimiter?: string;
    quote?: string;
    /**
     * Character that escapes a quote inside a quoted value. The default, a double quote, reads RFC 4180 CSV (quotes doubled, as PostgreSQL COPY, Excel and pandas write it); set it to a backslash for backslash-escaped quotes.
     */
    escape?: string;
    /**
     * Character set of the objects, e.g. UTF-8, ISO-8859-1, windows-1252.
     */
    encoding?: string;
}
/**
 * One JSON object per line.
 *
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "jsonLinesFormat".
 */
export interface JsonLinesFormat {
    type: "json_lines";
    flatten?: Flatten;
}
/**
 * Each object is one JSON array of records.
 *
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "jsonArrayFormat".
 */
export interface JsonArrayFormat {
    type: "json_array";
    flatten?: Flatten;
}
/**
 * Each object is one JSON document whose records sit under a path, as a Glue JSON classifier's JSON path does.
 *
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "jsonPathFormat".
 */
export interface JsonPathFormat {
    type: "json_path";
    /**
     * JSON path of the records: the array holding them ('$.records[*]', '$.data.items'), optionally followed by a path inside each element ('$.features[*].properties': each feature's properties object is one record; an element without it is quarantined as malformed_record).
     */
    path: string;
    flatten?: Flatten;
}
/**
 * Amazon Data Firehose output: JSON objects concatenated with no separator ({}{}{}), or separated by newlines.
 *
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "firehoseJsonFormat".
 */
export interface FirehoseJsonFormat {
    type: "firehose_json";
    flatten?: Flatten;
}
/**
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "parquetFormat".
 */
export interface ParquetFormat {
    type: "parquet";
}
/**
 * The quarantine guard: a bronze_to_silver run whose batch quarantines more than max_ratio of its rows (rows quarantined / rows read) is treated as a broken drop or a broken spec, not as bad data: it fails before writing silver, publishes its counts (QuarantineRatio and QuarantineGuardExceeded = 1, a run within the guard publishing 0) and sets off the lake's one quarantine-guard alarm (QuarantineGuardExceeded Maximum >= 1, for every dataset; the metric with dimension Dataset names the dataset); the bookmark is not committed and the run's quarantine output is deleted, so the next run (after a fix) reads the same objects again. Objects quarantined whole are not rows and do not count.
 *
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "quarantine".
 */
export interface Quarantine {
    /**
     * Largest share of a batch's rows that may be quarantined, from 0 (no row may be) to 1 (the guard is off). @default 0.25: a quarter of a batch failing its rules is far beyond the few percent of bad rows real sources send, and a typo'd column (100 %) or a changed format trips it.
     */
    max_ratio?: number;
}
/**
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "goldTable".
 */
export interface GoldTable {
    name: string;
    description?: string;
    /**
     * Output columns to partition the gold table by (omit for small tables).
     */
    partition_by?: string[];
}
/**
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "dimension".
 */
export interface Dimension {
    /**
     * View name the gold SQL uses.
     */
    name: string;
    /**
     * File name relative to the dimensions location, e.g. airports.csv.
     */
    file: string;
    format: SourceFormat;
}
/**
 * Data-quality rules checked on every batch bronze_to_silver writes (docs/quality.md). They compile to one AWS Glue Data Quality (DQDL) ruleset per silver table, evaluated on Glue with EvaluateDataQuality after the write; locally the same rules run in Spark. A failed rule whose action is fail rolls the silver write back. Each rule is identified by its kind and column(s), so a column has at most one rule of each kind.
 *
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "quality".
 */
export interface Quality {
    /**
     * Share of non-null values a column must reach.
     */
    completeness?: CompletenessRule[];
    /**
     * Columns whose values (together) identify one row of the batch.
     */
    uniqueness?: UniquenessRule[];
    /**
     * Inclusive bounds every value of a numeric column must lie within (NULL fails, as in DQDL ColumnValues).
     */
    value_ranges?: ValueRangeRule[];
    /**
     * Values a string column may take (NULL fails, as in DQDL ColumnValues).
     */
    value_sets?: ValueSetRule[];
    freshness?: FreshnessRule;
    row_count_change?: RowCountChangeRule;
    /**
     * Spark SQL statements over the batch (the table 'primary') returning one number that must lie within bounds.
     */
    custom_sql?: CustomSqlRule[];
}
/**
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "completenessRule".
 */
export interface CompletenessRule {
    column: string;
    /**
     * Lowest share of non-null values, 0-1. @default 1 (no NULL).
     */
    min_ratio?: number;
    action?: QualityAction;
}
/**
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "uniquenessRule".
 */
export interface UniquenessRule {
    /**
     * Silver columns whose combined value occurs once per batch (DQDL IsUnique).
     *
     * @minItems 1
     */
    columns: [string, ...string[]];
    action?: QualityAction;
}
/**
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "valueRangeRule".
 */
export interface ValueRangeRule {
    column: string;
    /**
     * Smallest allowed value (inclusive). Give min, max or both.
     */
    min?: number;
    /**
     * Largest allowed value (inclusive). Give min, max or both.
     */
    max?: number;
    action?: QualityAction;
}
/**
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "valueSetRule".
 */
export interface ValueSetRule {
    column: string;
    /**
     * @minItems 1
     */
    values: [string, ...string[]];
    action?: QualityAction;
}
/**
 * Every event time of the batch (event_time.column) is at most max_age old when the rule runs (DQDL DataFreshness; NULL fails).
 *
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "freshnessRule".
 */
export interface FreshnessRule {
    max_age: number;
    unit: "hours" | "days";
    action?: QualityAction;
}
/**
 * The batch's row count differs from the previous run's by at most max_change_ratio of it (DQDL RowCount against avg(last(1))). The first run passes: there is no previous count.
 *
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "rowCountChangeRule".
 */
export interface RowCountChangeRule {
    /**
     * Largest allowed |rows - previous| / previous, e.g. 0.5 for half.
     */
    max_change_ratio: number;
    action?: QualityAction;
}
/**
 * This interface was referenced by `MedallionLakeDatasetSpec`'s JSON-Schema
 * via the `definition` "customSqlRule".
 */
export interface CustomSqlRule {
    /**
     * Rule name, unique among custom_sql rules: lower snake_case.
     */
    name: string;
    /**
     * A Spark SQL query over the batch, named primary, returning one row with one number, e.g. SELECT COUNT(*) FROM primary WHERE delay > 1440.
     */
    sql: string;
    /**
     * Smallest allowed result (inclusive). Give min, max or both.
     */
    min?: number;
    /**
     * Largest allowed result (inclusive). Give min, max or both.
     */
    max?: number;
    action?: QualityAction;
}
