"""Local runner of the incremental JDBC ingestion (what the Glue job does, with a JSON bookmark file).

Usage::

    PGPASSWORD=... .venv/bin/python -m medallion_local.jdbc_ingest_cli \\
        --jdbc-url jdbc:postgresql://127.0.0.1:5432/transactions --user postgres \\
        --lake-dir .lake [--table random_data] [--read-partitions 1]

Writes ``<lake-dir>/bronze/<table>/year=YYYY/month=M/*.parquet``, quarantines rows without an event time to
``<lake-dir>/quarantine/<table>/`` and keeps the bookmark in ``<lake-dir>/_state/jdbc_bookmarks.json``
(each overridable with ``--bronze-uri``, ``--quarantine-uri``, ``--bookmark-file``). The password is read
from ``PGPASSWORD`` so it never appears in the process list. Prints the run's result as one JSON line.

The Spark session has the PostgreSQL JDBC driver that ``scripts/setup.sh`` cached in ``.cache/jars/``
(:func:`medallion_local.iceberg_catalog.local_jar`; no network) and runs in UTC.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from medallion_glue.defaults import LOCAL_BRONZE_DIR, LOCAL_QUARANTINE_DIR, LOCAL_STATE_DIR
from medallion_glue.errors import JobArgumentError
from medallion_glue.jdbc.source import (
    DEFAULT_FETCH_SIZE,
    DEFAULT_READ_PARTITIONS,
    DEFAULT_SOURCE_TABLE,
    POSTGRES_JDBC_PACKAGE,
    JdbcSource,
)
from pyspark.sql import SparkSession

from medallion_local.iceberg_catalog import local_jar
from medallion_local.jdbc_bookmarks import BookmarkError, LocalBookmarkStore
from medallion_local.jdbc_ingest import ingest_increment

#: Bookmark file name under ``<lake-dir>/_state/``.
LOCAL_BOOKMARK_FILE: Final = "jdbc_bookmarks.json"
#: Environment variable holding the database password.
PASSWORD_ENV: Final = "PGPASSWORD"


def build_parser() -> argparse.ArgumentParser:
    """The runner's command line (see the module docstring)."""
    parser = argparse.ArgumentParser(
        prog="python -m medallion_local.jdbc_ingest_cli",
        description=(
            "Copy new and changed rows of a PostgreSQL table to bronze Parquet, keyed on an increasing "
            "sequence."
        ),
    )
    parser.add_argument("--jdbc-url", required=True, help="jdbc:postgresql://host:port/database")
    parser.add_argument("--user", default=None, help="database user (password from $PGPASSWORD)")
    parser.add_argument("--table", default=DEFAULT_SOURCE_TABLE, help="[schema.]table (default: %(default)s)")
    parser.add_argument(
        "--lake-dir", type=Path, default=Path(".lake"), help="local lake root (default: .lake)"
    )
    parser.add_argument("--bronze-uri", default=None, help="bronze location (default: <lake-dir>/bronze)")
    parser.add_argument(
        "--quarantine-uri", default=None, help="quarantine location (default: <lake-dir>/quarantine)"
    )
    parser.add_argument(
        "--bookmark-file", type=Path, default=None, help="JSON bookmarks (default: <lake-dir>/_state/...)"
    )
    parser.add_argument("--read-partitions", type=int, default=DEFAULT_READ_PARTITIONS)
    parser.add_argument("--fetch-size", type=int, default=DEFAULT_FETCH_SIZE)
    return parser


def local_spark_session() -> SparkSession:
    """A ``local[*]`` session in UTC with the PostgreSQL JDBC driver on the classpath.

    Raises:
        FileNotFoundError: the driver is not cached (run ``bash scripts/setup.sh``).
    """
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master("local[*]")
        .appName("medallion-jdbc-to-bronze")
        .config("spark.jars", str(local_jar(POSTGRES_JDBC_PACKAGE)))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )


def main(argv: Sequence[str] | None = None, spark: SparkSession | None = None) -> int:
    """Runs one increment and prints its result as one JSON line.

    Args:
        argv: Command line without the program name. @default ``sys.argv[1:]``
        spark: Session to use (left running); by default :func:`local_spark_session`, stopped at the end.

    Returns:
        0 on success, 2 on a bad option or bookmark file (the message goes to stderr).
    """
    args = build_parser().parse_args(argv)
    lake_dir: Path = args.lake_dir
    try:
        source = JdbcSource(
            url=args.jdbc_url,
            table=args.table,
            user=args.user,
            password=os.environ.get(PASSWORD_ENV),
            read_partitions=args.read_partitions,
            fetch_size=args.fetch_size,
        )
    except JobArgumentError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    bookmarks = LocalBookmarkStore(args.bookmark_file or lake_dir / LOCAL_STATE_DIR / LOCAL_BOOKMARK_FILE)
    session = spark or local_spark_session()
    try:
        result = ingest_increment(
            session,
            source,
            bronze_uri=args.bronze_uri or str(lake_dir / LOCAL_BRONZE_DIR),
            quarantine_uri=args.quarantine_uri or str(lake_dir / LOCAL_QUARANTINE_DIR),
            bookmarks=bookmarks,
        )
    except (JobArgumentError, BookmarkError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        if spark is None:
            session.stop()
    print(
        json.dumps(
            {
                "table": result.table,
                "previous_bookmark": result.previous_bookmark,
                "new_bookmark": result.new_bookmark,
                "rows_read": result.rows_read,
                "rows_written": result.rows_written,
                "rows_quarantined": result.rows_quarantined,
                "bronze_path": result.landing.bronze_path,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
