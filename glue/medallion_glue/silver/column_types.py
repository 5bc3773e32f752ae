"""Casting bronze values to silver types, and telling a missing value from a mismatched one.

Bronze CSV and JSON values are read as strings; each is cast with Spark's ``try_cast`` (NULL
instead of an error, https://spark.apache.org/docs/3.5.6/sql-ref-ansi-compliance.html) or, for
``struct<...>``/``array<...>``/``map<...>`` types, parsed with ``from_json``. A value that is
present but casts to NULL is a type mismatch.
"""

from __future__ import annotations

import re

from pyspark.sql import Column
from pyspark.sql import functions as F
from pyspark.sql.types import DataType, StringType

from medallion_glue.sql_text import quote_identifier

_COMPLEX = re.compile(r"^\s*(struct|array|map)\s*<", re.IGNORECASE)


def is_complex_type(type_name: str) -> bool:
    """True for ``struct<...>``, ``array<...>`` and ``map<...>`` DDL types."""
    return bool(_COMPLEX.match(type_name))


def value_present(column: str, source_type: DataType) -> Column:
    """True when ``column`` holds a value: not NULL and, for strings, not blank."""
    col = F.col(quote_identifier(column))
    if isinstance(source_type, StringType):
        return col.isNotNull() & (F.trim(col) != F.lit(""))
    return col.isNotNull()


def cast_to(column: str, source_type: DataType, target_type: str) -> Column:
    """``column`` cast to the Spark SQL type ``target_type``; NULL for blanks and non-castable values.

    Strings cast to ``string`` are kept as they are (no trimming).
    """
    name = quote_identifier(column)
    target = target_type.strip().lower()
    if isinstance(source_type, StringType):
        if target == "string":
            return F.col(name)
        if is_complex_type(target):
            # from_json turns a JSON value of the wrong kind into a struct of NULLs; only parse
            # text that opens like the target type, so anything else is a type mismatch.
            opening = "[" if target.startswith("array") else "{"
            parsed = F.from_json(F.col(name), target_type)
            return F.when(F.ltrim(F.col(name)).startswith(opening), parsed)
        return F.expr(f"try_cast(nullif(trim({name}), '') as {target_type})")
    if source_type.simpleString() == target.replace(" ", ""):
        return F.col(name)
    return F.expr(f"try_cast({name} as {target_type})")


_DECIMAL = re.compile(r"^decimal\((\d+),\s*(\d+)\)$")
#: Iceberg's type promotions (https://iceberg.apache.org/spec/#schema-evolution): the wider type a stored
#: column may become without rewriting data.
_WIDER: dict[str, frozenset[str]] = {"int": frozenset({"bigint"}), "float": frozenset({"double"})}


def widened_type(stored: str, batch: str) -> str | None:
    """``batch`` when it is a promotion Iceberg allows from ``stored`` (int -> bigint, float -> double,
    decimal(P,S) -> decimal(P2,S) with P2 > P), else None (same, narrower or incompatible: the stored type
    stays and values that do not cast to it are quarantined as ``type_mismatch``)."""
    stored, batch = stored.strip().lower(), batch.strip().lower()
    if batch in _WIDER.get(stored, frozenset()):
        return batch
    old, new = _DECIMAL.match(stored), _DECIMAL.match(batch)
    if old and new and new.group(2) == old.group(2) and int(new.group(1)) > int(old.group(1)):
        return batch
    return None
