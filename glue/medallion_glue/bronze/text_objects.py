"""Read small text objects (spec YAML, gold SQL) through Spark, so local paths and ``s3://``
URIs work the same way."""

from __future__ import annotations

from pyspark.sql import SparkSession


def read_text_object(spark: SparkSession, uri: str) -> str:
    """The whole text of the object at ``uri`` (local path or ``s3://`` URI).

    Raises:
        FileNotFoundError: the object does not exist or is empty; the message names it.
    """
    try:
        rows = spark.read.text(uri, wholetext=True).collect()
    except Exception as exc:  # noqa: BLE001 - Spark raises AnalysisException / Py4J errors
        raise FileNotFoundError(f"cannot read {uri}: {str(exc).splitlines()[0]}") from exc
    if not rows:
        raise FileNotFoundError(f"{uri} is empty or missing")
    return rows[0][0]
