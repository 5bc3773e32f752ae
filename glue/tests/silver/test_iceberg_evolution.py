"""Schema evolution of an Iceberg silver table, never a crash: each case on real JSON Lines drops, once as a
bookmark sequence (one run per drop) and once as a single batch (one run of all drops)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from etl_helpers import make_spec, write_file
from medallion_glue.runtime.bronze_to_silver import run_bronze_to_silver
from medallion_glue.silver.store import IcebergSilverStore

NOW = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
SPEC = make_spec(
    "required_columns: [id, station]\ndeduplication: {primary_key: [id]}\n",
    name="readings",
    fmt="{type: json_lines}",
    suffix=".jsonl",
)


def lines(*records: dict) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def run(spark, namespace: str, lake: Path, drops: list[list[str]]):
    """Run each group of ``drops`` in turn; return the store and the counts of every run."""
    store = IcebergSilverStore(spark, namespace, "readings", str(lake / "silver" / "readings"))
    counts = [
        run_bronze_to_silver(
            spark, SPEC, group, store, str(lake / "q"), run_id=f"r{i}", now=NOW + dt.timedelta(hours=i)
        )
        for i, group in enumerate(drops)
    ]
    return store, counts


def as_rows(store: IcebergSilverStore, *columns: str) -> list[tuple]:
    return sorted(tuple(r[c] for c in columns) for r in store.read().collect())


@pytest.fixture
def drops(tmp_path):
    def make(*texts: str) -> list[str]:
        return [write_file(tmp_path, f"bronze/readings/{i}.jsonl", t) for i, t in enumerate(texts)]

    return make


@pytest.mark.parametrize("mode", ["sequence", "batch"])
def test_a_new_bronze_column_adds_a_nullable_silver_column(
    etl_spark, iceberg_namespace, tmp_path, drops, mode
):
    paths = drops(
        lines({"id": 1, "ts": "2024-01-01 00:00:00", "station": "A", "temp": 1.5}),
        lines({"id": 2, "ts": "2024-01-02 00:00:00", "station": "B", "temp": 2.5, "humidity": 40}),
    )
    store, counts = run(
        etl_spark, iceberg_namespace, tmp_path, [[p] for p in paths] if mode == "sequence" else [paths]
    )
    assert all(c.reconciles for c in counts)
    assert store.recorded_types()["humidity"] == "bigint"
    assert as_rows(store, "id", "temp", "humidity") == [(1, 1.5, None), (2, 2.5, 40)]


@pytest.mark.parametrize("mode", ["sequence", "batch"])
def test_a_column_missing_from_a_later_object_is_null_and_required_rules_still_apply(
    etl_spark, iceberg_namespace, tmp_path, drops, mode
):
    paths = drops(
        lines({"id": 1, "ts": "2024-01-01 00:00:00", "station": "A", "temp": 1.5}),
        lines({"id": 2, "ts": "2024-01-02 00:00:00", "station": "B"}, {"id": 3, "ts": "2024-01-03 00:00:00"}),
    )
    store, counts = run(
        etl_spark, iceberg_namespace, tmp_path, [[p] for p in paths] if mode == "sequence" else [paths]
    )
    assert as_rows(store, "id", "station", "temp") == [(1, "A", 1.5), (2, "B", None)]
    assert sum(c.quarantined_by_reason.get("missing_required_column", 0) for c in counts) == 1
    assert all(c.reconciles for c in counts)


@pytest.mark.parametrize("mode", ["sequence", "batch"])
def test_widening_promotes_the_column(etl_spark, iceberg_namespace, tmp_path, drops, mode):
    paths = drops(
        lines({"id": 1, "ts": "2024-01-01 00:00:00", "station": "A", "count": 7}),
        lines({"id": 2, "ts": "2024-01-02 00:00:00", "station": "B", "count": 3_000_000_000}),
    )
    store, counts = run(
        etl_spark, iceberg_namespace, tmp_path, [[p] for p in paths] if mode == "sequence" else [paths]
    )
    assert store.recorded_types()["count"] == "bigint"
    assert as_rows(store, "id", "count") == [(1, 7), (2, 3_000_000_000)]
    assert sum(c.rows_quarantined for c in counts) == 0


def test_a_spec_widening_a_column_alters_the_stored_column(etl_spark, iceberg_namespace, tmp_path, drops):
    """The spec's schema says int, then (edited) bigint: the stored column is promoted in place."""
    base = "required_columns: [id, station]\ndeduplication: {primary_key: [id]}\n"
    narrow, wide = (
        make_spec(
            f"{base}schema: {{count: {t}}}\n", name="readings", fmt="{type: json_lines}", suffix=".jsonl"
        )
        for t in ("int", "bigint")
    )
    first, second = drops(
        lines({"id": 1, "ts": "2024-01-01 00:00:00", "station": "A", "count": 7}),
        lines({"id": 2, "ts": "2024-01-02 00:00:00", "station": "B", "count": 3_000_000_000}),
    )
    store = IcebergSilverStore(
        etl_spark, iceberg_namespace, "readings", str(tmp_path / "silver" / "readings")
    )
    run_bronze_to_silver(etl_spark, narrow, [first], store, str(tmp_path / "q"), run_id="n", now=NOW)
    assert store.recorded_types()["count"] == "int"
    later = NOW + dt.timedelta(days=1)
    counts = run_bronze_to_silver(
        etl_spark, wide, [second], store, str(tmp_path / "q"), run_id="w", now=later
    )
    assert store.recorded_types()["count"] == "bigint"
    assert counts.rows_quarantined == 0
    assert as_rows(store, "id", "count") == [(1, 7), (2, 3_000_000_000)]


def test_an_incompatible_change_quarantines_those_rows_as_type_mismatch(
    etl_spark, iceberg_namespace, tmp_path, drops
):
    """bigint -> text: the stored type stays; the text rows are quarantined and the run goes on."""
    first, second = drops(
        lines({"id": 1, "ts": "2024-01-01 00:00:00", "station": "A", "count": 3_000_000_000}),
        lines(
            {"id": 2, "ts": "2024-01-02 00:00:00", "station": "B", "count": "many"},
            {"id": 3, "ts": "2024-01-03 00:00:00", "station": "C", "count": 5},
        ),
    )
    store, counts = run(etl_spark, iceberg_namespace, tmp_path, [[first], [second]])
    assert store.recorded_types()["count"] == "bigint"
    assert counts[1].quarantined_by_reason == {"type_mismatch": 1}
    assert as_rows(store, "id", "count") == [(1, 3_000_000_000), (3, 5)]
    assert counts[1].reconciles


def test_the_same_input_twice_changes_no_row_and_adds_no_data_file(
    etl_spark, iceberg_namespace, tmp_path, drops
):
    (path,) = drops(lines({"id": 1, "ts": "2024-01-01 00:00:00", "station": "A"}))
    store, _ = run(etl_spark, iceberg_namespace, tmp_path, [[path]])
    files = etl_spark.sql(f"SELECT file_path FROM {store.qualified}.files").collect()
    snapshot = store.current_snapshot_id()
    again = run_bronze_to_silver(etl_spark, SPEC, [path], store, str(tmp_path / "q"), run_id="again", now=NOW)
    assert (again.rows_written, again.duplicates_of_silver) == (0, 1)
    assert store.current_snapshot_id() == snapshot
    assert etl_spark.sql(f"SELECT file_path FROM {store.qualified}.files").collect() == files


def test_an_update_is_one_merge_commit_that_rewrites_only_the_touched_month(
    etl_spark, iceberg_namespace, tmp_path, drops
):
    spec_text = "required_columns: [id]\ndeduplication: {primary_key: [id], order_by: version}\n"
    spec = make_spec(spec_text, name="readings", fmt="{type: json_lines}", suffix=".jsonl")
    first, second = drops(
        lines(
            {"id": 1, "ts": "2024-01-01 00:00:00", "version": 1, "v": "a"},
            {"id": 2, "ts": "2024-02-01 00:00:00", "version": 1, "v": "b"},
        ),
        lines({"id": 1, "ts": "2024-01-01 00:00:00", "version": 2, "v": "a2"}),
    )
    store = IcebergSilverStore(
        etl_spark, iceberg_namespace, "readings", str(tmp_path / "silver" / "readings")
    )
    run_bronze_to_silver(etl_spark, spec, [first], store, str(tmp_path / "q"), run_id="one", now=NOW)
    february = etl_spark.sql(
        f"SELECT file_path FROM {store.qualified}.files WHERE partition.month = 2"
    ).collect()
    counts = run_bronze_to_silver(
        etl_spark, spec, [second], store, str(tmp_path / "q"), run_id="two", now=NOW + dt.timedelta(hours=1)
    )
    assert (counts.rows_updated, counts.rows_written) == (1, 1)
    snapshots = etl_spark.sql(
        f"SELECT operation, summary FROM {store.qualified}.snapshots ORDER BY committed_at"
    ).collect()
    assert [s[0] for s in snapshots] == ["append", "overwrite"]
    assert (
        snapshots[1][1]["medallion.run-id"] == "two" and snapshots[1][1]["medallion.partitions"] == "2024-01"
    )
    assert (
        etl_spark.sql(f"SELECT file_path FROM {store.qualified}.files WHERE partition.month = 2").collect()
        == february
    )
    assert sorted((r["id"], r["v"]) for r in store.read().collect()) == [(1, "a2"), (2, "b")]
