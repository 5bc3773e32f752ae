"""Silver column names: explicit renames first, then snake_case ASCII normalization.

Example: ``"Precio Unitario"`` -> ``precio_unitario``, ``"Año"`` -> ``ano``, ``"FlightDate"`` ->
``flight_date``, ``"delay (min)"`` -> ``delay_min``, ``"2nd leg"`` -> ``_2nd_leg``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from medallion_glue.errors import SpecError, SpecIssue
from medallion_glue.spec.model import DatasetSpec

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_WORD = re.compile(r"[^A-Za-z0-9]+")


def to_snake_case(name: str) -> str:
    """Return ``name`` as lower snake_case ASCII: accents stripped, camelCase split, other
    characters turned into single underscores, a leading digit prefixed with ``_``.

    Returns ``"_"`` for a name with no letter or digit (callers treat that as a collision risk).
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    spaced = _CAMEL_BOUNDARY.sub("_", ascii_name.strip())
    snake = _NON_WORD.sub("_", spaced).strip("_").lower()
    if not snake:
        return "_"
    return f"_{snake}" if snake[0].isdigit() else snake


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
        if source in renames:
            target = renames[source]
        elif normalize == "snake_case":
            target = to_snake_case(source)
        else:
            target = source
        if target in owners and (source in renames) != (owners[target] in renames):
            mapping[source] = target
            continue
        if target in owners:
            raise ValueError(f"source columns '{owners[target]}' and '{source}' both become '{target}'")
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
                    "Add a rename for one of them under column_names.renames.",
                )
            ]
        ) from exc
