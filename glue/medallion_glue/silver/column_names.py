"""Silver column names of a batch's source columns: each by the naming rule of
:mod:`medallion_glue.spec.column_naming` (renames, the path rule, normalization), with collisions refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from medallion_glue.errors import SpecError, SpecIssue
from medallion_glue.spec.column_naming import is_path, silver_name, to_snake_case
from medallion_glue.spec.model import DatasetSpec

__all__ = ["silver_name", "silver_names", "silver_names_for_spec", "to_snake_case"]


def silver_names(source_columns: Iterable[str], normalize: str, renames: Mapping[str, str]) -> dict[str, str]:
    """Map each source column name to its silver name.

    Args:
        source_columns: Column names as read from bronze.
        normalize: ``snake_case`` or ``none``.
        renames: Source name -> silver name; wins over normalization.

    Returns:
        Ordered mapping source name -> silver name, one entry per source column.

    A rename's source and a column already named as its target (read from different objects of one
    batch: the old and the new bronze name of one column) both map to the target; the caller coalesces
    them (:func:`medallion_glue.silver.transform.rename_to_silver`).

    Raises:
        ValueError: two source columns end up with the same silver name otherwise; the message names both.
    """
    mapping: dict[str, str] = {}
    owners: dict[str, str] = {}
    for source in source_columns:
        target = silver_name(source, normalize, renames)
        if target in owners and (source in renames) != (owners[target] in renames):
            mapping[source] = target
            continue
        if target in owners:
            joined = is_path(owners[target]) or is_path(source)
            raise ValueError(
                f"source columns '{owners[target]}' and '{source}' both become '{target}'"
                + (" (a nested field's path joins its parts with '_')" if joined else "")
            )
        owners[target] = source
        mapping[source] = target
    return mapping


def silver_names_for_spec(spec: DatasetSpec, source_columns: Iterable[str]) -> dict[str, str]:
    """:func:`silver_names` with the spec's options; a collision becomes a :class:`SpecError`."""
    try:
        return silver_names(source_columns, spec.normalize, spec.renames)
    except ValueError as exc:
        raise SpecError(
            [
                SpecIssue(
                    spec.source_file,
                    "column_names.renames",
                    str(exc),
                    "Add a rename for one of them under column_names.renames (a nested field by its "
                    "dotted path, e.g. properties.mag: magnitude).",
                )
            ]
        ) from exc
