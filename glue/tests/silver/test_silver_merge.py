"""De-duplication inside a batch: the cheap path (only repeated keys ranked) and the full-window
fallback pick the same rows."""

from __future__ import annotations

import pytest
from etl_helpers import make_spec
from medallion_glue.silver import merge as silver_merge
from medallion_glue.silver.merge import dedup_batch

ROWS = [
    ("a", 1, "s3://b/t/1.csv", "first"),
    ("a", 3, "s3://b/t/1.csv", "newest"),
    ("a", 2, "s3://b/t/2.csv", "middle"),
    ("b", None, "s3://b/t/1.csv", "null version"),
    ("b", 1, "s3://b/t/1.csv", "versioned"),
    ("c", 1, "s3://b/t/1.csv", "older file"),
    ("c", 1, "s3://b/t/2.csv", "newer file"),
    ("d", 5, "s3://b/t/1.csv", "single"),
]


@pytest.fixture(scope="module")
def batch(etl_spark):
    return etl_spark.createDataFrame(ROWS, "id string, version int, _source_object string, text string")


@pytest.mark.parametrize("max_broadcast", [silver_merge.MAX_BROADCAST_REPEATED_KEYS, 0])
def test_greatest_order_then_latest_object_wins(batch, monkeypatch, max_broadcast):
    monkeypatch.setattr(silver_merge, "MAX_BROADCAST_REPEATED_KEYS", max_broadcast)
    spec = make_spec("deduplication: {primary_key: [id], order_by: version}\n")
    kept = dedup_batch(batch, spec, ["id", "version", "text"])
    assert sorted((r["id"], r["text"]) for r in kept.collect()) == [
        ("a", "newest"),
        ("b", "versioned"),
        ("c", "newer file"),
        ("d", "single"),
    ]


def test_batch_without_repeated_keys_is_returned_as_is(batch):
    spec = make_spec("deduplication: {primary_key: [id, text]}\n")
    assert dedup_batch(batch, spec, ["id", "version", "text"]) is batch
