"""One job run's lineage: START when the work begins, then COMPLETE or FAIL with every dataset the run
declared, all under one run id.

:func:`lineage_events` is the one place that emits them: the job runtime
(:func:`medallion_glue.runtime.job_start.observed_run`) wraps each entry script's work in it, so an
exception anywhere in the work (a reconciliation failure included) sends FAIL and propagates.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from medallion_glue.lineage.datasets import Dataset
from medallion_glue.lineage.events import EventType, glue_run_uuid, new_run_id, run_event
from medallion_glue.lineage.facets import (
    error_message_facet,
    job_type_facet,
    parent_run_facet,
    processing_engine_facet,
)
from medallion_glue.lineage.settings import GLUE_JOB_NAMESPACE, JOB_NAMESPACE, LineageSettings
from medallion_glue.lineage.transports import Send, transport_for


class RunLineage:
    """The datasets of one run and the events that report it.

    Args:
        settings: Where events go (:func:`~medallion_glue.lineage.settings.lineage_settings`).
        job_name: The Glue job's name (``--JOB_NAME``): the OpenLineage job ``medallion-lake/<job_name>``.
        glue_job_run_id: ``--JOB_RUN_ID`` when Glue set it: the ``parent`` run (``aws-glue/<job_name>``)
            when ``settings.parent`` is None (no ``--lineage_parent_*`` arguments). None, and no
            ``settings.parent``: no parent facet.
        spark_version: For the ``processing_engine`` facet.
        send: Overrides the settings' transport (tests). @default :func:`transport_for` ``(settings)``
    """

    def __init__(
        self,
        settings: LineageSettings,
        job_name: str,
        glue_job_run_id: str | None,
        spark_version: str,
        send: Send | None = None,
    ) -> None:
        self.settings = settings
        self.run_id = new_run_id()
        self.job = (JOB_NAMESPACE, job_name)
        self._send = send or transport_for(settings)
        self._run_facets: dict[str, Any] = {"processing_engine": processing_engine_facet(spark_version)}
        if settings.parent is not None:
            parent = settings.parent
            self._run_facets["parent"] = parent_run_facet(parent.namespace, parent.name, parent.run_id)
        elif glue_job_run_id:
            self._run_facets["parent"] = parent_run_facet(
                GLUE_JOB_NAMESPACE, job_name, glue_run_uuid(glue_job_run_id)
            )
        self._inputs: dict[tuple[str, str], Dataset] = {}
        self._outputs: dict[tuple[str, str], tuple[Dataset, int | None]] = {}

    def read(self, *datasets: Dataset) -> None:
        """Declare inputs (a dataset declared again replaces the earlier one)."""
        for dataset in datasets:
            self._inputs[(dataset.namespace, dataset.name)] = dataset

    def wrote(self, dataset: Dataset, rows: int | None = None) -> None:
        """Declare an output and, once known, the rows the run wrote to it (``outputStatistics``)."""
        self._outputs[(dataset.namespace, dataset.name)] = (dataset, rows)

    def emit(
        self, event_type: EventType, extra_run_facets: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Build and send one event with the datasets declared so far; returns it."""
        event = run_event(
            event_type,
            self.run_id,
            self.job,
            run_facets={**self._run_facets, **(extra_run_facets or {})},
            job_facets={"jobType": job_type_facet()},
            inputs=[d.as_input() for d in self._inputs.values()],
            outputs=[d.as_output(rows) for d, rows in self._outputs.values()],
        )
        self._send(event)
        return event


@contextmanager
def lineage_events(lineage: RunLineage) -> Iterator[RunLineage]:
    """Send START, run the block (which declares its datasets on ``lineage``), then COMPLETE, or FAIL with
    an ``errorMessage`` facet when the block raises (the exception propagates)."""
    lineage.emit("START")
    try:
        yield lineage
    except BaseException as error:
        lineage.emit("FAIL", {"errorMessage": error_message_facet(error)})
        raise
    lineage.emit("COMPLETE")
