"""The object ledger of bookmarked bronze_to_silver runs (issue 14): the entry script lists its bronze folder,
takes what the ledger has not seen, quarantines unreadable objects whole and records what it took once silver
committed; ``--job-bookmark-option`` pause and disable; a burst of objects in one run. Real pyspark, the Glue
entry script through the ``awsglue`` stand-in, real CSV and gzip bytes."""

from __future__ import annotations

import gzip
import json
import logging
import os
from pathlib import Path

import pytest
from etl_helpers import BASE_SPEC
from medallion_glue.errors import JobArgumentError
from medallion_glue.runtime.object_ledger import (
    LEDGER_PREFIX,
    Discovery,
    LedgerMode,
    ListedObject,
    ledger_lines,
    ledger_location,
    list_bronze_objects,
    record_taken,
)
from medallion_glue.spec.loader import parse_spec
from medallion_local.glue_scripts import glue_environment, run_glue_script

NAME = "ledgered"
SPEC_TEXT = (
    BASE_SPEC.format(
        name=NAME,
        format="{type: csv}",
        suffix='.csv, legacy_suffixes: [".csv.gz"]',
        formats='["yyyy-MM-dd HH:mm:ss"]',
    )
    + "quarantine: {max_ratio: 1.0}\ndeduplication: {primary_key: [id]}\n"
)
SPEC = parse_spec(SPEC_TEXT, f"datasets/{NAME}.yaml")
HEADER = b"id,ts,origin\n"


def rows(*ids: int) -> bytes:
    return HEADER + b"".join(b"%d,2024-01-01 10:00:00,ORD\n" % i for i in ids)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The stand-in's folder: bucket ``lake`` (bronze/, silver/, quarantine/) and the uploaded spec."""
    (tmp_path / "s3" / "lake" / "bronze" / NAME).mkdir(parents=True)
    (tmp_path / "s3" / "lake" / "silver").mkdir()
    (tmp_path / "s3" / "lake" / "quarantine").mkdir()
    (tmp_path / "s3" / "artifacts" / "specs").mkdir(parents=True)
    (tmp_path / "s3" / "artifacts" / "specs" / f"{NAME}.yaml").write_text(SPEC_TEXT, encoding="utf-8")
    return tmp_path


def drop(root: Path, name: str, content: bytes) -> str:
    path = root / "s3" / "lake" / "bronze" / NAME / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return f"s3://lake/bronze/{NAME}/{name}"


def run(root: Path, namespace: str, caplog, option: str = "job-bookmark-enable", n: int = 1) -> dict:
    """One run of glue/jobs/bronze_to_silver.py without --source_keys; its reconciliation counts."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="medallion_glue.runtime.bronze_to_silver"):
        run_glue_script(
            "bronze_to_silver",
            {
                "JOB_NAME": f"{NAME}-bronze-to-silver",
                "JOB_RUN_ID": f"jr_{n:04d}",
                "job-bookmark-option": option,
                "dataset_spec_uri": f"s3://artifacts/specs/{NAME}.yaml",
                "bronze_uri": "s3://lake/bronze/",
                "silver_uri": "s3://lake/silver/",
                "quarantine_uri": "s3://lake/quarantine/",
                "silver_database": namespace,
            },
            root,
        )
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("reconciliation ")]
    return json.loads(line.removeprefix("reconciliation "))


def ledger(root: Path) -> list[dict]:
    """Every line of the dataset's ledger files, in file (run id) order."""
    folder = root / "s3" / "lake" / "silver" / "_ledger" / NAME
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    return [json.loads(line) for file in files for line in file.read_text().splitlines()]


def silver_ids(spark, namespace: str) -> list[int]:
    return sorted(r["id"] for r in spark.table(f"glue_catalog.{namespace}.{NAME}").collect())


def test_ledger_mode_follows_the_bookmark_option_and_names_a_bad_value():
    modes = {m: (m.reads, m.moves) for m in LedgerMode}
    assert modes == {
        LedgerMode.ENABLE: (True, True),
        LedgerMode.PAUSE: (True, False),
        LedgerMode.DISABLE: (False, False),
    }
    assert LedgerMode.of(None) is LedgerMode.DISABLE  # Glue's default
    assert LedgerMode.of("job-bookmark-pause") is LedgerMode.PAUSE
    with pytest.raises(JobArgumentError, match=r"^--job-bookmark-option: 'job-bookmark-on' is not one of"):
        LedgerMode.of("job-bookmark-on")


def test_the_ledger_lives_beside_the_silver_tables_not_in_one():
    assert LEDGER_PREFIX == "_ledger/"
    assert ledger_location("s3://silver-bucket/", "flights") == "s3://silver-bucket/_ledger/flights/"
    assert ledger_location("s3://silver-bucket", "flights") == "s3://silver-bucket/_ledger/flights/"


def test_a_ledger_line_names_the_run_the_object_and_its_version():
    import datetime as dt

    taken = dt.datetime(2026, 4, 1, 12, 0, 5, tzinfo=dt.UTC)
    lines = ledger_lines(
        "flights", "r1", [ListedObject("s3://b/flights/a.csv", 12, 1_775_044_800_123)], taken
    )
    assert lines == [
        {
            "dataset": "flights",
            "run_id": "r1",
            "object": "s3://b/flights/a.csv",
            "size_bytes": 12,
            "modified_ms": 1_775_044_800_123,
            "modified_at": "2026-04-01T12:00:00.123Z",
            "taken_at": "2026-04-01T12:00:05Z",
        }
    ]


def test_listing_opens_no_object_and_keeps_the_dataset_suffixes(etl_spark, root):
    good = drop(root, "2024/a.csv", rows(1))
    corrupt = drop(root, "b.csv.gz", gzip.compress(rows(2))[:20])
    empty = drop(root, "c.csv", b"")
    drop(root, "_SUCCESS", b"")
    drop(root, "notes.txt", b"not this dataset's")
    with glue_environment(root, ["script.py"]):
        from awsglue.context import GlueContext

        GlueContext(etl_spark.sparkContext)  # mounts s3://lake/ on the session
        listed = list_bronze_objects(etl_spark, SPEC, f"s3://lake/bronze/{NAME}/")
        assert list_bronze_objects(etl_spark, SPEC, "s3://lake/bronze/missing/") == []
    sizes = {o.uri: o.size_bytes for o in listed}
    assert sizes == {good: len(rows(1)), corrupt: 20, empty: 0}
    path = root / "s3" / "lake" / "bronze" / NAME / "2024" / "a.csv"
    assert listed[0].modified_ms == path.stat().st_mtime_ns // 1_000_000


def test_a_ledger_file_is_written_only_when_the_mode_moves_it_and_the_run_took_objects(etl_spark, tmp_path):
    import datetime as dt

    location = f"{tmp_path.as_uri()}/_ledger/{NAME}/"
    objects = (ListedObject("s3://b/x.csv", 1, 2),)
    now = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    paused = Discovery(objects, objects, LedgerMode.PAUSE, location)
    assert record_taken(etl_spark, paused, NAME, "r1", now) is None
    nothing_new = Discovery(objects, (), LedgerMode.ENABLE, location)
    assert record_taken(etl_spark, nothing_new, NAME, "r1", now) is None
    assert not (tmp_path / "_ledger").exists()
    enabled = Discovery(objects, objects, LedgerMode.ENABLE, location)
    assert record_taken(etl_spark, enabled, NAME, "r1", now) == f"{location}r1.json"
    (line,) = (tmp_path / "_ledger" / NAME / "r1.json").read_text().splitlines()
    assert json.loads(line) == ledger_lines(NAME, "r1", objects, now)[0]


def test_a_bookmarked_run_quarantines_a_truncated_gzip_and_a_0_byte_object_and_lands_the_rest(
    etl_spark, iceberg_namespace, root, cloudwatch, caplog
):
    good = drop(root, "01-good.csv", rows(1, 2))
    corrupt = drop(root, "02-corrupt.csv.gz", gzip.compress(rows(3))[:20])
    empty = drop(root, "03-empty.csv", b"")
    first = run(root, iceberg_namespace, caplog)
    assert (first["objects_read"], first["rows_written"]) == (3, 2)
    assert first["objects_quarantined_by_reason"] == {"corrupt_gzip": 1, "empty_object": 1}
    assert silver_ids(etl_spark, iceberg_namespace) == [1, 2]
    assert [(line["object"], line["run_id"]) for line in ledger(root)] == [
        (good, first["run_id"]),
        (corrupt, first["run_id"]),
        (empty, first["run_id"]),
    ]
    # the next run sees none of them again, the 0-byte one included
    later = drop(root, "04-later.csv", rows(4))
    second = run(root, iceberg_namespace, caplog, n=2)
    assert (second["objects_read"], second["rows_written"], second["objects_unreadable"]) == (1, 1, 0)
    assert [line["object"] for line in ledger(root)][-1] == later
    assert silver_ids(etl_spark, iceberg_namespace) == [1, 2, 4]
    assert run(root, iceberg_namespace, caplog, n=3)["objects_read"] == 0
    assert len(ledger(root)) == 4


def test_a_rewritten_object_is_read_again_and_pause_and_disable_leave_the_ledger(
    etl_spark, iceberg_namespace, root, cloudwatch, caplog
):
    first_uri = drop(root, "a.csv", rows(1))
    assert run(root, iceberg_namespace, caplog)["objects_read"] == 1
    drop(root, "b.csv", rows(2))
    # pause: the ledger is used (a.csv is not read again) but not moved: b.csv stays new
    assert run(root, iceberg_namespace, caplog, "job-bookmark-pause", 2)["objects_read"] == 1
    assert run(root, iceberg_namespace, caplog, "job-bookmark-pause", 3)["objects_read"] == 1
    # disable: every object is listed and read; the ledger is not moved
    everything = run(root, iceberg_namespace, caplog, "job-bookmark-disable", 4)
    assert (everything["objects_read"], everything["duplicates_of_silver"]) == (2, 2)
    assert [line["object"] for line in ledger(root)] == [first_uri]
    assert run(root, iceberg_namespace, caplog, n=5)["objects_read"] == 1  # b.csv, now recorded
    # a.csv rewritten in place: a new last-modified time is a new version, read again
    path = root / "s3" / "lake" / "bronze" / NAME / "a.csv"
    path.write_bytes(rows(1, 5))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    again = run(root, iceberg_namespace, caplog, n=6)
    assert (again["objects_read"], again["rows_written"]) == (1, 1)
    assert [line["object"] for line in ledger(root)] == [
        first_uri,
        f"s3://lake/bronze/{NAME}/b.csv",
        first_uri,
    ]
    assert silver_ids(etl_spark, iceberg_namespace) == [1, 2, 5]


def test_a_burst_of_many_small_objects_is_taken_in_one_run(
    etl_spark, iceberg_namespace, root, cloudwatch, caplog
):
    burst = [drop(root, f"burst/{i:03d}.csv", rows(i)) for i in range(150)]
    counts = run(root, iceberg_namespace, caplog)
    assert (counts["objects_read"], counts["rows_written"]) == (150, 150)
    assert sorted(line["object"] for line in ledger(root)) == sorted(burst)
    assert run(root, iceberg_namespace, caplog, n=2)["objects_read"] == 0


def test_a_run_that_committed_silver_but_not_its_ledger_file_is_read_again_harmlessly(
    etl_spark, iceberg_namespace, root, cloudwatch, caplog
):
    """A crash between the silver commit and the ledger file (modelled by removing the file): the next run
    reads the same objects again and the merge on the primary key finds every row in silver."""
    drop(root, "a.csv", rows(1, 2, 3))
    first = run(root, iceberg_namespace, caplog)
    assert (first["objects_read"], first["rows_written"]) == (1, 3)
    (root / "s3" / "lake" / "silver" / "_ledger" / NAME / f"{first['run_id']}.json").unlink()
    again = run(root, iceberg_namespace, caplog, n=2)
    assert (again["objects_read"], again["rows_written"], again["duplicates_of_silver"]) == (1, 0, 3)
    assert silver_ids(etl_spark, iceberg_namespace) == [1, 2, 3]
    assert [line["run_id"] for line in ledger(root)] == [again["run_id"]]
