"""One OpenLineage ``RunEvent`` (spec 2-0-2, https://openlineage.io/spec/2-0-2/OpenLineage.json) as a dict."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final, Literal

from medallion_glue.lineage.facets import PRODUCER

RUN_EVENT_SCHEMA: Final = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
EventType = Literal["START", "COMPLETE", "FAIL"]
#: Namespace of the UUIDs derived from Glue job run ids (:func:`glue_run_uuid`).
GLUE_RUN_UUID_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "https://docs.aws.amazon.com/glue/jobrun")


def glue_run_uuid(job_run_id: str) -> str:
    """The OpenLineage run id (a UUID, as the spec requires) of the Glue job run ``job_run_id``
    (``jr_...``): a name-based UUID, so every event naming that Glue run names the same run."""
    return str(uuid.uuid5(GLUE_RUN_UUID_NAMESPACE, job_run_id))


def new_run_id() -> str:
    """A fresh run id: a random UUID."""
    return str(uuid.uuid4())


def event_time(now: datetime | None = None) -> str:
    """``eventTime``: ISO 8601 in UTC with milliseconds and a ``Z``, e.g. ``2026-12-03T13:29:04.123Z``."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def run_event(
    event_type: EventType,
    run_id: str,
    job: tuple[str, str],
    *,
    run_facets: Mapping[str, Any],
    job_facets: Mapping[str, Any],
    inputs: Sequence[Mapping[str, Any]] = (),
    outputs: Sequence[Mapping[str, Any]] = (),
    now: datetime | None = None,
) -> dict[str, Any]:
    """A ``RunEvent`` of run ``run_id`` of job ``(namespace, name)``.

    Args:
        inputs, outputs: Dataset entries (:meth:`~medallion_glue.lineage.datasets.Dataset.as_input`,
            :meth:`~medallion_glue.lineage.datasets.Dataset.as_output`).
        now: The event's time. @default the current UTC time.
    """
    namespace, name = job
    return {
        "eventType": event_type,
        "eventTime": event_time(now),
        "producer": PRODUCER,
        "schemaURL": RUN_EVENT_SCHEMA,
        "run": {"runId": run_id, "facets": dict(run_facets)},
        "job": {"namespace": namespace, "name": name, "facets": dict(job_facets)},
        "inputs": [dict(d) for d in inputs],
        "outputs": [dict(d) for d in outputs],
    }
