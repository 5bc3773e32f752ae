"""Helpers to embed names and values safely in Spark SQL text."""

from __future__ import annotations


def quote_identifier(name: str) -> str:
    """Backquote a column or table name for Spark SQL (``a b`` -> ```a b```)."""
    return "`" + name.replace("`", "``") + "`"


def string_literal(text: str) -> str:
    """A single-quoted Spark SQL string literal of ``text``."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
