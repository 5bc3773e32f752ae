"""How the column names a spec writes become silver column names: explicit renames first, then the path
rule, then snake_case ASCII normalization (``column_names.normalize``).

Example: ``"Precio Unitario"`` -> ``precio_unitario``, ``"Año"`` -> ``ano``, ``"FlightDate"`` ->
``flight_date``, ``"delay (min)"`` -> ``delay_min``, ``"2nd leg"`` -> ``_2nd_leg``; a nested field's
path ``properties.magType`` -> ``properties_magType`` -> ``properties_mag_type``.

A dotted path (``properties.time``) names a field inside a nested record; it becomes a silver column of
its own, named by joining the path with ``_`` (:func:`flat_name`) and then ``column_names.normalize``, unless
``column_names.renames`` names it. In ``row_filters`` the same holds for every dotted name except
one whose first part is a ``struct<...>`` column of ``schema``: Spark reads that struct's field in
place (``public_metrics.like_count``). docs/etl.md, "Nested records".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Mapping

#: Joins the parts of a nested field's path in a spec and in bronze column names.
PATH_SEPARATOR = "."
#: Joins them in the silver column name the path becomes.
FLAT_SEPARATOR = "_"

_PART = r"(?:`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_]*)"
# A string literal is skipped whole; a chain of two or more parts not preceded by a name, a dot or a
# backquote and not followed by another part or "(" (a qualified function name) is a reference.
_TOKEN = re.compile(
    r"(?P<string>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    rf"|(?<![\w.`])(?P<chain>{_PART}(?:\s*\.\s*{_PART})+)(?![\w`])(?!\s*[.(])"
)
_PART_IN_CHAIN = re.compile(_PART)
_LAMBDA_VARIABLES = re.compile(r"(?:\(\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*\)|([A-Za-z_]\w*))\s*->")


def is_path(name: str) -> bool:
    """Whether the spec's column name ``name`` is a dotted path (``properties.time``)."""
    return PATH_SEPARATOR in name


def flat_name(name: str) -> str:
    """``name`` with each ``.`` turned into ``_``: ``properties.mag`` -> ``properties_mag``."""
    return name.replace(PATH_SEPARATOR, FLAT_SEPARATOR)


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


def silver_name(source: str, normalize: str, renames: Mapping[str, str]) -> str:
    """The silver name of the source column (or nested field path) ``source``: its rename, else
    ``source`` with each ``.`` turned into ``_`` and then normalized (``normalize``: ``snake_case`` or
    ``none``)."""
    if source in renames:
        return renames[source]
    flat = flat_name(source)
    return to_snake_case(flat) if normalize == "snake_case" else flat


def rewrite_filter(predicate: str, resolve: Callable[[str], str], struct_columns: Collection[str]) -> str:
    """The Spark SQL of ``predicate`` with each dotted path replaced by its silver column, quoted.

    Args:
        predicate: A ``row_filters`` entry, e.g. ``properties.mag >= 2.5``.
        resolve: Silver name of a dotted path (called once per path met, in order).
        struct_columns: Columns ``schema`` types as ``struct<...>``: a chain starting with one of
            them is left as it is (Spark's struct field access), as is a chain starting with a
            lambda variable (``exists(a, x -> x.b > 0)``).

    >>> rewrite_filter("properties.mag >= 2.5 and type = 'a.b'", lambda p: p.replace('.', '_'), ())
    "`properties_mag` >= 2.5 and type = 'a.b'"
    """
    skip = set(struct_columns)
    for grouped, single in _LAMBDA_VARIABLES.findall(predicate):
        skip.update(name.strip() for name in (grouped or single).split(","))

    def replace(match: re.Match[str]) -> str:
        chain = match.group("chain")
        if chain is None:
            return match.group(0)
        parts = [_unquote(p) for p in _PART_IN_CHAIN.findall(chain)]
        if parts[0] in skip:
            return chain
        return "`" + resolve(PATH_SEPARATOR.join(parts)).replace("`", "``") + "`"

    return _TOKEN.sub(replace, predicate)


def _unquote(part: str) -> str:
    return part[1:-1].replace("``", "`") if part.startswith("`") else part
