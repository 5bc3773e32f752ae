"""A full bronze-to-silver run: reconciliation, idempotent re-runs, updates, partition layout,
quarantine output and catalog registration (local JSON catalog and Spark/Glue catalog)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from etl_helpers import make_spec, write_file
from medallion_glue.errors import JobArgumentError, ReconciliationError, SpecError
from medallion_glue.quarantine import reasons
from medallion_glue.runtime.bronze_to_silver import run_bronze_to_silver
from medallion_glue.runtime.glue_job_support import publish_metrics
from medallion_glue.silver.reconciliation import RunCounts, check_reconciliation, metric_data
from medallion_glue.silver.store import IcebergSilverStore
from medallion_glue.spec.loader import parse_spec
from medallion_local import runner as local_runner
from medallion_local.iceberg_catalog import create_namespaces

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
SPEC = make_spec(
    "required_columns: [store]\nrow_filters: ['qty > 0']\ndeduplication: {primary_key: [id]}\n",
    name="orders",
)
JANUARY = """\
id,ts,store,qty
1,2024-01-05 10:00:00,A,2
2,2024-01-06 10:00:00,B,1
2,2024-01-06 10:00:00,B,1
3,2024-01-07 10:00:00,,4
4,2024-01-08 10:00:00,A,0
"""
FEBRUARY = """\
id,ts,store,qty
5,2024-02-01 08:00:00,A,1
6,2024-02-02 08:00:00,C,7
7,2024-02-30 08:00:00,C,7
8,2024-02-03 08:00:00,"C,7
"""


def local_store(spark, lake: Path, spec=SPEC, compression="zstd") -> IcebergSilverStore:
    """An Iceberg silver table under ``<lake>/silver/`` in a namespace of its own (``silver_<lake>``)."""
    namespace = "silver_" + "".join(c if c.isalnum() else "_" for c in lake.name)
    create_namespaces(spark, [namespace])
    return IcebergSilverStore(
        spark, namespace, spec.silver_table, str(lake / "silver" / spec.silver_table), compression
    )


def data_files(spark, store: IcebergSilverStore) -> dict[str, list[str]]:
    """The table's current data files per partition folder (relative to the table location)."""
    files: dict[str, list[str]] = {}
    for row in spark.sql(f"SELECT file_path FROM {store.qualified}.files ORDER BY file_path").collect():
        path = Path(row[0].removeprefix("file:"))
        relative = str(path.parent.relative_to(Path(store.location)))
        files.setdefault(relative, []).append(str(path))
    return files


def parquet_codec(path: str) -> str:
    return pq.ParquetFile(path).metadata.row_group(0).column(0).compression


@pytest.fixture(scope="module")
def first_run(etl_spark, tmp_path_factory):
    lake = tmp_path_factory.mktemp("lake")
    paths = [
        write_file(lake, "bronze/orders/2024/01/a.csv", JANUARY),
        write_file(lake, "bronze/orders/2024/02/b.csv", FEBRUARY),
    ]
    store = local_store(etl_spark, lake)
    counts = run_bronze_to_silver(
        etl_spark, SPEC, paths, store, str(lake / "quarantine"), run_id="r1", now=NOW
    )
    return lake, paths, store, counts


def test_counts_reconcile(first_run):
    _, _, _, counts = first_run
    assert counts.as_dict() == {
        "dataset": "orders",
        "run_id": "r1",
        "objects_read": 2,
        "rows_read": 9,
        "rows_written": 4,
        "rows_inserted": 4,
        "rows_updated": 0,
        "rows_quarantined": 4,
        "duplicates_removed": 1,
        "duplicates_in_batch": 1,
        "duplicates_of_silver": 0,
        "quarantined_by_reason": {
            reasons.FAILED_FILTER: 1,
            reasons.MALFORMED_RECORD: 1,
            reasons.MISSING_REQUIRED_COLUMN: 1,
            reasons.UNPARSEABLE_TIMESTAMP: 1,
        },
        "partitions_written": ["year=2024/month=1", "year=2024/month=2"],
        "silver_rows_before": 0,
        "silver_rows_after": 4,
        "objects_unreadable": 0,
        "objects_quarantined_by_reason": {},
        "rows_held_back": 0,
        "quarantine_guard_exceeded": False,
        "reconciled": True,
    }


def test_one_compressed_file_per_partition(etl_spark, first_run):
    _, _, store, _ = first_run
    files = data_files(etl_spark, store)
    assert sorted(files) == ["data/year=2024/month=1", "data/year=2024/month=2"]
    assert all(len(names) == 1 and parquet_codec(names[0]) == "ZSTD" for names in files.values())


def test_silver_rows_carry_lineage(etl_spark, first_run):
    lake, paths, _, _ = first_run
    rows = first_run[2].read().orderBy("id").collect()
    assert [(r["id"], r["store"], r["qty"], r["month"]) for r in rows] == [
        (1, "A", 2, 1),
        (2, "B", 1, 1),
        (5, "A", 1, 2),
        (6, "C", 7, 2),
    ]
    assert rows[0]["_source_object"] == f"file://{paths[0]}"
    assert rows[0]["_ingested_at"] == dt.datetime(2026, 1, 2, 3, 4, 5)


def test_quarantine_files_hold_reason_detail_and_source(first_run):
    lake, paths, _, _ = first_run
    run_dir = lake / "quarantine" / "orders" / "run_id=r1"
    reasons_found = sorted(p.name for p in run_dir.iterdir() if p.is_dir())
    assert reasons_found == [
        "reason=failed_filter",
        "reason=malformed_record",
        "reason=missing_required_column",
        "reason=unparseable_timestamp",
    ]
    (line,) = [
        json.loads(text)
        for file in (run_dir / "reason=unparseable_timestamp").glob("*.json")
        for text in file.read_text().splitlines()
    ]
    assert line == {
        "dataset": "orders",
        "run_id": "r1",
        "quarantined_at": "2026-01-02T03:04:05+00:00",
        "source_object": f"file://{paths[1]}",
        "detail": "ts value '2024-02-30 08:00:00' matches none of: yyyy-MM-dd HH:mm:ss",
        "record": '{"id":"7","ts":"2024-02-30 08:00:00","store":"C","qty":"7"}',
    }


def test_the_table_is_an_iceberg_v2_table_partitioned_by_year_and_month(etl_spark, first_run):
    _, _, store, _ = first_run
    assert etl_spark.table(store.qualified).dtypes == [
        ("ts", "timestamp"),
        ("id", "bigint"),
        ("store", "string"),
        ("qty", "bigint"),
        ("_source_object", "string"),
        ("_ingested_at", "timestamp"),
        ("year", "int"),
        ("month", "int"),
    ]
    partitions = etl_spark.sql(f"SELECT partition.year, partition.month FROM {store.qualified}.partitions")
    assert sorted(tuple(r) for r in partitions.collect()) == [(2024, 1), (2024, 2)]
    properties = dict(etl_spark.sql(f"SHOW TBLPROPERTIES {store.qualified}").collect())
    assert properties["format-version"] == "2"
    assert properties["write.parquet.compression-codec"] == "zstd"
    assert properties["write.merge.mode"] == "copy-on-write"
    assert properties["medallion.inferred_columns"] == "id,store,qty"
    assert properties["sort-order"] == "ts ASC NULLS FIRST"


def test_the_run_commits_one_snapshot_with_its_summary(etl_spark, first_run):
    _, paths, store, _ = first_run
    ((operation, summary),) = etl_spark.sql(
        f"SELECT operation, summary FROM {store.qualified}.snapshots"
    ).collect()
    assert operation == "append"
    assert {k: v for k, v in summary.items() if k.startswith("medallion.")} == {
        "medallion.run-id": "r1",
        "medallion.dataset": "orders",
        "medallion.source-objects": "2",
        "medallion.source-bytes": str(sum(Path(p).stat().st_size for p in paths)),
        "medallion.source-keys-sha256": hashlib.sha256("\n".join(sorted(paths)).encode()).hexdigest(),
        "medallion.rows-read": "9",
        "medallion.rows-written": "4",
        "medallion.rows-quarantined": "4",
        "medallion.partitions": "2024-01,2024-02",
    }


def test_rerunning_the_same_input_adds_no_rows(etl_spark, first_run):
    lake, paths, store, _ = first_run
    snapshot, files = store.current_snapshot_id(), data_files(etl_spark, store)
    again = run_bronze_to_silver(
        etl_spark, SPEC, paths, store, str(lake / "quarantine"), run_id="r2", now=NOW
    )
    assert (again.rows_read, again.rows_written, again.duplicates_of_silver, again.duplicates_in_batch) == (
        9,
        0,
        4,
        1,
    )
    assert again.rows_quarantined == 4 and again.reconciles
    assert store.read().count() == 4
    assert store.current_snapshot_id() == snapshot and data_files(etl_spark, store) == files


def test_newer_version_replaces_stored_row_even_across_partitions(etl_spark, tmp_path):
    spec = make_spec("deduplication: {primary_key: [id], order_by: version}\n", name="tw")
    store = local_store(etl_spark, tmp_path, spec)
    quarantine = str(tmp_path / "q")
    v1 = write_file(
        tmp_path, "b/1.csv", "id,ts,version,text\na,2024-01-31 23:00:00,1,first\nb,2024-01-02 00:00:00,1,x\n"
    )
    run_bronze_to_silver(etl_spark, spec, [v1], store, quarantine, now=NOW)
    v2 = write_file(
        tmp_path,
        "b/2.csv",
        "id,ts,version,text\na,2024-02-01 01:00:00,2,edited\nb,2024-01-02 00:00:00,1,same\n",
    )
    later = NOW + dt.timedelta(hours=1)
    counts = run_bronze_to_silver(etl_spark, spec, [v2], store, quarantine, now=later)
    assert (counts.rows_updated, counts.rows_inserted, counts.duplicates_of_silver) == (1, 0, 1)
    assert (counts.rows_written, counts.silver_rows_before, counts.silver_rows_after) == (1, 2, 2)
    assert counts.partitions_written == ("year=2024/month=1", "year=2024/month=2")
    rows = sorted((r["id"], r["text"], r["month"]) for r in store.read().collect())
    assert rows == [("a", "edited", 2), ("b", "x", 1)]


def test_without_primary_key_identical_rows_collapse(etl_spark, tmp_path):
    spec = make_spec(name="nokey")
    store = local_store(etl_spark, tmp_path, spec, compression="snappy")
    path = write_file(
        tmp_path, "b/1.csv", "ts,v\n2024-01-01 00:00:00,1\n2024-01-01 00:00:00,1\n2024-01-01 00:00:00,2\n"
    )
    first = run_bronze_to_silver(etl_spark, spec, [path], store, str(tmp_path / "q"), now=NOW)
    snapshot, files = store.current_snapshot_id(), data_files(etl_spark, store)
    second = run_bronze_to_silver(etl_spark, spec, [path], store, str(tmp_path / "q"), now=NOW)
    assert (first.rows_written, first.duplicates_in_batch) == (2, 1)
    assert (second.rows_written, second.duplicates_of_silver) == (0, 2)
    assert store.read().count() == 2
    assert store.current_snapshot_id() == snapshot and data_files(etl_spark, store) == files
    assert all(parquet_codec(n[0]) == "SNAPPY" for n in files.values())


def test_no_objects_is_a_zero_run(etl_spark, tmp_path):
    counts = run_bronze_to_silver(
        etl_spark, SPEC, [], local_store(etl_spark, tmp_path), str(tmp_path), run_id="e"
    )
    assert (counts.rows_read, counts.objects_read, counts.reconciles) == (0, 0, True)


def test_a_missing_silver_database_fails_before_any_write(etl_spark, tmp_path):
    store = IcebergSilverStore(etl_spark, "no_such_silver_db", "orders", str(tmp_path / "orders"))
    january = write_file(tmp_path, "b/a.csv", JANUARY)
    with pytest.raises(
        JobArgumentError, match="--silver_database: database 'no_such_silver_db' does not exist"
    ):
        run_bronze_to_silver(etl_spark, SPEC, [january], store, str(tmp_path / "q"), run_id="nodb", now=NOW)
    assert not (tmp_path / "q" / "orders" / "run_id=nodb").exists()


class FakeCloudWatch:
    """Records ``put_metric_data`` calls like a boto3 CloudWatch client would receive them."""

    def __init__(self) -> None:
        self.calls: list[dict] = []

    def put_metric_data(self, **kwargs) -> None:
        self.calls.append(kwargs)


def reconciled_metric(cloudwatch: FakeCloudWatch) -> list[float]:
    return [
        d["Value"] for call in cloudwatch.calls for d in call["MetricData"] if d["MetricName"] == "Reconciled"
    ]


def test_lost_quarantine_rows_fail_the_run_after_publishing_reconciled_0(etl_spark, tmp_path, monkeypatch):
    """The quarantine writer drops the malformed row: 9 read, 4 written, 3 found in quarantine."""
    import medallion_glue.runtime.batch_load as batch_load

    real_writer = batch_load.write_quarantine

    def lossy_writer(rejected, root, dataset, run_id, now):
        kept = rejected.where(rejected["reason"] != reasons.MALFORMED_RECORD)
        return real_writer(kept, root, dataset, run_id, now)

    monkeypatch.setattr(batch_load, "write_quarantine", lossy_writer)
    paths = [write_file(tmp_path, "b/a.csv", JANUARY), write_file(tmp_path, "b/b.csv", FEBRUARY)]
    cloudwatch = FakeCloudWatch()
    with pytest.raises(ReconciliationError) as caught:
        run_bronze_to_silver(
            etl_spark,
            SPEC,
            paths,
            local_store(etl_spark, tmp_path),
            str(tmp_path / "q"),
            run_id="lossy",
            now=NOW,
            publish=lambda counts: publish_metrics(cloudwatch, counts),
        )
    assert str(caught.value).startswith(
        "dataset orders run lossy does not reconcile: rows_read=9 != rows_written=4 + rows_quarantined=3 "
        "+ duplicates_removed=1"
    )
    assert reconciled_metric(cloudwatch) == [0]
    sent = {
        d["MetricName"]: d["Value"] for d in cloudwatch.calls[0]["MetricData"] if len(d["Dimensions"]) == 1
    }
    assert (sent["RowsRead"], sent["RowsWritten"], sent["RowsQuarantined"]) == (9, 4, 3)


def lossy_store(monkeypatch, store: IcebergSilverStore, lost: str) -> IcebergSilverStore:
    """``store`` dropping the rows matching ``lost`` while writing."""
    real_write = store.write
    monkeypatch.setattr(
        store,
        "write",
        lambda rows, keys, partitions, summary: real_write(
            rows.where(f"NOT ({lost})"), keys, partitions, summary
        ),
    )
    return store


def test_lost_silver_rows_fail_the_run_and_leave_nothing_behind(etl_spark, tmp_path, monkeypatch):
    """The store drops order 5 while writing: 3 of the 4 accepted rows are found in silver. The run created
    the table, so the table is dropped, and its quarantine output is deleted."""
    store = lossy_store(monkeypatch, local_store(etl_spark, tmp_path), "id = 5")
    paths = [write_file(tmp_path, "b/a.csv", JANUARY), write_file(tmp_path, "b/b.csv", FEBRUARY)]
    with pytest.raises(ReconciliationError, match="rows_read=9 != rows_written=3 \\+ rows_quarantined=4 "):
        run_bronze_to_silver(etl_spark, SPEC, paths, store, str(tmp_path / "q"), run_id="r", now=NOW)
    assert not store.exists()
    assert not (tmp_path / "q" / "orders" / "run_id=r").exists()


def test_a_failed_later_run_rolls_silver_back_to_the_snapshot_before_it(etl_spark, tmp_path, monkeypatch):
    store = local_store(etl_spark, tmp_path)
    january = write_file(tmp_path, "b/a.csv", JANUARY)
    run_bronze_to_silver(etl_spark, SPEC, [january], store, str(tmp_path / "q"), run_id="good", now=NOW)
    before, rows_before = store.current_snapshot_id(), sorted(tuple(r) for r in store.read().collect())
    lossy_store(monkeypatch, store, "id = 6")
    february = write_file(tmp_path, "b/b.csv", FEBRUARY)
    later = NOW + dt.timedelta(hours=1)
    with pytest.raises(ReconciliationError, match="run bad does not reconcile"):
        run_bronze_to_silver(etl_spark, SPEC, [february], store, str(tmp_path / "q"), run_id="bad", now=later)
    assert store.current_snapshot_id() == before
    assert sorted(tuple(r) for r in store.read().collect()) == rows_before
    assert not (tmp_path / "q" / "orders" / "run_id=bad").exists()
    assert (tmp_path / "q" / "orders" / "run_id=good").is_dir()


def test_a_reconciled_run_publishes_reconciled_1(etl_spark, tmp_path):
    cloudwatch = FakeCloudWatch()
    path = write_file(tmp_path, "b/a.csv", JANUARY)
    counts = run_bronze_to_silver(
        etl_spark,
        SPEC,
        [path],
        local_store(etl_spark, tmp_path),
        str(tmp_path / "q"),
        now=NOW,
        publish=lambda c: publish_metrics(cloudwatch, c),
    )
    assert (counts.rows_read, counts.rows_written, counts.rows_quarantined) == (5, 2, 2)
    assert reconciled_metric(cloudwatch) == [1]


def test_counts_that_do_not_add_up_fail_the_run():
    counts = RunCounts("d", "r", 1, 10, 5, 5, 0, 3, 1, 1, 0, {"failed_filter": 3}, (), 0, 5)
    with pytest.raises(ReconciliationError, match="rows_read=10 != rows_written=5 \\+ rows_quarantined=3"):
        check_reconciliation(counts)


def test_metric_data_per_dataset_and_reason():
    counts = RunCounts(
        "flights", "r", 2, 10, 6, 6, 0, 3, 1, 1, 0, {"failed_filter": 2, "type_mismatch": 1}, (), 0, 6
    )
    data = metric_data(counts)
    assert [(d["MetricName"], d["Value"]) for d in data] == [
        ("RowsRead", 10),
        ("RowsWritten", 6),
        ("RowsQuarantined", 3),
        ("DuplicatesRemoved", 1),
        ("ObjectsRead", 2),
        ("ObjectsQuarantined", 0),
        ("QuarantineRatio", 0.3),
        ("RowsHeldBack", 0),
        ("QuarantineGuardExceeded", 0),
        ("Reconciled", 1),
        ("QuarantineGuardExceeded", 0),
        ("ObjectsQuarantined", 0),
        ("RowsQuarantined", 2),
        ("RowsQuarantined", 1),
    ]
    assert data[-1]["Dimensions"] == [
        {"Name": "Dataset", "Value": "flights"},
        {"Name": "Reason", "Value": "type_mismatch"},
    ]


BIRDSTRIKES = (
    Path(__file__).resolve().parents[3] / "node_modules" / "vega-datasets" / "data" / "birdstrikes.csv"
)
#: vega-datasets birdstrikes: 10,000 strikes, 24 of them identical to an earlier row (two strikes of the
#: same aircraft type, airport, day and cost: real repeated events).
BIRDSTRIKES_SPEC = """\
spec_version: 1
name: birdstrikes
bronze: {{prefix: birdstrikes/, suffix: .csv, format: {{type: csv}}}}
silver: {{table: birdstrikes}}
event_time: {{column: flight_date, formats: [yyyy-MM-dd]}}
{extra}"""


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # (rows_written, duplicates_in_batch) of the first run, then of the same object read again.
        ("", ((9976, 24), (0, 24), 9976, 9976)),
        ("deduplication: none\n", ((10000, 0), (10000, 0), 10000, 20000)),
    ],
    ids=["default-whole-row-key", "deduplication-none"],
)
def test_deduplication_none_keeps_identical_rows_of_real_data(etl_spark, tmp_path, extra, expected):
    spec = parse_spec(BIRDSTRIKES_SPEC.format(extra=extra), "datasets/birdstrikes.yaml")
    store = local_store(etl_spark, tmp_path, spec)
    path = [str(BIRDSTRIKES)]
    first = run_bronze_to_silver(etl_spark, spec, path, store, str(tmp_path / "q"), now=NOW)
    after_first = store.read().count()
    second = run_bronze_to_silver(
        etl_spark, spec, path, store, str(tmp_path / "q"), now=NOW + dt.timedelta(hours=1)
    )
    first_written, second_written, silver_after_first, silver_after_second = expected
    assert (first.rows_read, first.rows_quarantined) == (10000, 0)
    assert (first.rows_written, first.duplicates_in_batch) == first_written
    assert (second.rows_written, second.duplicates_in_batch) == second_written
    assert first.duplicates_of_silver == 0
    assert second.duplicates_of_silver == (0 if extra else 9976)
    for counts in (first, second):
        assert counts.rows_read == counts.rows_written + counts.rows_quarantined + counts.duplicates_removed
    assert (after_first, store.read().count()) == (silver_after_first, silver_after_second)


FLIGHTS_2K = (
    Path(__file__).resolve().parents[3] / "node_modules" / "vega-datasets" / "data" / "flights-2k.json"
)
FLIGHTS_SPEC = """\
spec_version: 1
name: flights
bronze: {{prefix: flights/, suffix: .json, format: {{type: json_array}}}}
silver: {{table: flights}}
event_time: {{column: date, formats: ["yyyy/MM/dd HH:mm"]}}
{extra}"""
FLIGHT_COLUMNS = "Columns: date, delay, destination, distance, origin"


def test_a_column_in_no_bronze_object_fails_the_run_before_writing(etl_spark, tmp_path):
    spec = parse_spec(
        FLIGHTS_SPEC.format(
            extra="required_columns: [orgin]\nrow_filters: ['distanse > 0']\n"
            "deduplication: {primary_key: [date, origin], order_by: dlay}\n"
            "column_names: {renames: {Destination: dest}}\n"
        ),
        "datasets/flights.yaml",
    )
    store = local_store(etl_spark, tmp_path, spec)
    with pytest.raises(SpecError) as caught:
        run_bronze_to_silver(etl_spark, spec, [str(FLIGHTS_2K)], store, str(tmp_path / "q"), now=NOW)
    assert str(caught.value).splitlines() == [
        "datasets/flights.yaml: required_columns[0]: column 'orgin' is in no bronze object of this batch. "
        f"Did you mean 'origin'? {FLIGHT_COLUMNS}",
        "datasets/flights.yaml: deduplication.order_by: column 'dlay' is in no bronze object of this batch. "
        f"Did you mean 'delay'? {FLIGHT_COLUMNS}",
        "datasets/flights.yaml: column_names.renames.Destination: column 'Destination' is in no bronze "
        f"object of this batch. Did you mean 'destination'? {FLIGHT_COLUMNS}",
        "datasets/flights.yaml: row_filters[0]: column 'distanse' is in no bronze object of this batch. "
        f"Did you mean 'distance'? {FLIGHT_COLUMNS}",
    ]
    assert sorted(p.name for p in tmp_path.rglob("*")) == []


def test_a_column_only_the_catalog_knows_passes_the_check(etl_spark, tmp_path):
    """A later drop may lack a column silver already holds: it is added as NULL, not a spec typo."""
    spec = parse_spec(FLIGHTS_SPEC.format(extra="schema: {delay: int}\n"), "datasets/flights.yaml")
    store = local_store(etl_spark, tmp_path, spec)
    first = run_bronze_to_silver(etl_spark, spec, [str(FLIGHTS_2K)], store, str(tmp_path / "q"), now=NOW)
    later = write_file(
        tmp_path, "bronze/flights/later.json", '[{"date": "2001/02/01 06:00", "origin": "LAX"}]'
    )
    second = run_bronze_to_silver(
        etl_spark, spec, [later], store, str(tmp_path / "q"), now=NOW + dt.timedelta(hours=1)
    )
    assert (first.rows_written, second.rows_written, second.rows_quarantined) == (2000, 1, 0)
    typo = parse_spec(FLIGHTS_SPEC.format(extra="schema: {dellay: int}\n"), "datasets/flights.yaml")
    with pytest.raises(
        SpecError, match=r"^datasets/flights.yaml: schema.dellay: column 'dellay' is in no bronze"
    ):
        run_bronze_to_silver(etl_spark, typo, [later], store, str(tmp_path / "q"), now=NOW)


def test_a_typo_fails_the_bookmarked_job_without_moving_its_object_ledger(tmp_path, capsys):
    """Through the Glue entry script (local runner, awsglue stand-in): the run fails with the spec's
    message, writes no silver or quarantine file, and writes no object ledger file."""
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "flights.yaml").write_text(FLIGHTS_SPEC.format(extra="required_columns: [orgin]\n"), "utf-8")
    lake = tmp_path / "lake"
    bronze = lake / "bronze" / "flights" / "flights-2k.json"
    bronze.parent.mkdir(parents=True)
    bronze.write_bytes(FLIGHTS_2K.read_bytes())
    code = local_runner.main(
        ["--lake-dir", str(lake), "--datasets-dir", str(specs), "--dataset", "flights"]
        + ["--master", "local[2]", "--quiet", "--skip-gold"]
    )
    assert code == 1
    output = capsys.readouterr()
    assert (
        "required_columns[0]: column 'orgin' is in no bronze object of this batch. Did you mean 'origin'?"
        in (output.out + output.err)
    )
    written = sorted(
        p.relative_to(lake).as_posix()
        for p in lake.rglob("*")
        if p.is_file() and not p.relative_to(lake).as_posix().startswith("_glue/iceberg/")
    )
    # Only the spec the runner uploads as the job's artifact (and the local Iceberg catalog's own SQLite
    # file): no silver, quarantine or object ledger file.
    assert written == [
        "_glue/s3/local-artifacts/flights/specs/flights.yaml",
        "bronze/flights/flights-2k.json",
    ]
