"""Rows and unreadable objects share a run's quarantine folder and are counted apart."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from medallion_glue.quarantine import reasons
from medallion_glue.quarantine.unreadable import UnreadableObject
from medallion_glue.quarantine.writer import (
    count_quarantined,
    count_quarantined_objects,
    write_quarantine,
    write_unreadable_objects,
)

NOW = datetime(2026, 12, 3, 16, 0, tzinfo=UTC)
EMPTY = UnreadableObject("s3://lake-bronze/flights/a.csv", 0, reasons.EMPTY_OBJECT, "the object is 0 bytes")
CUT = UnreadableObject(
    "s3://lake-bronze/flights/b.csv.gz",
    9089,
    reasons.CORRUPT_GZIP,
    "gzip stream ends before its end-of-stream marker (the object is truncated)",
)


def test_object_lines_sit_beside_row_files_and_are_not_rows(etl_spark, tmp_path):
    root = str(tmp_path / "quarantine")
    rejected = etl_spark.createDataFrame(
        [("s3://lake-bronze/flights/c.csv", reasons.TYPE_MISMATCH, "delay is not a number", '{"delay":"x"}')]
        * 2,
        "source_object string, reason string, detail string, record string",
    )
    location = write_quarantine(rejected, root, "flights", "r1", NOW)
    assert write_unreadable_objects(etl_spark, [EMPTY, CUT, EMPTY], root, "flights", "r1", NOW) == location
    assert count_quarantined(etl_spark, location) == {reasons.TYPE_MISMATCH: 2}
    assert count_quarantined_objects(etl_spark, location) == {
        reasons.EMPTY_OBJECT: 2,
        reasons.CORRUPT_GZIP: 1,
    }
    (cut_file,) = (tmp_path / "quarantine/flights/run_id=r1/reason=corrupt_gzip").glob("objects-*.json")
    assert json.loads(cut_file.read_text()) == {
        "dataset": "flights",
        "run_id": "r1",
        "quarantined_at": "2026-12-03T16:00:00+00:00",
        "source_object": "s3://lake-bronze/flights/b.csv.gz",
        "size_bytes": 9089,
        "detail": "gzip stream ends before its end-of-stream marker (the object is truncated)",
        "record": None,
    }


def test_objects_alone_count_no_rows(etl_spark, tmp_path):
    location = write_unreadable_objects(etl_spark, [CUT], str(tmp_path), "flights", "r2", NOW)
    assert location == f"{tmp_path}/flights/run_id=r2"
    assert count_quarantined(etl_spark, location) == {}
    assert count_quarantined_objects(etl_spark, location) == {reasons.CORRUPT_GZIP: 1}


def test_nothing_to_write_writes_nothing(etl_spark, tmp_path):
    location = write_unreadable_objects(etl_spark, [], str(tmp_path), "flights", "r3", NOW)
    assert not (tmp_path / "flights").exists()
    assert count_quarantined_objects(etl_spark, location) == {}


def test_a_row_reason_is_refused_for_an_object(etl_spark, tmp_path):
    row_reason = UnreadableObject("s3://b/k.csv", 3, reasons.TYPE_MISMATCH, "x")
    with pytest.raises(
        ValueError, match="not object quarantine reasons: type_mismatch; use one of empty_object"
    ):
        write_unreadable_objects(etl_spark, [row_reason], str(tmp_path), "flights", "r4", NOW)
