"""Iceberg commits from PySpark: snapshot summary properties on SQL writes, and going back to a snapshot.

Spark SQL has no option for the snapshot summary of a ``MERGE INTO``; Iceberg's
``org.apache.iceberg.spark.CommitMetadata.withCommitProperties(properties, callable, exceptionClass)``
adds them to every commit made inside ``callable`` on the calling JVM thread
(https://iceberg.apache.org/docs/1.10.0/spark-configuration/#write-options). PySpark runs in pinned-thread
mode, so a Python callable passed through the py4j callback server calls back into Spark on that same JVM
thread, and the properties reach the commit. Tested with Iceberg 1.10.0 (what Glue 5.1 ships).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pyspark.java_gateway import ensure_callback_server_started
from pyspark.sql import SparkSession

#: Prefix of the summary properties a run writes (``medallion.run-id`` ...).
SUMMARY_PREFIX = "medallion."


class _JavaCallable:
    """A ``java.util.concurrent.Callable`` implemented in Python (py4j callback)."""

    def __init__(self, action: Callable[[], None]) -> None:
        self.action = action
        self.error: BaseException | None = None

    def call(self) -> None:
        try:
            self.action()
        except BaseException as error:  # re-raised in Python after the JVM call returns
            self.error = error
            raise
        return None

    class Java:
        implements = ["java.util.concurrent.Callable"]  # noqa: RUF012 (py4j's protocol)


def commit_with_summary(spark: SparkSession, summary: Mapping[str, str], action: Callable[[], None]) -> None:
    """Run ``action`` (Spark SQL writes to Iceberg tables) so that each commit it makes carries ``summary``
    in its snapshot summary.

    Raises:
        Whatever ``action`` raises (the original Python exception, not the py4j wrapper).
    """
    context: Any = spark.sparkContext
    ensure_callback_server_started(context._gateway)
    jvm = context._jvm
    properties = jvm.java.util.HashMap()
    for key, value in summary.items():
        properties.put(key, str(value))
    callable_ = _JavaCallable(action)
    exception_class = jvm.java.lang.Class.forName("java.lang.RuntimeException")
    try:
        jvm.org.apache.iceberg.spark.CommitMetadata.withCommitProperties(
            properties, callable_, exception_class
        )
    except Exception:
        if callable_.error is not None:
            raise callable_.error from None
        raise
