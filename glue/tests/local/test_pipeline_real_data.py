"""The local runner end to end on real flights (vega-datasets flights-3m) plus the sales and tweets
samples: it runs the entry scripts themselves (glue/jobs/*.py) through the awsglue stand-in; quarantine
matches the injected bad rows, counts reconcile and are published as metrics, job bookmarks, --source-keys,
partition layout and the catalog, and gold numbers checked against DuckDB over the raw Parquet file."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import logging
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from etl_helpers import read_catalog_table
from medallion_glue.spec.schema import REPO_ROOT
from medallion_local import runner as local_runner
from medallion_local.layout import (
    FLIGHTS_PARQUET,
    layout_flights,
    layout_sales,
    layout_tweets,
    write_manifest,
)

DAYS = 3
ROWS_PER_DAY = 1500
AIRPORTS = Path(__file__).resolve().parents[3] / "datasets" / "dimensions" / "airports.csv"


def run_runner(lake: Path, *extra: str) -> dict:
    """Run the local runner in-process (sharing the test Spark session); return its JSON summary."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = local_runner.main(["--lake-dir", str(lake), "--master", "local[2]", "--quiet", *extra])
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert code == 0, summary
    return summary


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    root = tmp_path_factory.mktemp("lake")
    reports = [
        layout_flights(root, days=DAYS, max_rows_per_day=ROWS_PER_DAY),
        layout_sales(root, days=2, rows_per_file=20),
        layout_tweets(root, files=3, events_per_file=10),
    ]
    write_manifest(root, reports)
    return root


class Records(logging.Handler):
    """Log records of one logger, kept for the assertions."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def gold_script_records() -> Records:
    """Records of the logger only ``glue/jobs/silver_to_gold.py`` itself logs to, during the first run."""
    return Records()


@pytest.fixture(scope="module")
def first_summary(etl_spark, lake, gold_script_records):
    logger = logging.getLogger("silver_to_gold")
    logger.addHandler(gold_script_records)
    try:
        return run_runner(lake)
    finally:
        logger.removeHandler(gold_script_records)


def manifest(lake: Path) -> dict:
    return json.loads((lake / "layout-manifest.json").read_text())


@pytest.mark.parametrize("dataset", ["flights", "sales", "tweets"])
def test_quarantine_and_duplicates_match_the_injected_rows(lake, first_summary, dataset):
    expected = dict(manifest(lake)[dataset]["expected_counts"])
    duplicates = expected.pop("duplicate", 0)
    counts = first_summary["datasets"][dataset]
    assert counts["quarantined_by_reason"] == expected
    assert counts["duplicates_removed"] == duplicates
    assert counts["rows_read"] == manifest(lake)[dataset]["rows"]
    assert (
        counts["rows_read"]
        == counts["rows_written"] + counts["rows_quarantined"] + counts["duplicates_removed"]
    )
    assert counts["reconciled"] is True


def test_flights_quarantine_records_point_at_the_injected_drop(lake, first_summary):
    injected = [i for i in manifest(lake)["flights"]["injected"] if i["fate"] != "duplicate"]
    run_id = first_summary["datasets"]["flights"]["run_id"]
    found = []
    for file in (lake / "quarantine" / "flights" / f"run_id={run_id}").rglob("*.json"):
        found += [json.loads(line) for line in file.read_text().splitlines()]
    assert sorted(Path(r["source_object"]).name for r in found) == sorted(
        Path(i["file"]).name for i in injected
    )
    assert len(found) == 5
    # the job read the drop as an object of the bronze bucket that <lake>/bronze stands for
    bronze_key = Path(injected[0]["file"]).relative_to("bronze").as_posix()
    assert {r["source_object"] for r in found} == {f"s3://local-bronze/{bronze_key}"}


def test_silver_has_one_file_per_partition_and_catalog_entries(lake, first_summary):
    catalog = json.loads((lake / "_catalog" / "catalog.json").read_text())
    entry = catalog["databases"]["silver"]["tables"]["flights"]
    assert entry["format"] == "iceberg" and [p["values"] for p in entry["partitions"]] == [["2001", "1"]]
    (data_file,) = entry["partitions"][0]["files"]
    assert Path(data_file).parent == lake / "silver" / "flights" / "data" / "year=2001" / "month=1"
    assert sorted(catalog["databases"]["silver"]["tables"]) == ["flights", "sales", "tweets"]
    assert sorted(catalog["databases"]["gold"]["tables"]) == [
        "flight_delays_by_origin_month",
        "route_summary",
        "tweets_per_user_day",
        "ventas_diarias_por_tienda",
    ]
    flights = catalog["databases"]["silver"]["tables"]["flights"]
    assert {c["name"]: c["type"] for c in flights["columns"]} == {
        "departure_time": "timestamp",
        "flight_id": "bigint",
        "delay": "bigint",
        "distance": "bigint",
        "origin": "string",
        "destination": "string",
        "_source_object": "string",
        "_ingested_at": "timestamp",
    }


def test_the_runner_runs_the_entry_scripts_that_etl_job_uploads(lake, first_summary, gold_script_records):
    # silver_to_gold.py logs its gold row counts from its own main(): one record per dataset with gold
    assert {record.pathname for record in gold_script_records.records} == {
        str(REPO_ROOT / "glue" / "jobs" / "silver_to_gold.py")
    }
    logged = [json.loads(r.getMessage().removeprefix("gold ")) for r in gold_script_records.records]
    assert {entry["dataset"]: entry["rows"] for entry in logged} == {
        name: first_summary["datasets"][name]["gold"] for name in ("flights", "sales", "tweets")
    }


def test_bronze_to_silver_py_records_each_drop_in_the_object_ledger(lake, first_summary):
    # written by glue/jobs/bronze_to_silver.py after silver committed: one file per run under
    # <lake>/silver/_ledger/<dataset>/ (s3://local-silver/_ledger/...), one line per drop
    # (s3://local-bronze/<key> is <lake>/bronze/<key>) with its size and last-modified time in milliseconds
    (run_file,) = sorted((lake / "silver" / "_ledger" / "flights").glob("*.json"))
    lines = [json.loads(line) for line in run_file.read_text().splitlines()]
    drops = sorted(manifest(lake)["flights"]["files"])
    assert {
        line["object"]: (line["size_bytes"], line["modified_ms"], line["run_id"], line["dataset"])
        for line in lines
    } == {
        f"s3://local-bronze/{Path(f).relative_to('bronze').as_posix()}": (
            (lake / f).stat().st_size,
            (lake / f).stat().st_mtime_ns // 1_000_000,
            run_file.name.removesuffix(".json"),
            "flights",
        )
        for f in drops
    }
    assert len(drops) == DAYS


def test_the_published_metrics_are_the_summary_counts(lake, first_summary):
    lines = [
        json.loads(line)
        for line in (lake / "_glue" / "cloudwatch" / "metrics.jsonl").read_text().splitlines()
    ]
    counts_lines = [line for line in lines if any(m["MetricName"] == "RowsRead" for m in line["MetricData"])]
    # one line per dataset of the run, a dataset without bronze objects (transactions) included
    datasets = sorted(first_summary["datasets"])
    assert {"flights", "sales", "tweets"} <= set(datasets)
    first_run = {line["JOB_NAME"]: line for line in counts_lines[: len(datasets)]}
    assert sorted(first_run) == [f"{name}-bronze-to-silver" for name in datasets]
    for name in ("flights", "sales", "tweets"):
        line = first_run[f"{name}-bronze-to-silver"]
        assert line["Namespace"] == "MedallionLake/ETL"
        totals = {m["MetricName"]: m["Value"] for m in line["MetricData"] if len(m["Dimensions"]) == 1}
        counts = first_summary["datasets"][name]
        assert totals == {
            "RowsRead": manifest(lake)[name]["rows"],
            "RowsWritten": counts["rows_written"],
            "RowsQuarantined": counts["rows_quarantined"],
            "DuplicatesRemoved": counts["duplicates_removed"],
            "ObjectsRead": len(manifest(lake)[name]["files"]),
            "ObjectsQuarantined": 0,
            "QuarantineRatio": round(counts["rows_quarantined"] / manifest(lake)[name]["rows"], 6),
            "RowsHeldBack": 0,
            "QuarantineGuardExceeded": 0,
            "Reconciled": 1,
        }


def raw_flights_slice() -> str:
    """DuckDB SQL: the flights the layout wrote (first ROWS_PER_DAY of each of the first DAYS days),
    straight from the raw Parquet file."""
    return f"""
        WITH numbered AS (
            SELECT *, row_number() OVER (PARTITION BY CAST(date AS DATE) ORDER BY file_row_number) AS n,
                   dense_rank() OVER (ORDER BY CAST(date AS DATE)) AS day_no
            FROM read_parquet('{FLIGHTS_PARQUET}', file_row_number = true)
            WHERE CAST(date AS DATE) < DATE '2001-01-01' + INTERVAL {DAYS + 1} DAY
        )
        SELECT * FROM numbered WHERE n <= {ROWS_PER_DAY} AND day_no <= {{days}}
    """


def gold_rows(etl_spark, lake: Path, table: str, columns: list[str]) -> list[tuple]:
    entry = json.loads((lake / "_catalog" / "catalog.json").read_text())["databases"]["gold"]["tables"][table]
    files = (
        [f for p in entry["partitions"] for f in p["files"]] if entry["partition_keys"] else entry["files"]
    )
    frame = etl_spark.read.parquet(*files)  # the current Iceberg snapshot's data files
    return sorted(tuple(row[c] for c in columns) for row in frame.select(*columns).collect())


def test_gold_delays_by_origin_match_duckdb_on_the_raw_file(etl_spark, lake, first_summary):
    expected = duckdb.sql(
        f"""
        SELECT f.origin, a.name, CAST(month(f.date) AS INTEGER), COUNT(*)::BIGINT,
               ROUND(AVG(f.delay), 2)::DOUBLE, SUM(CASE WHEN f.delay >= 15 THEN 1 ELSE 0 END)::BIGINT,
               CAST(year(f.date) AS INTEGER)
        FROM ({raw_flights_slice().format(days=DAYS)}) f
        LEFT JOIN read_csv('{AIRPORTS}', header = true, all_varchar = true) a ON a.iata = f.origin
        GROUP BY ALL
        """
    ).fetchall()
    columns = ["origin", "origin_name", "month", "flights", "avg_delay_minutes", "delayed_15_flights", "year"]
    assert gold_rows(etl_spark, lake, "flight_delays_by_origin_month", columns) == sorted(expected)
    assert sum(row[3] for row in expected) == DAYS * ROWS_PER_DAY


def test_gold_routes_match_duckdb_on_the_raw_file(etl_spark, lake, first_summary):
    expected = duckdb.sql(
        f"""
        SELECT origin, destination, COUNT(*)::BIGINT, ROUND(AVG(delay), 2)::DOUBLE, MAX(distance)::BIGINT
        FROM ({raw_flights_slice().format(days=DAYS)}) GROUP BY ALL
        """
    ).fetchall()
    columns = ["origin", "destination", "flights", "avg_delay_minutes", "distance_miles"]
    assert gold_rows(etl_spark, lake, "route_summary", columns) == sorted(expected)


def test_gold_sales_match_the_good_rows_of_the_bronze_files(etl_spark, lake, first_summary):
    bad_lines = {(i["file"], i["line"]) for i in manifest(lake)["sales"]["injected"]}
    totals: dict[tuple[str, dt.date], list] = {}
    for relative in manifest(lake)["sales"]["files"]:
        with open(lake / relative, encoding="iso-8859-1", newline="") as handle:
            for line_no, row in enumerate(csv.DictReader(handle, delimiter=";"), start=2):
                if (relative, line_no) in bad_lines:
                    continue
                stamp = row["Fecha"]
                day = (
                    dt.datetime.strptime(stamp, "%d/%m/%Y %H:%M")
                    if "/" in stamp
                    else dt.datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S")
                ).date()
                entry = totals.setdefault((row["Tienda"], day), [0, 0, Decimal(0)])
                entry[0] += 1
                entry[1] += int(row["Cantidad"])
                entry[2] += int(row["Cantidad"]) * Decimal(row["Precio Unitario"])
    expected = sorted((store, day, n, units, amount) for (store, day), (n, units, amount) in totals.items())
    columns = ["tienda", "dia", "lineas", "unidades", "importe"]
    assert gold_rows(etl_spark, lake, "ventas_diarias_por_tienda", columns) == expected


def test_second_run_reads_nothing_new_then_only_the_new_day(etl_spark, lake, first_summary):
    def runner(*extra: str) -> dict:
        return run_runner(lake, *extra)

    idle = runner("--dataset", "flights", "--skip-gold")
    assert (idle["datasets"]["flights"]["objects_read"], idle["datasets"]["flights"]["rows_read"]) == (0, 0)

    new_day = layout_flights(lake, days=1, from_date=dt.date(2001, 1, 4), max_rows_per_day=ROWS_PER_DAY)
    write_manifest(lake, [new_day])
    grown = runner("--dataset", "flights")["datasets"]["flights"]
    assert (grown["objects_read"], grown["rows_read"], grown["rows_inserted"]) == (
        1,
        ROWS_PER_DAY,
        ROWS_PER_DAY,
    )
    assert grown["silver_rows_before"] == DAYS * ROWS_PER_DAY
    assert grown["silver_rows_after"] == (DAYS + 1) * ROWS_PER_DAY
    expected_flights = duckdb.sql(
        f"SELECT COUNT(*) FROM ({raw_flights_slice().format(days=DAYS + 1)})"
    ).fetchall()[0][0]
    gold = read_catalog_table(etl_spark, lake, "gold", "flight_delays_by_origin_month")
    assert gold.groupBy().sum("flights").first()[0] == expected_flights

    replay = runner("--dataset", "flights", "--skip-gold", "--source-keys", str(lake / new_day.files[0]))
    counts = replay["datasets"]["flights"]
    assert (counts["rows_read"], counts["rows_written"], counts["duplicates_of_silver"]) == (
        ROWS_PER_DAY,
        0,
        ROWS_PER_DAY,
    )
    assert read_catalog_table(etl_spark, lake, "silver", "flights").count() == (DAYS + 1) * ROWS_PER_DAY
