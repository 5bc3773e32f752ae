"""Dataset versions: the Iceberg snapshot of a silver or gold table, as OpenLineage's ``version`` dataset
facet (``DatasetVersionDatasetFacet``, ``datasetVersion`` the snapshot id as text).

An output's version is the table's current snapshot once the run's work is done (the commit the run made,
or the snapshot it left in place when it had nothing to write); an input's is the snapshot the run read.
"""

from __future__ import annotations

from pyspark.sql import SparkSession

from medallion_glue.lineage.datasets import Dataset, with_facets
from medallion_glue.lineage.facets import dataset_version_facet
from medallion_glue.silver.store import current_snapshot_id, iceberg_table_name, table_exists


def table_snapshot(spark: SparkSession, database: str, table_name: str) -> int | None:
    """The current snapshot id of the Iceberg table ``<database>.<table>`` of the catalog
    (:data:`~medallion_glue.defaults.ICEBERG_CATALOG`); None when the table does not exist or has no
    snapshot yet."""
    if not table_exists(spark, database, table_name):
        return None
    return current_snapshot_id(spark, iceberg_table_name(database, table_name))


def versioned(dataset: Dataset, snapshot_id: int | None) -> Dataset:
    """``dataset`` with the ``version`` facet of Iceberg snapshot ``snapshot_id``; unchanged when None (no
    snapshot: the table does not exist yet, or the run failed before it knew one)."""
    if snapshot_id is None:
        return dataset
    return with_facets(dataset, {"version": dataset_version_facet(str(snapshot_id))})
