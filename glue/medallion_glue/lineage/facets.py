"""OpenLineage facets the jobs emit, as JSON-ready dicts with their ``_producer`` and ``_schemaURL``.

Each builder follows one facet spec of https://openlineage.io/spec/facets/ at the version in its
``*_SCHEMA`` constant (the versions ``openlineage-python`` 1.54 models, which the tests validate against).
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping, Sequence
from typing import Any, Final

#: ``producer``/``_producer`` of every event and facet: the code that wrote it. The spec asks for a URI;
#: a URN names this package without pointing at a repository host.
PRODUCER: Final = "urn:medallion-lake:medallion_glue.lineage"

_FACETS = "https://openlineage.io/spec/facets"
PARENT_RUN_SCHEMA: Final = f"{_FACETS}/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet"
ERROR_MESSAGE_SCHEMA: Final = f"{_FACETS}/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet"
PROCESSING_ENGINE_SCHEMA: Final = (
    f"{_FACETS}/1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet"
)
JOB_TYPE_SCHEMA: Final = f"{_FACETS}/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet"
SYMLINKS_SCHEMA: Final = f"{_FACETS}/1-0-1/SymlinksDatasetFacet.json#/$defs/SymlinksDatasetFacet"
COLUMN_LINEAGE_SCHEMA: Final = (
    f"{_FACETS}/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet"
)
OUTPUT_STATISTICS_SCHEMA: Final = (
    f"{_FACETS}/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet"
)
DATASET_VERSION_SCHEMA: Final = (
    f"{_FACETS}/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet"
)

#: One column-lineage input: ``(dataset namespace, dataset name, field)``.
InputFieldRef = tuple[str, str, str]


def _facet(schema_url: str, **fields: Any) -> dict[str, Any]:
    return {"_producer": PRODUCER, "_schemaURL": schema_url, **fields}


def parent_run_facet(namespace: str, job_name: str, run_id: str) -> dict[str, Any]:
    """``parent``: the run that started this one, ``run {runId}`` and ``job {namespace, name}``, also
    given as the ``root`` of the hierarchy (nothing above it is known): the bronze trigger's invocation
    when it passed the ``--lineage_parent_*`` arguments, else the Glue job run (see docs/lineage.md).
    ``run_id`` must be a UUID (the facet's ``run.runId`` has ``format: uuid``)."""
    return _facet(
        PARENT_RUN_SCHEMA,
        run={"runId": run_id},
        job={"namespace": namespace, "name": job_name},
        root={"run": {"runId": run_id}, "job": {"namespace": namespace, "name": job_name}},
    )


def error_message_facet(error: BaseException) -> dict[str, Any]:
    """``errorMessage`` of a FAIL event: the exception's type and message, and its Python stack trace."""
    return _facet(
        ERROR_MESSAGE_SCHEMA,
        message=f"{type(error).__name__}: {error}",
        programmingLanguage="python",
        stackTrace="".join(traceback.format_exception(error)),
    )


def processing_engine_facet(spark_version: str) -> dict[str, Any]:
    """``processing_engine``: Spark and its version (Glue 5.1 runs Spark 3.5.6)."""
    return _facet(PROCESSING_ENGINE_SCHEMA, name="spark", version=spark_version)


def job_type_facet() -> dict[str, Any]:
    """``jobType``: a batch Glue job."""
    return _facet(JOB_TYPE_SCHEMA, processingType="BATCH", integration="AWS_GLUE", jobType="JOB")


def symlinks_facet(namespace: str, name: str) -> dict[str, Any]:
    """``symlinks``: the Data Catalog table (``<database>.<table>``) the dataset's location backs."""
    return _facet(SYMLINKS_SCHEMA, identifiers=[{"namespace": namespace, "name": name, "type": "TABLE"}])


def column_lineage_facet(fields: Mapping[str, tuple[Sequence[InputFieldRef], str, str]]) -> dict[str, Any]:
    """``columnLineage``: per output column, its input fields and one transformation
    ``(type, subtype)``, e.g. ``("DIRECT", "IDENTITY")`` for a rename."""
    return _facet(
        COLUMN_LINEAGE_SCHEMA,
        fields={
            column: {
                "inputFields": [
                    {
                        "namespace": namespace,
                        "name": name,
                        "field": field,
                        "transformations": [{"type": kind, "subtype": subtype}],
                    }
                    for namespace, name, field in inputs
                ]
            }
            for column, (inputs, kind, subtype) in fields.items()
        },
    )


def output_statistics_facet(row_count: int) -> dict[str, Any]:
    """``outputStatistics``: rows the run wrote to the dataset."""
    return _facet(OUTPUT_STATISTICS_SCHEMA, rowCount=row_count)


def dataset_version_facet(version: str) -> dict[str, Any]:
    """``version``: the dataset's version the run read or left behind (an Iceberg snapshot id, as text)."""
    return _facet(DATASET_VERSION_SCHEMA, datasetVersion=version)
