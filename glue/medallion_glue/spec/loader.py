"""Reads a dataset spec YAML file the Glue job was given and returns a :class:`DatasetSpec`.

The job reads the spec EtlJob uploaded, which deploy (``pulumi up``) validated with every rule
(``spec/dataset-specs.ts``: the JSON Schema, then the cross-field and cross-file rules). Here the
document is only checked against the same JSON Schema (``datasets/schema/dataset-spec.schema.json``,
draft 2020-12, via ``jsonschema``), as a guard against a file that changed since, and built into the
typed model with the defaults the schema declares (through the generated
:mod:`medallion_glue.spec.dataset_spec_types`). Local tools check whole spec folders with the deploy
validator first (:func:`medallion_local.spec_check.load_specs`).

Checks that need the data's columns or Spark's parser (column references, SQL predicates, type
names, datetime patterns) live in :mod:`medallion_glue.spec.spark_checks`.

Every problem is reported as ``<file>: <field.path>: <problem>. <fix>`` in a :class:`SpecError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from medallion_glue.errors import SpecError, SpecIssue
from medallion_glue.spec import dataset_spec_types as schema_types
from medallion_glue.spec.column_naming import is_path, rewrite_filter, silver_name
from medallion_glue.spec.model import (
    NO_DEDUPLICATION,
    DatasetSpec,
    DimensionSpec,
    EventTimeSpec,
    GoldTableSpec,
    SourceFormat,
)
from medallion_glue.spec.schema import load_spec_schema

#: The fix of a schema problem found at run time: the spec no longer is the one deploy validated.
SCHEMA_FIX = (
    "Check the spec as deploy does (python -m medallion_local.validate_specs <datasets dir>) and deploy "
    "it again."
)

_FORMAT_TYPES = {
    "csv": schema_types.CsvFormat,
    "json_lines": schema_types.JsonLinesFormat,
    "json_array": schema_types.JsonArrayFormat,
    "json_path": schema_types.JsonPathFormat,
    "firehose_json": schema_types.FirehoseJsonFormat,
    "parquet": schema_types.ParquetFormat,
}


def load_spec(path: str | Path) -> DatasetSpec:
    """Read, check against the JSON Schema and return the dataset spec at ``path`` (a YAML file).

    Raises:
        SpecError: the file is not YAML or breaks the JSON Schema; lists every problem as
            ``<file>: <field>: <problem>. <fix>``.
        FileNotFoundError: ``path`` does not exist.
    """
    path = Path(path)
    return parse_spec(path.read_text(encoding="utf-8"), source_name=str(path))


def parse_spec(text: str, source_name: str) -> DatasetSpec:
    """Check the YAML ``text`` of a spec against the JSON Schema and return it; ``source_name`` (a
    path or an ``s3://`` URI, e.g. the uploaded ``flights-0123abcd4567ef89.yaml``) names it in errors.

    Raises:
        SpecError: see :func:`load_spec`.
    """
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SpecError(
            [SpecIssue(source_name, "(root)", f"not valid YAML{where}: {problem}", "Fix the YAML syntax.")]
        ) from exc
    issues = list(schema_issues(document, source_name))
    if issues:
        raise SpecError(issues)
    return _build_spec(document, source_name)


def schema_issues(document: Any, source_name: str) -> Iterable[SpecIssue]:
    """Yield one :class:`SpecIssue` per JSON Schema violation of ``document``, in jsonschema's words
    (for a ``oneOf``, those of the branch jsonschema judges the best match among the branches of the
    value's own type: ``deduplication: keep`` is judged against ``'none'``, not the object form)."""
    validator = jsonschema.Draft202012Validator(load_spec_schema())
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        best = (
            jsonschema.exceptions.best_match(_same_type_branches(error.context)) if error.context else error
        )
        yield SpecIssue(source_name, _field_path(best.absolute_path), best.message, SCHEMA_FIX)


def _same_type_branches(context: list[Any]) -> list[Any]:
    """The errors of the ``oneOf`` branches whose ``type`` the value has (all when none has it)."""
    wrong_type = {e.relative_schema_path[0] for e in context if e.validator == "type" and not e.relative_path}
    return [e for e in context if e.relative_schema_path[0] not in wrong_type] or context


def _field_path(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(root)"


def _source_format(raw: Mapping[str, Any]) -> SourceFormat:
    """The format with the schema's defaults (the generated dataclasses carry them)."""
    fmt = _FORMAT_TYPES[raw["type"]](**raw)
    csv = fmt if isinstance(fmt, schema_types.CsvFormat) else schema_types.CsvFormat(type="csv")
    return SourceFormat(
        type=fmt.type,
        header=csv.header,
        delimiter=csv.delimiter,
        quote=csv.quote,
        escape=csv.escape,
        encoding=csv.encoding,
        path=fmt.path if isinstance(fmt, schema_types.JsonPathFormat) else None,
        flatten=bool(getattr(fmt, "flatten", False)),
    )


class _Columns:
    """Turns the spec's column names into silver names, recording each dotted path it meets."""

    def __init__(self, column_names: schema_types.ColumnNames) -> None:
        self.normalize = column_names.normalize
        self.renames = dict(column_names.renames or {})
        self.paths: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        if not is_path(name):
            return name
        silver = silver_name(name, self.normalize, self.renames)
        self.paths.setdefault(silver, name)
        return silver


def _build_spec(doc: Mapping[str, Any], source_name: str) -> DatasetSpec:
    column_names = schema_types.ColumnNames(**doc.get("column_names", {}))
    column = _Columns(column_names)
    for source in column.renames:
        column(source)
    schema_doc: dict[str, str] = dict(doc.get("schema", {}))
    struct_columns = {c for c, t in schema_doc.items() if t.strip().lower().startswith("struct<")}
    row_filters = tuple(doc.get("row_filters", ()))
    dedup_doc = doc.get("deduplication", {})
    dedup = {} if dedup_doc == NO_DEDUPLICATION else dedup_doc
    event_time = schema_types.EventTime(**doc["event_time"])
    silver = schema_types.Silver(**doc["silver"])
    return DatasetSpec(
        name=doc["name"],
        source_file=source_name,
        description=doc.get("description", ""),
        bronze_prefix=doc["bronze"]["prefix"],
        bronze_suffix=doc["bronze"]["suffix"],
        bronze_legacy_suffixes=tuple(doc["bronze"].get("legacy_suffixes", ())),
        source_format=_source_format(doc["bronze"]["format"]),
        explicit_schema={column(c): t for c, t in schema_doc.items()},
        normalize=column_names.normalize,
        renames=dict(column_names.renames or {}),
        event_time=EventTimeSpec(
            column=column(event_time.column),
            formats=tuple(event_time.formats),
            timezone=event_time.timezone,
        ),
        required_columns=tuple(column(c) for c in doc.get("required_columns", ())),
        row_filters=row_filters,
        row_filter_sql=tuple(rewrite_filter(f, column, struct_columns) for f in row_filters),
        source_paths=column.paths,
        primary_key=tuple(column(c) for c in dedup.get("primary_key", ())),
        order_by=column(dedup["order_by"]) if dedup.get("order_by") else None,
        deduplicate=dedup_doc != NO_DEDUPLICATION,
        silver_table=silver.table,
        compression=silver.compression,
        gold_tables=tuple(
            GoldTableSpec(
                name=table["name"],
                description=table.get("description", ""),
                partition_by=tuple(table.get("partition_by", ())),
            )
            for table in doc.get("gold", {}).get("tables", [])
        ),
        dimensions=tuple(
            DimensionSpec(name=dim["name"], file=dim["file"], format=_source_format(dim["format"]))
            for dim in doc.get("dimensions", [])
        ),
        quality=_quality(doc.get("quality", {})),
        quarantine_max_ratio=schema_types.Quarantine(**doc.get("quarantine", {})).max_ratio,
    )


def _quality(raw: Mapping[str, Any]) -> schema_types.Quality:
    """The ``quality:`` block as the generated dataclasses, with the schema's defaults."""

    def rules(key: str, rule_type: Any) -> list[Any]:
        return [rule_type(**rule) for rule in raw.get(key, [])]

    freshness = raw.get("freshness")
    row_count = raw.get("row_count_change")
    return schema_types.Quality(
        completeness=rules("completeness", schema_types.CompletenessRule),
        uniqueness=rules("uniqueness", schema_types.UniquenessRule),
        value_ranges=rules("value_ranges", schema_types.ValueRangeRule),
        value_sets=rules("value_sets", schema_types.ValueSetRule),
        freshness=schema_types.FreshnessRule(**freshness) if freshness else None,
        row_count_change=schema_types.RowCountChangeRule(**row_count) if row_count else None,
        custom_sql=rules("custom_sql", schema_types.CustomSqlRule),
    )
