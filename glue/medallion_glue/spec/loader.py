"""Loads dataset spec YAML files, validates them and returns :class:`DatasetSpec` objects.

Validation has two static layers, neither needing Spark:

1. the JSON Schema ``datasets/schema/dataset-spec.schema.json`` (draft 2020-12, via ``jsonschema``),
   the same file the TypeScript side validates with ajv;
2. cross-field checks the schema cannot express (file name matches ``name``, reserved column names,
   unique renames, ``order_by`` outside the key, unique gold and dimension names).

Checks that need the data's columns or Spark's parser (column references, SQL predicates, type
names, datetime patterns) live in :mod:`medallion_glue.spec.spark_checks`.

Every problem is reported as ``<file>: <field.path>: <problem>. <fix>`` in a :class:`SpecError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from medallion_glue import defaults
from medallion_glue.errors import SpecError, SpecIssue
from medallion_glue.spec.model import (
    DatasetSpec,
    DimensionSpec,
    EventTimeSpec,
    GoldTableSpec,
    SourceFormat,
)
from medallion_glue.spec.schema import load_spec_schema

#: Event-time format tokens accepted besides Spark datetime patterns.
EVENT_TIME_TOKENS = ("iso8601", "epoch_seconds", "epoch_millis")

_FORMAT_DEFS = {
    "csv": "csvFormat",
    "json_lines": "jsonLinesFormat",
    "json_array": "jsonArrayFormat",
    "json_path": "jsonPathFormat",
    "firehose_json": "firehoseJsonFormat",
    "parquet": "parquetFormat",
}


def load_spec(path: str | Path) -> DatasetSpec:
    """Read, validate and return the dataset spec at ``path`` (a YAML file).

    Raises:
        SpecError: the file is not YAML, breaks the JSON Schema or a cross-field rule; lists every
            problem as ``<file>: <field>: <problem>. <fix>``.
        FileNotFoundError: ``path`` does not exist.
    """
    path = Path(path)
    return parse_spec(path.read_text(encoding="utf-8"), source_name=str(path))


def parse_spec(text: str, source_name: str) -> DatasetSpec:
    """Validate the YAML ``text`` of a spec and return it; ``source_name`` names it in errors.

    When ``source_name`` ends in ``.yaml``/``.yml``, its stem must equal the spec's ``name``, or
    ``<name>-<hash>`` with a :data:`~medallion_glue.defaults.CONTENT_HASH_LENGTH`-character
    lowercase hex hash: the name EtlJob gives the uploaded copy (``hashedFileName`` in
    ``components/etl-job/content-hash.ts``), e.g. ``flights-0123abcd4567ef89.yaml``.

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
    if not issues:
        issues = list(cross_field_issues(document, source_name))
    if issues:
        raise SpecError(issues)
    return _build_spec(document, source_name)


def load_specs(directory: str | Path) -> dict[str, DatasetSpec]:
    """Load every ``*.yaml`` spec directly under ``directory``, keyed by dataset name.

    Raises:
        SpecError: any spec is invalid, or two specs share a name, a silver table, a gold table or
            bronze objects (see :func:`bronze_filters_overlap` and :func:`parquet_prefix_holds_other`);
            all problems of all files are reported together.
        FileNotFoundError: ``directory`` holds no ``*.yaml`` file.
    """
    directory = Path(directory)
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise FileNotFoundError(f"no dataset spec (*.yaml) in {directory}")
    specs: dict[str, DatasetSpec] = {}
    issues: list[SpecIssue] = []
    for file in files:
        try:
            spec = load_spec(file)
        except SpecError as exc:
            issues.extend(exc.issues)
            continue
        issues.extend(_collision_issues(spec, specs.values()))
        specs[spec.name] = spec
    if issues:
        raise SpecError(issues)
    return specs


def schema_issues(document: Any, source_name: str) -> Iterable[SpecIssue]:
    """Yield one :class:`SpecIssue` per JSON Schema violation of ``document``."""
    validator = jsonschema.Draft202012Validator(load_spec_schema())
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path)):
        yield _issue_from_schema_error(error, source_name)


def cross_field_issues(document: Mapping[str, Any], source_name: str) -> Iterable[SpecIssue]:
    """Yield the problems of a schema-valid ``document`` that JSON Schema cannot express."""
    stem = Path(source_name).stem
    if Path(source_name).suffix in (".yaml", ".yml") and not _stem_matches_name(stem, document["name"]):
        yield SpecIssue(
            source_name,
            "name",
            f"'{document['name']}' differs from the file name '{stem}'",
            f"Set name: {stem} or rename the file to {document['name']}.yaml.",
        )
    reserved = set(defaults.RESERVED_COLUMNS)
    renames: dict[str, str] = document.get("column_names", {}).get("renames", {})
    for source, target in renames.items():
        if target in reserved:
            yield _reserved_issue(source_name, f"column_names.renames.{source}", target)
    seen_targets: dict[str, str] = {}
    for source, target in renames.items():
        if target in seen_targets:
            yield SpecIssue(
                source_name,
                f"column_names.renames.{source}",
                f"renames '{source}' and '{seen_targets[target]}' both to '{target}'",
                "Give each source column its own silver name.",
            )
        seen_targets[target] = source
    for column in document.get("schema", {}):
        if column in reserved:
            yield _reserved_issue(source_name, f"schema.{column}", column)
    event_column = document["event_time"]["column"]
    if event_column in reserved:
        yield _reserved_issue(source_name, "event_time.column", event_column)
    if event_column in document.get("schema", {}):
        yield SpecIssue(
            source_name,
            f"schema.{event_column}",
            "the event-time column always becomes a timestamp parsed with event_time.formats",
            f"Remove '{event_column}' from schema.",
        )
    dedup = document.get("deduplication")
    if dedup and dedup.get("order_by") in dedup["primary_key"]:
        yield SpecIssue(
            source_name,
            "deduplication.order_by",
            f"'{dedup['order_by']}' is part of the primary key, so it cannot order rows of one key",
            "Use a column outside primary_key (e.g. an update timestamp) or remove order_by.",
        )
    gold_names = [table["name"] for table in document.get("gold", {}).get("tables", [])]
    dimension_names = [dimension["name"] for dimension in document.get("dimensions", [])]
    yield from _duplicate_issues(source_name, "gold.tables", gold_names)
    yield from _duplicate_issues(source_name, "dimensions", dimension_names)
    for i, name in enumerate(dimension_names):
        if name == document["silver"]["table"] or name in gold_names:
            yield SpecIssue(
                source_name,
                f"dimensions[{i}].name",
                f"'{name}' is also the silver table or a gold table",
                "Give the dimension a name of its own.",
            )


def _stem_matches_name(stem: str, name: str) -> bool:
    """``stem`` is ``name`` or ``name-<content hash>`` (the uploaded copy's name)."""
    hashed = re.fullmatch(rf"(.+)-[0-9a-f]{{{defaults.CONTENT_HASH_LENGTH}}}", stem)
    return stem == name or (hashed is not None and hashed.group(1) == name)


def _collision_issues(spec: DatasetSpec, others: Iterable[DatasetSpec]) -> Iterable[SpecIssue]:
    for other in others:
        if other.name == spec.name:
            yield SpecIssue(
                spec.source_file,
                "name",
                f"'{spec.name}' is also the name in {other.source_file}",
                "Give every dataset a unique name.",
            )
        if other.silver_table == spec.silver_table:
            yield SpecIssue(
                spec.source_file,
                "silver.table",
                f"'{spec.silver_table}' is also the silver table of {other.source_file}",
                "Give every dataset its own silver table.",
            )
        if bronze_filters_overlap(spec, other):
            yield SpecIssue(
                spec.source_file,
                "bronze.prefix",
                f"'{spec.bronze_prefix}' + {_suffix_list(spec)} overlaps '{other.bronze_prefix}' + "
                f"{_suffix_list(other)} of {other.source_file}; some object would belong to both",
                "Make the prefixes or the suffixes disjoint so each object belongs to one dataset.",
            )
        elif parquet_prefix_holds_other(spec, other) or parquet_prefix_holds_other(other, spec):
            yield SpecIssue(
                spec.source_file,
                "bronze.prefix",
                f"'{spec.bronze_prefix}' nests with '{other.bronze_prefix}' of {other.source_file}, and the "
                "parquet dataset's bookmarked read opens every object under its prefix as Parquet",
                "Give the parquet dataset a prefix no other dataset's prefix starts with.",
            )
        other_gold = {table.name for table in other.gold_tables}
        for i, table in enumerate(spec.gold_tables):
            if table.name in other_gold:
                yield SpecIssue(
                    spec.source_file,
                    f"gold.tables[{i}].name",
                    f"'{table.name}' is also a gold table of {other.source_file}",
                    "Gold tables share one database; rename one.",
                )


def bronze_filters_overlap(a: DatasetSpec, b: DatasetSpec) -> bool:
    """Whether some object key belongs to both datasets: the prefixes nest and one suffix of each
    (``bronze.suffix`` or a legacy suffix) nests with one of the other.

    Suffixes are enough to tell datasets apart under one prefix: every read selects keys by suffix
    (:func:`medallion_glue.runtime.glue_job_support.select_source_keys` and ``discovered_objects``), each
    dataset has its own Glue job and so its own bookmark, and S3 accepts notification filters with
    one prefix and different suffixes. ``""`` (no extension) only overlaps ``""``.
    """
    prefixes_nest = a.bronze_prefix.startswith(b.bronze_prefix) or b.bronze_prefix.startswith(a.bronze_prefix)
    return prefixes_nest and any(_suffixes_nest(x, y) for x in a.bronze_suffixes for y in b.bronze_suffixes)


def parquet_prefix_holds_other(parquet: DatasetSpec, other: DatasetSpec) -> bool:
    """Whether ``parquet`` is a parquet dataset whose prefix holds ``other``'s objects: its bookmarked
    discovery (:func:`medallion_glue.runtime.glue_job_support.bookmarked_discovery_options`) reads every
    object under the prefix with the Parquet reader, which fails on another dataset's CSV or JSON."""
    return parquet.source_format.type == "parquet" and other.bronze_prefix.startswith(parquet.bronze_prefix)


def _suffixes_nest(x: str, y: str) -> bool:
    if not x or not y:
        return x == y
    return x.endswith(y) or y.endswith(x)


def _suffix_list(spec: DatasetSpec) -> str:
    return " | ".join(f"'{suffix}'" for suffix in spec.bronze_suffixes)


def _duplicate_issues(source_name: str, field: str, names: list[str]) -> Iterable[SpecIssue]:
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            yield SpecIssue(source_name, f"{field}[{i}].name", f"'{name}' appears twice", "Remove one.")
        seen.add(name)


def _reserved_issue(source_name: str, field: str, column: str) -> SpecIssue:
    return SpecIssue(
        source_name,
        field,
        f"'{column}' is reserved for a column the ETL adds ({', '.join(defaults.RESERVED_COLUMNS)})",
        f"Rename the column, e.g. column_names.renames: {{{column}: source_{column}}}.",
    )


def _field_path(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(root)"


def _issue_from_schema_error(error: jsonschema.ValidationError, source_name: str) -> SpecIssue:
    error = _narrow_one_of(error)
    field = _field_path(error.absolute_path)
    validator = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        name = extra[0] if extra else "?"
        return SpecIssue(
            source_name,
            f"{field}.{name}" if field != "(root)" else name,
            "unknown field",
            f"Remove it or fix the spelling; allowed here: {', '.join(allowed)}.",
        )
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        where = f"{field}.{missing}" if field != "(root)" else missing
        return SpecIssue(source_name, where, "required field is missing", f"Add {missing}.")
    if validator in ("enum", "const"):
        allowed = schema.get("enum", [schema.get("const")])
        return SpecIssue(
            source_name,
            field,
            f"{error.instance!r} is not allowed",
            f"Use one of: {', '.join(repr(value) for value in allowed)}.",
        )
    if validator == "pattern":
        description = schema.get("description", "")
        return SpecIssue(
            source_name,
            field,
            f"{error.instance!r} does not match {schema['pattern']}",
            f"Use a value matching that pattern. {description}".strip(),
        )
    if validator == "oneOf" and field.endswith("format") and isinstance(error.instance, dict):
        return SpecIssue(
            source_name,
            f"{field}.type",
            f"unknown or missing format type {error.instance.get('type')!r}",
            f"Set type to one of: {', '.join(_FORMAT_DEFS)}.",
        )
    if validator == "minItems":
        return SpecIssue(source_name, field, "the list is empty", f"Add at least {schema['minItems']} item.")
    if validator == "uniqueItems":
        return SpecIssue(source_name, field, "the list repeats an item", "Remove the repeated item.")
    if validator in ("minLength", "maxLength"):
        low, high = schema.get("minLength", 0), schema.get("maxLength")
        size = f"exactly {low}" if low == high else f"at least {low}" if high is None else f"{low} to {high}"
        return SpecIssue(
            source_name, field, f"{error.instance!r} has the wrong length", f"Use {size} character(s)."
        )
    if validator == "type":
        return SpecIssue(source_name, field, error.message, f"Write a value of type {schema.get('type')}.")
    return SpecIssue(source_name, field, error.message, "See datasets/schema/dataset-spec.schema.json.")


def _narrow_one_of(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For a format ``oneOf`` failure, return the error of the branch matching the given ``type``."""
    if error.validator != "oneOf" or not isinstance(error.instance, dict):
        return error
    branch = _FORMAT_DEFS.get(error.instance.get("type"))
    if branch is None:
        return error
    branches = error.schema.get("oneOf", []) if isinstance(error.schema, dict) else []
    for sub in error.context or []:
        index = sub.relative_schema_path[0] if sub.relative_schema_path else None
        if isinstance(index, int) and branches[index].get("$ref", "").endswith(f"/{branch}"):
            return _narrow_one_of(sub)
    return error


def _source_format(raw: Mapping[str, Any]) -> SourceFormat:
    return SourceFormat(
        type=raw["type"],
        header=raw.get("header", defaults.DEFAULT_CSV_HEADER),
        delimiter=raw.get("delimiter", defaults.DEFAULT_CSV_DELIMITER),
        quote=raw.get("quote", defaults.DEFAULT_CSV_QUOTE),
        escape=raw.get("escape", defaults.DEFAULT_CSV_ESCAPE),
        encoding=raw.get("encoding", defaults.DEFAULT_CSV_ENCODING),
        path=raw.get("path"),
    )


def _build_spec(doc: Mapping[str, Any], source_name: str) -> DatasetSpec:
    column_names = doc.get("column_names", {})
    dedup = doc.get("deduplication", {})
    event_time = doc["event_time"]
    return DatasetSpec(
        name=doc["name"],
        source_file=source_name,
        description=doc.get("description", ""),
        bronze_prefix=doc["bronze"]["prefix"],
        bronze_suffix=doc["bronze"]["suffix"],
        bronze_legacy_suffixes=tuple(doc["bronze"].get("legacy_suffixes", ())),
        source_format=_source_format(doc["bronze"]["format"]),
        explicit_schema=dict(doc.get("schema", {})),
        normalize=column_names.get("normalize", defaults.DEFAULT_NAME_NORMALIZATION),
        renames=dict(column_names.get("renames", {})),
        event_time=EventTimeSpec(
            column=event_time["column"],
            formats=tuple(event_time["formats"]),
            timezone=event_time.get("timezone", defaults.DEFAULT_EVENT_TIMEZONE),
        ),
        required_columns=tuple(doc.get("required_columns", ())),
        row_filters=tuple(doc.get("row_filters", ())),
        primary_key=tuple(dedup.get("primary_key", ())),
        order_by=dedup.get("order_by"),
        silver_table=doc["silver"]["table"],
        compression=doc["silver"].get("compression", defaults.DEFAULT_COMPRESSION),
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
    )
