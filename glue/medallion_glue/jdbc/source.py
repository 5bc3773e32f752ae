"""The transactional PostgreSQL source as Spark reads it: the table, its bookmark key, bounded reads.

Locally (tests, local runner) the rows come through Spark's JDBC source with the PostgreSQL JDBC driver
(:data:`POSTGRES_JDBC_PACKAGE`); on Glue they come through the Glue JDBC connection with job bookmarks
keyed on ``change_seq`` (:func:`glue_connection_options`): the source gives every insert, update and soft
delete a new value from one sequence, so a run copies the rows inserted or changed since the last one.
Table and column names are validated as plain SQL identifiers and quoted; range bounds are integers, so
no value is ever spliced into SQL as text.

See https://spark.apache.org/docs/3.5.6/sql-data-sources-jdbc.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from pyspark.sql import Column, DataFrame, DataFrameReader, SparkSession
from pyspark.sql import functions as F

from medallion_glue.errors import JobArgumentError

#: PostgreSQL JDBC driver (Maven Central ``org.postgresql:postgresql``) used locally; Glue ships its own.
POSTGRES_JDBC_VERSION: Final = "42.7.14"
#: ``spark.jars.packages`` coordinate of the driver.
POSTGRES_JDBC_PACKAGE: Final = f"org.postgresql:postgresql:{POSTGRES_JDBC_VERSION}"
#: Driver class name passed to Spark's JDBC source.
POSTGRES_JDBC_DRIVER: Final = "org.postgresql.Driver"
#: Source table of the transactional source (created by the simulator Lambda).
DEFAULT_SOURCE_TABLE: Final = "random_data"
#: Strictly increasing column the bookmark follows (Glue ``jobBookmarkKeys``): ``random_data.change_seq``,
#: set from a sequence on every insert and change (``lambdas/simulator/table.ts``), so changed rows are
#: copied again; ``id`` would only see inserts.
DEFAULT_BOOKMARK_KEY: Final = "change_seq"
#: Glue ``jobBookmarkKeysSortOrder``.
BOOKMARK_SORT_ORDER: Final = "asc"
#: Event-time column the bronze ``year``/``month`` partitions come from.
DEFAULT_EVENT_TIME_COLUMN: Final = "fecha"
#: Parallel JDBC reads (``numPartitions``) of one local run, split on the bookmark key.
DEFAULT_READ_PARTITIONS: Final = 1
#: Rows fetched per round trip by the JDBC driver (``fetchsize``).
DEFAULT_FETCH_SIZE: Final = 10_000

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _quote_identifier(name: str, field_name: str) -> str:
    """Validates a plain SQL identifier and double-quotes it.

    Raises:
        JobArgumentError: ``name`` is not letters, digits and underscores starting with a letter/underscore.
    """
    if not _IDENTIFIER.fullmatch(name):
        raise JobArgumentError(
            f"{field_name}={name!r} is not a plain SQL identifier: use letters, digits and underscores, "
            "starting with a letter or underscore."
        )
    return f'"{name}"'


@dataclass(frozen=True)
class JdbcSource:
    """A PostgreSQL table read through Spark's JDBC source.

    Attributes:
        url: ``jdbc:postgresql://host:port/database`` (add ``?sslmode=verify-full`` outside tests).
        table: ``table`` or ``schema.table``. @default ``random_data``
        user: Database user, or ``None`` to take it from the URL.
        password: Password, or ``None`` (trust auth / in the URL); never shown in ``repr``.
        bookmark_key: Strictly increasing integer column. @default ``change_seq``
        event_time_column: Timestamp column of the partitions. @default ``fecha``
        read_partitions: Parallel reads split on ``bookmark_key`` (>= 1). @default 1
        fetch_size: JDBC ``fetchsize`` (>= 1). @default 10000
        driver: JDBC driver class. @default ``org.postgresql.Driver``

    Raises:
        JobArgumentError: on a URL that is not JDBC, a table or column that is not a plain identifier, or
            a non-positive ``read_partitions``/``fetch_size``; the message names the field.
    """

    url: str
    table: str = DEFAULT_SOURCE_TABLE
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    bookmark_key: str = DEFAULT_BOOKMARK_KEY
    event_time_column: str = DEFAULT_EVENT_TIME_COLUMN
    read_partitions: int = DEFAULT_READ_PARTITIONS
    fetch_size: int = DEFAULT_FETCH_SIZE
    driver: str = POSTGRES_JDBC_DRIVER

    def __post_init__(self) -> None:
        if not self.url.startswith("jdbc:"):
            raise JobArgumentError(
                f"url={self.url!r} is not a JDBC URL: use jdbc:postgresql://<host>:<port>/<database>."
            )
        parts = self.table.split(".")
        if len(parts) > 2:
            raise JobArgumentError(
                f"table={self.table!r} has more than two parts: use table or schema.table."
            )
        for part in parts:
            _quote_identifier(part, "table")
        _quote_identifier(self.bookmark_key, "bookmark_key")
        _quote_identifier(self.event_time_column, "event_time_column")
        if self.read_partitions < 1:
            raise JobArgumentError(
                f"read_partitions={self.read_partitions} must be >= 1 (parallel JDBC reads)."
            )
        if self.fetch_size < 1:
            raise JobArgumentError(f"fetch_size={self.fetch_size} must be >= 1 (rows per JDBC round trip).")

    @property
    def table_name(self) -> str:
        """Unqualified table name: the bronze folder name (``public.random_data`` -> ``random_data``)."""
        return self.table.split(".")[-1]

    @property
    def quoted_table(self) -> str:
        """The table as a quoted SQL name, e.g. ``"public"."random_data"``."""
        return ".".join(_quote_identifier(part, "table") for part in self.table.split("."))


def glue_connection_options(connection_name: str, source_table: str) -> dict[str, object]:
    """``connection_options`` of Glue's ``create_dynamic_frame.from_options(connection_type="postgresql")``.

    The URL, user, password and SSL setting come from the Glue connection (``useConnectionProperties``),
    which reads the credentials from Secrets Manager. Job bookmarks key on :data:`DEFAULT_BOOKMARK_KEY`
    (``change_seq``) in ascending order; Glue
    documents ``jobBookmarkKeys``/``jobBookmarkKeysSortOrder`` in ``connection_options`` for ``from_options``
    (``additional_options`` is the ``from_catalog`` equivalent).

    See https://docs.aws.amazon.com/glue/latest/dg/programming-etl-connect-bookmarks.html

    Raises:
        JobArgumentError: empty ``connection_name`` or a ``source_table`` that is not ``[schema.]table``.
    """
    if not connection_name:
        raise JobArgumentError("--connection_name is empty: pass the name of the Glue JDBC connection.")
    # Reuses JdbcSource's validation of the table name.
    JdbcSource(url="jdbc:postgresql://glue-connection", table=source_table)
    return {
        "useConnectionProperties": "true",
        "connectionName": connection_name,
        "dbtable": source_table,
        "jobBookmarkKeys": [DEFAULT_BOOKMARK_KEY],
        "jobBookmarkKeysSortOrder": BOOKMARK_SORT_ORDER,
    }


def _jdbc_reader(spark: SparkSession, source: JdbcSource) -> DataFrameReader:
    """A ``DataFrameReader`` with the connection options of ``source``."""
    reader = (
        spark.read.format("jdbc")
        .option("url", source.url)
        .option("driver", source.driver)
        .option("fetchsize", str(source.fetch_size))
    )
    if source.user is not None:
        reader = reader.option("user", source.user)
    if source.password is not None:
        reader = reader.option("password", source.password)
    return reader


def source_max_key(spark: SparkSession, source: JdbcSource) -> int | None:
    """``max(bookmark_key)`` of the source table, or ``None`` when it is empty (one pushed-down query)."""
    key = _quote_identifier(source.bookmark_key, "bookmark_key")
    row = (
        _jdbc_reader(spark, source)
        .option("query", f"SELECT max({key}) AS max_key FROM {source.quoted_table}")
        .load()
        .first()
    )
    return None if row is None or row["max_key"] is None else int(row["max_key"])


def read_increment(
    spark: SparkSession, source: JdbcSource, after_key: int | None, up_to_key: int
) -> DataFrame:
    """Rows with ``after_key < bookmark_key <= up_to_key`` (all rows up to ``up_to_key`` when ``after_key``
    is ``None``). The range predicate is pushed down to PostgreSQL; with ``read_partitions > 1`` the range is
    split into that many parallel queries.
    """
    reader = _jdbc_reader(spark, source).option("dbtable", source.quoted_table)
    lower = 0 if after_key is None else after_key
    if source.read_partitions > 1:
        reader = (
            reader.option("partitionColumn", source.bookmark_key)
            .option("lowerBound", str(lower + 1))
            .option("upperBound", str(up_to_key + 1))
            .option("numPartitions", str(source.read_partitions))
        )
    key = F.col(source.bookmark_key)
    condition: Column = key <= F.lit(up_to_key)
    if after_key is not None:
        condition = (key > F.lit(after_key)) & condition
    return reader.load().where(condition)
