"""Which columns of a bronze batch become silver columns when its records are nested.

The reader (:func:`medallion_glue.bronze.reader.read_bronze_batch`) returns every top-level field and,
for each nested JSON object or Parquet struct, one column per field at every depth, named by its dotted
path (``properties.time``) and carrying the path in its field metadata
(:func:`~medallion_glue.bronze.reader.column_path`). This module picks the ones that are silver columns
(docs/etl.md, "Nested records"):

- a top-level field is a column, unless ``flatten`` expands it;
- a nested field the spec names by its dotted path (``event_time``, ``required_columns``, keys, renames,
  ``schema``, ``row_filters``) is a column, whatever ``flatten`` says;
- with ``flatten: true`` every object is expanded into its fields, at every depth, except an object that
  ``schema`` types, that the spec names, or that is a GeoJSON geometry (:func:`is_geometry`): that one
  stays one column, JSON text unless ``schema`` says ``struct<...>``. Arrays always stay whole.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from medallion_glue.spec.column_naming import PATH_SEPARATOR, silver_name
from medallion_glue.spec.model import DatasetSpec

#: The fields that make an object a GeoJSON geometry (RFC 7946 section 3.1): ``type`` and
#: ``coordinates``, or ``type`` and ``geometries`` (a GeometryCollection).
GEOMETRY_FIELDS = (frozenset({"type", "coordinates"}), frozenset({"type", "geometries"}))


def is_geometry(fields: Collection[str]) -> bool:
    """Whether an object with these field names is a GeoJSON geometry (kept whole by ``flatten``)."""
    names = set(fields)
    return any(required <= names for required in GEOMETRY_FIELDS)


def silver_source_columns(spec: DatasetSpec, paths: Mapping[str, Sequence[str]]) -> list[str]:
    """The batch columns that become silver columns, in the order given.

    Args:
        spec: The dataset spec.
        paths: Each data column of the batch (reader columns excluded) -> its path, as
            :func:`~medallion_glue.bronze.reader.column_path` gives it (``("properties", "time")``;
            ``("id",)`` for a top-level column).

    Returns:
        The column names (dotted for nested fields) to rename to silver, see the module docstring.
    """
    by_path = {tuple(path): column for column, path in paths.items()}
    children: dict[tuple[str, ...], set[str]] = {}
    for path in by_path:
        if len(path) > 1:
            children.setdefault(path[:-1], set()).add(path[-1])
    named = _named_paths(spec)

    def expands(path: tuple[str, ...]) -> bool:
        if not spec.source_format.flatten or path not in children:
            return False
        written = PATH_SEPARATOR.join(path)
        typed = silver_name(written, spec.normalize, spec.renames) in spec.explicit_schema
        return not (typed or written in named or is_geometry(children[path]))

    def is_column(path: tuple[str, ...]) -> bool:
        if PATH_SEPARATOR.join(path) in named and len(path) > 1:
            return True
        return all(expands(path[:i]) for i in range(1, len(path))) and not expands(path)

    return [column for column, path in paths.items() if is_column(tuple(path))]


def _named_paths(spec: DatasetSpec) -> set[str]:
    """The dotted paths (and top-level names) the spec names a column by."""
    return {*spec.source_paths.values(), *spec.renames, *(spec.written_name(c) for c in spec.explicit_schema)}
