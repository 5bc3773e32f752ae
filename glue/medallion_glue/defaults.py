"""Every default of the ETL, defined once.

The dataset spec's own defaults (CSV options, ``silver.compression``, ``column_names.normalize``,
``event_time.timezone``) are the ``default`` annotations of the JSON Schema
(``datasets/schema/dataset-spec.schema.json``), applied through the generated
:mod:`medallion_glue.spec.dataset_spec_types`. Values the TypeScript side shares (the Glue version, the
metric namespace) are read from ``shared_constants.json`` beside this module, which
``lib/glue-job-contract.ts`` reads too; ``glue/tests/test_defaults.py`` ties :data:`SPARK_VERSION` to the
``pyspark`` pin in ``requirements.txt``.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Final

_SHARED: Final[dict[str, str]] = json.loads(
    resources.files(__package__).joinpath("shared_constants.json").read_text(encoding="utf-8")
)

#: Glue version the jobs target (Spark 3.5.6, Python 3.11); also EtlJob's default ``glueVersion``. See
#: https://docs.aws.amazon.com/glue/latest/dg/release-notes.html
GLUE_VERSION: Final = _SHARED["glue_version"]
#: Spark version of Glue 5.1; the local ``pyspark`` pin in requirements.txt must match it.
SPARK_VERSION: Final = "3.5.6"

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
#: Silver column names the ETL itself adds; the schema's ``$defs.reservedColumn`` keeps specs from using
#: them (``glue/tests/test_defaults.py`` checks it reserves every one).
RESERVED_COLUMNS: Final = (
    *PARTITION_COLUMNS,
    SOURCE_OBJECT_COLUMN,
    INGESTED_AT_COLUMN,
    CORRUPT_RECORD_COLUMN,
)

#: CloudWatch namespace of the per-run reconciliation metrics (EtlJob lets the job role publish to it).
METRICS_NAMESPACE: Final = _SHARED["metrics_namespace"]

#: Spark catalog name of the Iceberg catalog the jobs read and write silver and gold through: the Glue
#: Data Catalog in Glue (EtlJob's ``--conf spark.sql.catalog.<name>...``), a Hadoop catalog locally,
#: with the same namespaces (the zone databases) and table names.
ICEBERG_CATALOG: Final = _SHARED["iceberg_catalog"]
#: Iceberg table format version of silver and gold (``format-version``); see docs/iceberg.md.
ICEBERG_FORMAT_VERSION: Final = _SHARED["iceberg_format_version"]

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
