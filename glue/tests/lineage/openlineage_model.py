"""Validation of emitted events against the OpenLineage spec as ``openlineage-python`` models it.

``openlineage-python`` ships the spec as attrs classes generated from the JSON Schema (``event_v2`` and
``generated/*``), with the schema's required fields and its checks (a UUID ``runId``, an ISO 8601
``eventTime`` with a time, the ``eventType`` enum). :func:`validate_run_event` builds those classes from
an event field by field, so a missing required field, an unknown field, a wrong enum value, an unknown
facet or a facet whose ``_schemaURL`` is not the one the model declares fails; then it serializes the
model with the library's ``Serde`` and requires the very same document back.
"""

from __future__ import annotations

import enum
import json
import types
import typing
from pathlib import Path
from typing import Any

import attr
from openlineage.client import event_v2
from openlineage.client.generated import (
    column_lineage_dataset,
    dataset_version_dataset,
    error_message_run,
    job_type_job,
    output_statistics_output_dataset,
    parent_run,
    processing_engine_run,
    symlinks_dataset,
)
from openlineage.client.serde import Serde

#: The facets the jobs may emit, by key, as the classes that model them.
FACETS: dict[str, type] = {
    "parent": parent_run.ParentRunFacet,
    "errorMessage": error_message_run.ErrorMessageRunFacet,
    "processing_engine": processing_engine_run.ProcessingEngineRunFacet,
    "jobType": job_type_job.JobTypeJobFacet,
    "symlinks": symlinks_dataset.SymlinksDatasetFacet,
    "columnLineage": column_lineage_dataset.ColumnLineageDatasetFacet,
    "outputStatistics": output_statistics_output_dataset.OutputStatisticsOutputDatasetFacet,
    "version": dataset_version_dataset.DatasetVersionDatasetFacet,
}
_FACET_MAPS = {"facets", "inputFacets", "outputFacets"}


class InvalidEvent(ValueError):
    """The event does not fit the OpenLineage model; the message gives the JSON path."""


def _structure(value: Any, hint: Any, path: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        return _structure(value, options[0], path)
    if origin is list:
        if not isinstance(value, list):
            raise InvalidEvent(f"{path}: expected a list, got {value!r}")
        (item,) = typing.get_args(hint)
        return [_structure(v, item, f"{path}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise InvalidEvent(f"{path}: expected an object, got {value!r}")
        _, item = typing.get_args(hint)
        return {k: _structure(v, item, f"{path}.{k}") for k, v in value.items()}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(value)
        except ValueError as exc:
            raise InvalidEvent(f"{path}: {exc}") from exc
    if attr.has(hint):
        return _build(hint, value, path)
    if hint in (str, int, float, bool) and not isinstance(value, hint):
        raise InvalidEvent(f"{path}: expected {hint.__name__}, got {value!r}")
    return value


def _build(cls: type, doc: Any, path: str) -> Any:
    """An instance of the attrs class ``cls`` from ``doc``; facet maps use :data:`FACETS`."""
    if not isinstance(doc, dict):
        raise InvalidEvent(f"{path}: expected an object, got {doc!r}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in attr.fields(cls)}
    kwargs: dict[str, Any] = {}
    schema_url = None
    for key, value in doc.items():
        if key in ("_schemaURL", "schemaURL"):
            schema_url = value
            continue
        if key not in fields or not fields[key].init:
            raise InvalidEvent(f"{path}.{key}: not a field of {cls.__name__}")
        if key in _FACET_MAPS:
            kwargs[fields[key].alias] = {k: _facet(k, v, f"{path}.{key}.{k}") for k, v in value.items()}
        else:
            kwargs[fields[key].alias] = _structure(value, hints[key], f"{path}.{key}")
    try:
        built = cls(**kwargs)
    except (TypeError, ValueError) as exc:
        raise InvalidEvent(f"{path}: {cls.__name__}: {exc}") from exc
    expected_url = getattr(built, "_schemaURL", None) or getattr(built, "schemaURL", None)
    if schema_url is not None and schema_url != expected_url:
        raise InvalidEvent(f"{path}: schema URL {schema_url} is not {cls.__name__}'s {expected_url}")
    return built


def _facet(key: str, doc: Any, path: str) -> Any:
    if key not in FACETS:
        raise InvalidEvent(f"{path}: facet {key!r} is not one the jobs emit ({sorted(FACETS)})")
    if not isinstance(doc, dict) or "_schemaURL" not in doc or "_producer" not in doc:
        raise InvalidEvent(f"{path}: a facet needs _producer and _schemaURL")
    return _build(FACETS[key], doc, path)


def _pruned(value: Any) -> Any:
    """``value`` without null values and empty objects and lists (``Serde`` drops them too)."""
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, {}, [])}
    if isinstance(value, list):
        return [_pruned(v) for v in value if v not in (None, {}, [])]
    return value


def validate_run_event(event: dict[str, Any]) -> event_v2.RunEvent:
    """The event as an ``openlineage-python`` ``RunEvent``.

    Raises:
        InvalidEvent: a field is missing, unknown or invalid, or the library's serialization of the model
            differs from the event.
    """
    if event.get("schemaURL") != event_v2.RunEvent._get_schema():
        raise InvalidEvent(f"schemaURL {event.get('schemaURL')!r} is not {event_v2.RunEvent._get_schema()}")
    model = _build(event_v2.RunEvent, event, "$")
    if _pruned(Serde.to_dict(model)) != _pruned(event):
        raise InvalidEvent(f"the model serializes differently: {Serde.to_dict(model)} != {event}")
    return model


def read_event_lines(path: Path) -> list[dict[str, Any]]:
    """The events the file transport wrote to ``path``, one JSON document per line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
