"""Every default of the ETL, defined once.

The dataset spec JSON Schema (``datasets/schema/dataset-spec.schema.json``) repeats some of these
values as ``default`` annotations for readers; ``glue/tests/test_spec_loader.py``
(``test_defaults_apply_when_options_are_omitted``) checks that both agree, and
``glue/tests/test_defaults.py`` ties :data:`GLUE_VERSION` to ``components/etl-job/settings.ts`` and
:data:`SPARK_VERSION` to the ``pyspark`` pin in ``requirements.txt``.
"""

from __future__ import annotations

from typing import Final

#: Version of the dataset spec format this code reads (``spec_version`` in the YAML files).
SPEC_VERSION: Final = 1

#: Glue version the jobs target (Spark 3.5.6, Python 3.11). See
#: https://docs.aws.amazon.com/glue/latest/dg/release-notes.html
GLUE_VERSION: Final = "5.1"
#: Spark version of Glue 5.1; the local ``pyspark`` pin in requirements.txt must match it.
SPARK_VERSION: Final = "3.5.6"

#: Hex characters of the content hash EtlJob puts in uploaded file names (``flights.yaml`` is uploaded
#: as ``flights-<hash>.yaml``); mirrors ``CONTENT_HASH_LENGTH`` in ``components/etl-job/content-hash.ts``
#: (``glue/tests/test_spec_loader.py`` checks both agree and loads a spec under the uploaded name).
CONTENT_HASH_LENGTH: Final = 16

#: Column-name normalization applied when the spec does not say (``column_names.normalize``).
DEFAULT_NAME_NORMALIZATION: Final = "snake_case"
#: Parquet codec of silver and gold files when the spec does not say (``silver.compression``).
DEFAULT_COMPRESSION: Final = "zstd"
#: Zone of event-time values without an offset (``event_time.timezone``); partitions are in UTC.
DEFAULT_EVENT_TIMEZONE: Final = "UTC"

#: CSV options when the spec does not say (``bronze.format``, type ``csv``).
DEFAULT_CSV_HEADER: Final = True
DEFAULT_CSV_DELIMITER: Final = ","
DEFAULT_CSV_QUOTE: Final = '"'
#: RFC 4180: a quote inside a quoted value is doubled (``""``), as PostgreSQL COPY, Excel and pandas write
#: CSV. Files that escape quotes with a backslash set ``escape: '\\'``.
DEFAULT_CSV_ESCAPE: Final = '"'
DEFAULT_CSV_ENCODING: Final = "UTF-8"

#: Schema inference (when the spec has no type for a column): at most this many rows are sampled.
DEFAULT_INFERENCE_SAMPLE_ROWS: Final = 10_000
#: A type is inferred when at least this share of the sampled non-null values cast to it; the
#: remaining values are quarantined as ``type_mismatch`` instead of widening the column to string.
DEFAULT_INFERENCE_MIN_MATCH_RATIO: Final = 0.99

#: Names of the partition columns derived from the event time.
PARTITION_COLUMNS: Final = ("year", "month")
#: Lineage columns added to every silver row: the bronze object it came from and the run's time.
SOURCE_OBJECT_COLUMN: Final = "_source_object"
INGESTED_AT_COLUMN: Final = "_ingested_at"
#: Column in which Spark's permissive readers put a record they cannot parse.
CORRUPT_RECORD_COLUMN: Final = "_corrupt_record"
#: Silver column names the ETL itself adds; a spec may not use them.
RESERVED_COLUMNS: Final = (
    *PARTITION_COLUMNS,
    SOURCE_OBJECT_COLUMN,
    INGESTED_AT_COLUMN,
    CORRUPT_RECORD_COLUMN,
)

#: CloudWatch namespace of the per-run reconciliation metrics.
METRICS_NAMESPACE: Final = "MedallionLake/ETL"

#: Local runner layout (relative to ``--lake-dir``).
LOCAL_BRONZE_DIR: Final = "bronze"
LOCAL_SILVER_DIR: Final = "silver"
LOCAL_GOLD_DIR: Final = "gold"
LOCAL_QUARANTINE_DIR: Final = "quarantine"
LOCAL_STATE_DIR: Final = "_state"
LOCAL_CATALOG_FILE: Final = "_catalog/catalog.json"
#: Database names of the local catalog (the Glue jobs take them as arguments).
LOCAL_SILVER_DATABASE: Final = "silver"
LOCAL_GOLD_DATABASE: Final = "gold"
