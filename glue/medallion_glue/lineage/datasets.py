"""The datasets a job run reads and writes, named by OpenLineage's naming conventions
(https://openlineage.io/docs/spec/naming): an S3 location is namespace ``s3://<bucket>``, name ``<key>``
(no trailing ``/``); a catalog table is a ``symlinks`` identifier ``<database>.<table>`` of the location
that stores it. A JDBC source is named by its Glue connection, which is all the job knows of it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyspark.errors import AnalysisException
from pyspark.sql import SparkSession

from medallion_glue import defaults
from medallion_glue.lineage.facets import (
    InputFieldRef,
    column_lineage_facet,
    output_statistics_facet,
    symlinks_facet,
)
from medallion_glue.spec.model import DatasetSpec
from medallion_glue.sql_text import quote_identifier

#: Namespace prefix of a JDBC source named by its Glue connection (``glue-connection://<name>``).
GLUE_CONNECTION_SCHEME = "glue-connection://"


@dataclass(frozen=True)
class Dataset:
    """One OpenLineage dataset: ``namespace``, ``name`` and its dataset facets by key."""

    namespace: str
    name: str
    facets: Mapping[str, Any] = field(default_factory=dict)

    def as_input(self) -> dict[str, Any]:
        """The dataset as an event's ``inputs`` entry."""
        return {
            "namespace": self.namespace,
            "name": self.name,
            "facets": dict(self.facets),
            "inputFacets": {},
        }

    def as_output(self, rows_written: int | None = None) -> dict[str, Any]:
        """The dataset as an event's ``outputs`` entry, with ``outputStatistics`` when the rows are known."""
        output_facets = (
            {} if rows_written is None else {"outputStatistics": output_statistics_facet(rows_written)}
        )
        return {
            "namespace": self.namespace,
            "name": self.name,
            "facets": dict(self.facets),
            "outputFacets": output_facets,
        }


def location_name(uri: str) -> tuple[str, str]:
    """``(namespace, name)`` of an ``s3://`` object or folder (``s3://b/k/`` -> ``("s3://b", "k")``); a
    local path is ``("file", <path>)``."""
    if uri.startswith("s3://"):
        bucket, _, key = uri[len("s3://") :].partition("/")
        return f"s3://{bucket}", key.rstrip("/") or "/"
    return "file", uri.removeprefix("file://").rstrip("/") or "/"


def location(uri: str, facets: Mapping[str, Any] | None = None) -> Dataset:
    """The dataset at ``uri`` (see :func:`location_name`)."""
    namespace, name = location_name(uri)
    return Dataset(namespace, name, dict(facets or {}))


def table(uri: str, catalog_namespace: str, database: str, table_name: str) -> Dataset:
    """A catalog table stored at ``uri``: the location, with the table as its ``symlinks`` identifier."""
    return location(uri, {"symlinks": symlinks_facet(catalog_namespace, f"{database}.{table_name}")})


def jdbc_table(connection_name: str, source_table: str) -> Dataset:
    """A table read through a Glue JDBC connection: namespace ``glue-connection://<connection>``, name
    ``[schema.]table`` (the job does not resolve the connection's host, see docs/lineage.md)."""
    return Dataset(f"{GLUE_CONNECTION_SCHEME}{connection_name}", source_table)


def rename_column_lineage(spec: DatasetSpec, inputs: Sequence[Dataset]) -> dict[str, Any]:
    """``columnLineage`` of the silver table from the spec's ``column_names.renames``: each renamed silver
    column comes from its bronze column in every input object. A rename into the event-time column is a
    ``DIRECT``/``TRANSFORMATION`` (parsed with ``event_time.formats``), any other an ``IDENTITY``.
    Columns only normalized (``snake_case``) are not listed. Empty when the spec renames nothing or
    nothing was read.
    """
    if not spec.renames or not inputs:
        return {}
    fields: dict[str, tuple[list[InputFieldRef], str, str]] = {}
    for source, target in spec.renames.items():
        subtype = "TRANSFORMATION" if target == spec.event_time.column else "IDENTITY"
        refs = [(dataset.namespace, dataset.name, source) for dataset in inputs]
        fields[target] = (refs, "DIRECT", subtype)
    return {"columnLineage": column_lineage_facet(fields)}


def with_facets(dataset: Dataset, facets: Mapping[str, Any]) -> Dataset:
    """``dataset`` with ``facets`` added (same keys replaced)."""
    return Dataset(dataset.namespace, dataset.name, {**dataset.facets, **facets})


def catalog_table_location(spark: SparkSession, database: str, table_name: str) -> str | None:
    """The storage location the Iceberg catalog records for ``<database>.<table>``
    (``DESCRIBE TABLE EXTENDED``);
    None when the table (or its database) does not exist or records no location, so the job's own check
    reports the missing database or table with its usual error."""
    qualified = ".".join(quote_identifier(n) for n in (defaults.ICEBERG_CATALOG, database, table_name))
    try:
        rows = spark.sql(f"DESCRIBE TABLE EXTENDED {qualified}").collect()
    except AnalysisException:
        return None
    return next((str(row["data_type"]) for row in rows if row["col_name"] == "Location"), None)
