"""``DynamicFrame``: here a thin wrapper over a Spark DataFrame (``toDF``, ``fromDF``, ``count``).

Glue's DynamicFrame has a schema per record; an empty one converts to a DataFrame with no columns at
all, which this stand-in keeps (``toDF()`` of an empty read has no fields).
"""

from __future__ import annotations

from typing import Any

from pyspark.sql import DataFrame


class DynamicFrame:
    """Records read by a GlueContext source."""

    def __init__(self, df: DataFrame, glue_ctx: Any, name: str = "") -> None:
        self._df = df
        self.glue_ctx = glue_ctx
        self.name = name

    @classmethod
    def fromDF(cls, dataframe: DataFrame, glue_ctx: Any, name: str) -> DynamicFrame:  # noqa: N802
        return cls(dataframe, glue_ctx, name)

    def toDF(self) -> DataFrame:  # noqa: N802 - Glue's name
        return self._df

    def count(self) -> int:
        return self._df.count()
