"""Incremental JDBC ingestion against a real PostgreSQL 15 server (started on 127.0.0.1 by the module fixture)
with local Spark and the PostgreSQL JDBC driver from Maven Central.

The source table is the simulator's own (created by ``lambdas/simulator/local-run.ts --schema-only``), filled
here with chosen event times; the defaults give each row its ``change_seq``. Expected bronze content is always
read back from the source database, never hard-coded.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from medallion_glue.defaults import PARTITION_COLUMNS
from medallion_glue.errors import JobArgumentError
from medallion_glue.jdbc import landing as jdbc_landing
from medallion_glue.jdbc.landing import (
    require_utc_session,
    with_partition_columns,
    zone_table_path,
)
from medallion_glue.jdbc.source import (
    BOOKMARK_SORT_ORDER,
    DEFAULT_BOOKMARK_KEY,
    DEFAULT_EVENT_TIME_COLUMN,
    DEFAULT_FETCH_SIZE,
    DEFAULT_READ_PARTITIONS,
    DEFAULT_SOURCE_TABLE,
    POSTGRES_JDBC_PACKAGE,
    JdbcSource,
    glue_connection_options,
    read_increment,
    source_max_key,
)
from medallion_glue.quarantine.reasons import MISSING_REQUIRED_COLUMN
from medallion_local.iceberg_catalog import (
    JARS_DIR,
    JARS_FILE,
    iceberg_session_settings,
    local_jar,
    local_jars,
)
from medallion_local.jdbc_bookmarks import BookmarkError, LocalBookmarkStore
from medallion_local.jdbc_ingest import ingest_increment, local_run_id
from medallion_local.jdbc_ingest_cli import LOCAL_BOOKMARK_FILE
from medallion_local.jdbc_ingest_cli import main as run_cli
from postgres_server import PostgresServer, running_postgres
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from simulator import run_simulator

#: A table whose event time may be null, to exercise the quarantine (bookmarked on ``id``).
NULLABLE_DDL = "CREATE TABLE legacy_events (id serial PRIMARY KEY, valor text, fecha timestamp)"
#: Rows straddling month and year boundaries, microseconds included.
BOUNDARY_FECHAS = (
    datetime(2023, 12, 31, 23, 59, 59, 999_999),
    datetime(2024, 1, 1, 0, 0, 0),
    datetime(2024, 1, 31, 23, 59, 59, 500_000),
    datetime(2024, 2, 1, 0, 0, 0, 1),
    datetime(2024, 2, 29, 12, 0, 0),
)
TIMESTAMP_TEXT = "yyyy-MM-dd HH:mm:ss.SSSSSS"


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server for this module."""
    with running_postgres() as server:
        yield server


@pytest.fixture(scope="module")
def jdbc_spark(spark: SparkSession) -> SparkSession:
    """The shared session, which has the PostgreSQL JDBC driver on ``spark.jars``: the jar
    ``scripts/setup.sh`` cached (:func:`medallion_local.iceberg_catalog.local_jar`), so no test needs the
    network."""
    return spark


@pytest.fixture(scope="module")
def simulator_table(postgres: PostgresServer) -> PostgresServer:
    """``random_data`` as the simulator creates it, once per module."""
    run_simulator(postgres, "--schema-only")
    return postgres


@pytest.fixture
def db(simulator_table: PostgresServer) -> Iterator[psycopg.Connection]:
    """An autocommit connection with an empty ``random_data`` (ids and ``change_seq`` from 1 again) and a
    fresh ``legacy_events``."""
    with simulator_table.connect() as connection:
        connection.execute("TRUNCATE random_data RESTART IDENTITY")
        connection.execute("ALTER SEQUENCE random_data_change_seq RESTART")
        connection.execute("DROP TABLE IF EXISTS legacy_events")
        connection.execute(NULLABLE_DDL)
        yield connection


def insert(connection: psycopg.Connection, fechas: list[datetime | None], table: str = "random_data") -> None:
    """Inserts one row per fecha, valor derived from its position (parameterized)."""
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (valor, fecha) VALUES (%s, %s)",  # table: a test constant
            [(f"valor-{index}-{fecha}", fecha) for index, fecha in enumerate(fechas)],
        )


def spread_fechas(count: int, start: datetime) -> list[datetime]:
    """``count`` event times 17 h 13 min apart from ``start`` (crossing months for count >= 45)."""
    return [start + timedelta(hours=17 * index, minutes=13 * index) for index in range(count)]


def source_rows(connection: psycopg.Connection, table: str = "random_data") -> list[tuple]:
    """(id, valor, fecha text, year, month) of every source row, by id."""
    rows = connection.execute(f"SELECT id, valor, fecha FROM {table} ORDER BY id").fetchall()
    return [
        (id_, valor, fecha.strftime("%Y-%m-%d %H:%M:%S.%f"), fecha.year, fecha.month)
        for id_, valor, fecha in rows
    ]


def bronze_rows(spark: SparkSession, table_dir: Path) -> list[tuple]:
    """(id, valor, fecha text, year, month) of every bronze row; year/month come from the folder names."""
    frame = spark.read.parquet(str(table_dir))
    return [
        tuple(row)
        for row in frame.select(
            "id", "valor", F.date_format("fecha", TIMESTAMP_TEXT), *PARTITION_COLUMNS
        ).orderBy("id").collect()
    ]  # fmt: skip


def partition_folders(table_dir: Path) -> list[str]:
    """``year=Y/month=M`` folders that hold Parquet files."""
    return sorted(
        str(folder.relative_to(table_dir))
        for folder in table_dir.glob("year=*/month=*")
        if any(folder.glob("*.parquet"))
    )


def expected_folders(rows: list[tuple]) -> list[str]:
    return sorted({f"year={year}/month={month}" for *_, year, month in rows})


def source_for(postgres: PostgresServer, **overrides) -> JdbcSource:
    return JdbcSource(url=postgres.jdbc_url, user=postgres.user, **overrides)


# --- defaults -----------------------------------------------------------------------------------------


def test_defaults_follow_the_seed_source_and_glue_bookmark_contract() -> None:
    assert DEFAULT_SOURCE_TABLE == "random_data"
    assert DEFAULT_BOOKMARK_KEY == "change_seq"
    assert BOOKMARK_SORT_ORDER == "asc"
    assert DEFAULT_EVENT_TIME_COLUMN == "fecha"
    assert DEFAULT_READ_PARTITIONS == 1
    assert DEFAULT_FETCH_SIZE == 10_000
    assert POSTGRES_JDBC_PACKAGE == "org.postgresql:postgresql:42.7.14"
    source = JdbcSource(url="jdbc:postgresql://db:5432/app")
    assert (source.table, source.bookmark_key, source.event_time_column) == (
        "random_data",
        "change_seq",
        "fecha",
    )
    assert (source.read_partitions, source.fetch_size, source.driver) == (1, 10_000, "org.postgresql.Driver")


def test_the_postgres_driver_is_a_cached_jar_on_every_local_session(jdbc_spark, tmp_path) -> None:
    """The driver is among the jars ``scripts/setup.sh`` caches and checks (``spark_jars.json``), on
    ``spark.jars`` of every local session: loadable with no ``spark.jars.packages`` (no network)."""
    jar = local_jar(POSTGRES_JDBC_PACKAGE)
    entries = {e["coordinates"]: e for e in json.loads(JARS_FILE.read_text(encoding="utf-8"))["jars"]}
    assert jar == JARS_DIR / "postgresql-42.7.14.jar"
    assert hashlib.sha1(jar.read_bytes()).hexdigest() == entries[POSTGRES_JDBC_PACKAGE]["sha1"]
    assert entries[POSTGRES_JDBC_PACKAGE]["url"] == (
        "https://repo1.maven.org/maven2/org/postgresql/postgresql/42.7.14/postgresql-42.7.14.jar"
    )
    assert jar in local_jars()
    settings = iceberg_session_settings(tmp_path / "catalog.db", "file:/tmp/warehouse")
    assert str(jar) in settings["spark.jars"].split(",")
    assert "spark.jars.packages" not in settings
    assert str(jar) in jdbc_spark.conf.get("spark.jars").split(",")
    jvm = jdbc_spark.sparkContext._jvm
    loader = jvm.java.lang.Thread.currentThread().getContextClassLoader()
    assert (
        jvm.java.lang.Class.forName("org.postgresql.Driver", True, loader).getName()
        == "org.postgresql.Driver"
    )
    with pytest.raises(
        KeyError, match=r"org.postgresql:postgresql:1.0: not in spark_jars.json .*bash scripts/setup.sh"
    ):
        local_jar("org.postgresql:postgresql:1.0")


# --- validation (no database) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"url": "postgresql://db/app"}, r"url='postgresql://db/app' is not a JDBC URL"),
        ({"table": "random_data; DROP TABLE x"}, r"table='random_data; DROP TABLE x' is not a plain SQL"),
        ({"table": "a.b.c"}, r"table='a.b.c' has more than two parts"),
        ({"bookmark_key": "id desc"}, r"bookmark_key='id desc' is not a plain SQL identifier"),
        ({"event_time_column": ""}, r"event_time_column='' is not a plain SQL identifier"),
        ({"read_partitions": 0}, r"read_partitions=0 must be >= 1"),
        ({"fetch_size": 0}, r"fetch_size=0 must be >= 1"),
    ],
)
def test_jdbc_source_names_the_bad_field(overrides: dict, message: str) -> None:
    arguments = {"url": "jdbc:postgresql://db:5432/app", **overrides}
    with pytest.raises(JobArgumentError, match=message):
        JdbcSource(**arguments)


def test_jdbc_source_quotes_a_schema_qualified_table_and_hides_the_password() -> None:
    source = JdbcSource(url="jdbc:postgresql://db/app", table="public.random_data", password="hunter2")
    assert source.quoted_table == '"public"."random_data"'
    assert source.table_name == "random_data"
    assert "hunter2" not in repr(source)


def test_glue_connection_options_key_the_job_bookmark_on_change_seq() -> None:
    assert glue_connection_options("transactional-postgres", "public.random_data") == {
        "useConnectionProperties": "true",
        "connectionName": "transactional-postgres",
        "dbtable": "public.random_data",
        "jobBookmarkKeys": ["change_seq"],
        "jobBookmarkKeysSortOrder": "asc",
    }
    with pytest.raises(JobArgumentError, match="--connection_name is empty"):
        glue_connection_options("", "random_data")
    with pytest.raises(JobArgumentError, match="is not a plain SQL identifier"):
        glue_connection_options("conn", "random_data where 1=1")


def test_zone_paths_and_run_ids() -> None:
    assert zone_table_path("s3://lake-bronze/transactional/", "random_data") == (
        "s3://lake-bronze/transactional/random_data"
    )
    with pytest.raises(JobArgumentError, match="quarantine_uri is empty"):
        zone_table_path("", "random_data", "quarantine_uri")
    assert local_run_id(None, 250) == "change_seq-1-250"
    assert local_run_id(250, 300) == "change_seq-251-300"
    assert local_run_id(None, 4, "id") == "id-1-4"


def test_glue_entrypoint_arguments_and_bookmark_context() -> None:
    from jobs import jdbc_to_bronze

    assert jdbc_to_bronze.JOB_ARGUMENTS == (
        "JOB_NAME",
        "JOB_RUN_ID",
        "connection_name",
        "source_table",
        "bronze_uri",
        "quarantine_uri",
    )
    assert jdbc_to_bronze.transformation_ctx("public.random_data") == "jdbc_source_public_random_data"


# --- local bookmark store -----------------------------------------------------------------------------


def test_local_bookmark_store_round_trip(tmp_path: Path) -> None:
    store = LocalBookmarkStore(tmp_path / "state" / "bookmarks.json")
    assert store.get("random_data", "id") is None
    store.put("random_data", "id", 41)
    store.put("random_data", "id", 42)
    store.put("other", "id", 7)
    assert store.get("random_data", "id") == 42
    saved = json.loads((tmp_path / "state" / "bookmarks.json").read_text())
    assert {table: (entry["key_column"], entry["value"]) for table, entry in saved.items()} == {
        "other": ("id", 7),
        "random_data": ("id", 42),
    }
    assert list((tmp_path / "state").iterdir()) == [tmp_path / "state" / "bookmarks.json"]


def test_local_bookmark_store_rejects_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.json"
    store = LocalBookmarkStore(path)
    path.write_text('{"random_data": {"key_column": "id", "value": 3}}')
    with pytest.raises(BookmarkError, match="is not keyed on 'uuid'"):
        store.get("random_data", "uuid")
    path.write_text('{"random_data": {"key_column": "id", "value": "3"}}')
    with pytest.raises(BookmarkError, match="has value '3', not an integer id"):
        store.get("random_data", "id")
    path.write_text("{not json")
    with pytest.raises(BookmarkError, match="is not readable JSON"):
        store.get("random_data", "id")


# --- landing helpers on in-memory data ----------------------------------------------------------------


def test_partition_columns_are_the_utc_year_and_month_of_fecha(spark: SparkSession) -> None:
    frame = spark.createDataFrame(
        [(1, BOUNDARY_FECHAS[0]), (2, BOUNDARY_FECHAS[3])], "id int, fecha timestamp"
    )
    rows = with_partition_columns(frame, "fecha").orderBy("id").collect()
    assert [(row["year"], row["month"]) for row in rows] == [
        (BOUNDARY_FECHAS[0].year, BOUNDARY_FECHAS[0].month),
        (BOUNDARY_FECHAS[3].year, BOUNDARY_FECHAS[3].month),
    ]


def test_a_non_utc_session_is_refused(spark: SparkSession) -> None:
    previous = spark.conf.get("spark.sql.session.timeZone")
    spark.conf.set("spark.sql.session.timeZone", "America/Bogota")
    try:
        with pytest.raises(JobArgumentError, match="spark.sql.session.timeZone is 'America/Bogota', not UTC"):
            require_utc_session(spark)
    finally:
        spark.conf.set("spark.sql.session.timeZone", previous)


def test_a_non_utc_driver_jvm_is_refused(spark: SparkSession, monkeypatch: pytest.MonkeyPatch) -> None:
    assert jdbc_landing.jvm_time_zone(spark) in jdbc_landing.UTC_ZONE_IDS
    monkeypatch.setattr(jdbc_landing, "jvm_time_zone", lambda _spark: "Europe/Madrid")
    with pytest.raises(JobArgumentError, match="driver JVM runs in 'Europe/Madrid', not UTC: start it with"):
        require_utc_session(spark)


# --- against PostgreSQL -------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize("read_partitions", [1, 3])
def test_first_run_copies_every_row_partitioned_by_year_and_month(
    jdbc_spark: SparkSession,
    postgres: PostgresServer,
    db: psycopg.Connection,
    tmp_path: Path,
    read_partitions: int,
) -> None:
    insert(db, [*BOUNDARY_FECHAS, *spread_fechas(60, datetime(2024, 3, 1, 8, 30))])
    bookmarks = LocalBookmarkStore(tmp_path / "bookmarks.json")

    result = ingest_increment(
        jdbc_spark,
        source_for(postgres, read_partitions=read_partitions),
        bronze_uri=str(tmp_path / "bronze"),
        quarantine_uri=str(tmp_path / "quarantine"),
        bookmarks=bookmarks,
    )

    expected = source_rows(db)
    table_dir = tmp_path / "bronze" / "random_data"
    assert bronze_rows(jdbc_spark, table_dir) == expected
    assert partition_folders(table_dir) == expected_folders(expected)
    max_id = max(row[0] for row in expected)
    assert (result.previous_bookmark, result.new_bookmark) == (None, max_id)
    assert (result.rows_read, result.rows_written, result.rows_quarantined) == (
        len(expected),
        len(expected),
        0,
    )
    assert bookmarks.get("random_data", "change_seq") == max_id  # no change yet: change_seq == id
    assert not (tmp_path / "quarantine").exists()


@pytest.mark.postgres
def test_second_run_copies_only_the_rows_inserted_since_the_bookmark(
    jdbc_spark: SparkSession, postgres: PostgresServer, db: psycopg.Connection, tmp_path: Path
) -> None:
    source = source_for(postgres)
    bookmarks = LocalBookmarkStore(tmp_path / "bookmarks.json")
    locations = {"bronze_uri": str(tmp_path / "bronze"), "quarantine_uri": str(tmp_path / "quarantine")}
    table_dir = tmp_path / "bronze" / "random_data"

    insert(db, spread_fechas(30, datetime(2024, 4, 20)))
    first = ingest_increment(jdbc_spark, source, bookmarks=bookmarks, **locations)
    first_files = set(table_dir.rglob("*.parquet"))
    insert(db, spread_fechas(12, datetime(2024, 6, 29, 22)))
    second = ingest_increment(jdbc_spark, source, bookmarks=bookmarks, **locations)

    expected = source_rows(db)
    new_rows = [row for row in expected if row[0] > first.new_bookmark]
    assert (first.rows_read, second.rows_read, second.rows_written) == (30, 12, 12)
    assert (second.previous_bookmark, second.new_bookmark) == (first.new_bookmark, expected[-1][0])
    # Only new files were added, and they hold exactly the new rows.
    new_files = set(table_dir.rglob("*.parquet")) - first_files
    assert first_files <= set(table_dir.rglob("*.parquet"))
    added = jdbc_spark.read.option("basePath", str(table_dir)).parquet(*map(str, new_files))
    assert sorted(row["id"] for row in added.select("id").collect()) == [row[0] for row in new_rows]
    # Bronze as a whole equals the source: every row once, in its year/month partition.
    assert bronze_rows(jdbc_spark, table_dir) == expected
    assert partition_folders(table_dir) == expected_folders(expected)


def change_rows(connection: psycopg.Connection, updated: list[int], deleted: list[int]) -> None:
    """What the simulator does to earlier rows: a new importe, or deleted = true; both take a new
    change_seq and updated_at (lambdas/simulator/changes.ts)."""
    stamp = "updated_at = updated_at + interval '1 hour', change_seq = nextval('random_data_change_seq')"
    connection.execute(f"UPDATE random_data SET importe = importe + 1, {stamp} WHERE id = ANY(%s)", [updated])
    connection.execute(f"UPDATE random_data SET deleted = true, {stamp} WHERE id = ANY(%s)", [deleted])


@pytest.mark.postgres
def test_a_second_run_copies_updated_and_soft_deleted_rows_again_with_the_new_ones(
    jdbc_spark: SparkSession, postgres: PostgresServer, db: psycopg.Connection, tmp_path: Path
) -> None:
    source = source_for(postgres)
    bookmarks = LocalBookmarkStore(tmp_path / "bookmarks.json")
    locations = {"bronze_uri": str(tmp_path / "bronze"), "quarantine_uri": str(tmp_path / "quarantine")}
    insert(db, spread_fechas(10, datetime(2024, 5, 1)))
    first = ingest_increment(jdbc_spark, source, bookmarks=bookmarks, **locations)
    change_rows(db, updated=[2, 7], deleted=[4])
    insert(db, spread_fechas(3, datetime(2024, 5, 20)))

    second = ingest_increment(jdbc_spark, source, bookmarks=bookmarks, **locations)

    assert (first.rows_read, first.new_bookmark) == (10, 10)
    # 2 updates + 1 delete took change_seq 11-13, the 3 new rows 14-16
    assert (second.rows_read, second.previous_bookmark, second.new_bookmark) == (6, 10, 16)
    bronze = jdbc_spark.read.parquet(str(tmp_path / "bronze" / "random_data"))
    counts = bronze.groupBy("id").agg(F.count("*").alias("versions")).collect()
    versions = {row["id"]: row["versions"] for row in counts}
    assert versions == {i: 2 if i in (2, 4, 7) else 1 for i in range(1, 14)}
    latest = bronze.where("change_seq > 10").select("id", "deleted", "importe").orderBy("id").collect()
    stored = db.execute(
        "SELECT id, deleted, importe FROM random_data WHERE change_seq > 10 ORDER BY id"
    ).fetchall()
    assert [tuple(row) for row in latest] == stored
    assert [row[0] for row in stored if row[1]] == [4]


@pytest.mark.postgres
def test_a_run_without_new_rows_reads_and_writes_nothing(
    jdbc_spark: SparkSession, postgres: PostgresServer, db: psycopg.Connection, tmp_path: Path
) -> None:
    source = source_for(postgres)
    bookmarks = LocalBookmarkStore(tmp_path / "bookmarks.json")
    locations = {"bronze_uri": str(tmp_path / "bronze"), "quarantine_uri": str(tmp_path / "quarantine")}

    empty = ingest_increment(jdbc_spark, source, bookmarks=bookmarks, **locations)
    assert (empty.rows_read, empty.new_bookmark) == (0, None)
    assert not (tmp_path / "bronze").exists()

    insert(db, list(BOUNDARY_FECHAS))
    first = ingest_increment(jdbc_spark, source, bookmarks=bookmarks, **locations)
    files = sorted((tmp_path / "bronze").rglob("*"))
    again = ingest_increment(jdbc_spark, source, bookmarks=bookmarks, **locations)
    assert (again.rows_read, again.previous_bookmark, again.new_bookmark) == (
        0,
        first.new_bookmark,
        first.new_bookmark,
    )
    assert sorted((tmp_path / "bronze").rglob("*")) == files


@pytest.mark.postgres
def test_rows_without_fecha_are_quarantined_with_their_reason_not_dropped(
    jdbc_spark: SparkSession, postgres: PostgresServer, db: psycopg.Connection, tmp_path: Path
) -> None:
    insert(db, [BOUNDARY_FECHAS[0], None, BOUNDARY_FECHAS[2], None], table="legacy_events")
    now = datetime(2024, 7, 1, 0, 0, tzinfo=UTC)

    result = ingest_increment(
        jdbc_spark,
        source_for(postgres, table="public.legacy_events", bookmark_key="id"),
        bronze_uri=str(tmp_path / "bronze"),
        quarantine_uri=str(tmp_path / "quarantine"),
        bookmarks=LocalBookmarkStore(tmp_path / "bookmarks.json"),
        now=now,
    )

    source = db.execute("SELECT id, valor, fecha FROM legacy_events ORDER BY id").fetchall()
    with_fecha = [row for row in source if row[2] is not None]
    without_fecha = [row for row in source if row[2] is None]
    assert (result.rows_read, result.rows_written, result.rows_quarantined) == (4, 2, 2)
    assert result.new_bookmark == source[-1][0]
    bronze = bronze_rows(jdbc_spark, tmp_path / "bronze" / "legacy_events")
    assert [(row[0], row[1]) for row in bronze] == [(row[0], row[1]) for row in with_fecha]

    run_dir = tmp_path / "quarantine" / "legacy_events" / f"run_id={local_run_id(None, source[-1][0], 'id')}"
    assert [folder.name for folder in run_dir.iterdir() if folder.is_dir()] == [
        f"reason={MISSING_REQUIRED_COLUMN}"
    ]
    quarantined = jdbc_spark.read.json(str(run_dir)).orderBy("record").collect()
    assert sorted(quarantined[0].asDict()) == sorted(
        ["dataset", "run_id", "quarantined_at", "source_object", "reason", "detail", "record"]
    )
    assert [json.loads(row["record"]) for row in quarantined] == [
        {"id": id_, "valor": valor, "fecha": None} for id_, valor, _ in without_fecha
    ]
    assert {
        (row["dataset"], row["source_object"], row["reason"], row["quarantined_at"]) for row in quarantined
    } == {
        ("legacy_events", "jdbc:public.legacy_events", MISSING_REQUIRED_COLUMN, "2024-07-01T00:00:00+00:00")
    }
    assert {row["detail"] for row in quarantined} == {"fecha is null: no year/month partition can be derived"}


@pytest.mark.postgres
def test_reads_are_bounded_by_the_key_range(
    jdbc_spark: SparkSession, postgres: PostgresServer, db: psycopg.Connection
) -> None:
    source = source_for(postgres)
    assert source_max_key(jdbc_spark, source) is None
    insert(db, spread_fechas(6, datetime(2024, 1, 1)))
    window = read_increment(jdbc_spark, source, after_key=2, up_to_key=4)
    assert sorted(row["id"] for row in window.collect()) == [3, 4]
    # Rows inserted after the bounds were fixed stay out of the same DataFrame.
    insert(db, spread_fechas(3, datetime(2024, 2, 1)))
    assert sorted(row["id"] for row in window.collect()) == [3, 4]
    assert sorted(row["id"] for row in read_increment(jdbc_spark, source, None, 2).collect()) == [1, 2]
    assert source_max_key(jdbc_spark, source) == 9


@pytest.mark.postgres
def test_local_runner_lands_rows_and_keeps_the_bookmark_under_the_lake_dir(
    jdbc_spark: SparkSession,
    postgres: PostgresServer,
    db: psycopg.Connection,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    insert(db, list(BOUNDARY_FECHAS))
    argv = ["--jdbc-url", postgres.jdbc_url, "--user", postgres.user, "--lake-dir", str(tmp_path)]

    assert run_cli(argv, spark=jdbc_spark) == 0
    printed = json.loads(capsys.readouterr().out)

    expected = source_rows(db)
    assert printed == {
        "table": "random_data",
        "previous_bookmark": None,
        "new_bookmark": expected[-1][0],
        "rows_read": len(expected),
        "rows_written": len(expected),
        "rows_quarantined": 0,
        "bronze_path": str(tmp_path / "bronze" / "random_data"),
    }
    assert bronze_rows(jdbc_spark, tmp_path / "bronze" / "random_data") == expected
    bookmark_file = tmp_path / "_state" / LOCAL_BOOKMARK_FILE
    assert LocalBookmarkStore(bookmark_file).get("random_data", "change_seq") == expected[-1][0]


def test_local_runner_reports_a_bad_option_on_stderr(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run_cli(["--jdbc-url", "postgres://nope", "--lake-dir", str(tmp_path)]) == 2
    assert "url='postgres://nope' is not a JDBC URL" in capsys.readouterr().err


# --- the Glue entry script itself (glue/jobs/jdbc_to_bronze.py) through the awsglue stand-in -----------


def jdbc_job_arguments(run_id: str) -> dict[str, str]:
    return {
        "JOB_NAME": "transactional-jdbc-to-bronze",
        "JOB_RUN_ID": run_id,
        "job-bookmark-option": "job-bookmark-enable",
        "connection_name": "source-postgres",
        "source_table": "random_data",
        "bronze_uri": "s3://lake-bronze/transactional",
        "quarantine_uri": "s3://lake-quarantine/transactional",
    }


@pytest.fixture
def glue_root(tmp_path: Path, postgres: PostgresServer) -> Path:
    """The stand-in's folder: two buckets and the Glue connection to the test server."""
    for bucket in ("lake-bronze", "lake-quarantine"):
        (tmp_path / "s3" / bucket).mkdir(parents=True)
    connection = {"JDBC_CONNECTION_URL": postgres.jdbc_url, "USERNAME": postgres.user, "PASSWORD": ""}
    (tmp_path / "connections.json").write_text(
        json.dumps({"source-postgres": {"ConnectionType": "JDBC", "ConnectionProperties": connection}})
    )
    return tmp_path


@pytest.mark.postgres
def test_the_entry_script_lands_new_rows_and_commits_its_bookmark(
    jdbc_spark: SparkSession, db: psycopg.Connection, glue_root: Path
) -> None:
    from medallion_local.glue_scripts import run_glue_script

    table_dir = glue_root / "s3" / "lake-bronze" / "transactional" / "random_data"
    bookmark_file = glue_root / "bookmarks" / "transactional-jdbc-to-bronze.json"
    insert(db, [*BOUNDARY_FECHAS, *spread_fechas(50, datetime(2024, 3, 1, 8, 30))])
    run_glue_script("jdbc_to_bronze", jdbc_job_arguments("jr_1"), glue_root)
    first = source_rows(db)
    assert bronze_rows(jdbc_spark, table_dir) == first
    assert partition_folders(table_dir) == expected_folders(first)
    ctx = "jdbc_source_random_data"
    assert json.loads(bookmark_file.read_text()) == {ctx: {"change_seq": max(r[0] for r in first)}}

    insert(db, spread_fechas(20, datetime(2024, 6, 30, 20, 0)))
    run_glue_script("jdbc_to_bronze", jdbc_job_arguments("jr_2"), glue_root)
    assert bronze_rows(jdbc_spark, table_dir) == source_rows(db)  # only the new rows were appended
    assert json.loads(bookmark_file.read_text()) == {ctx: {"change_seq": max(r[0] for r in source_rows(db))}}


@pytest.mark.postgres
def test_the_entry_script_needs_the_run_id_glue_passes(jdbc_spark: SparkSession, glue_root: Path) -> None:
    from medallion_local.glue_scripts import run_glue_script

    arguments = jdbc_job_arguments("jr_1")
    del arguments["JOB_RUN_ID"]
    with pytest.raises(JobArgumentError, match="--JOB_RUN_ID is missing: Glue sets it on every run"):
        run_glue_script("jdbc_to_bronze", arguments, glue_root)
    assert not (glue_root / "bookmarks").exists()
