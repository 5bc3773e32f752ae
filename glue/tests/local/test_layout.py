"""Bronze layout from the real flights file, plus the synthetic sales and tweets drops."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from medallion_glue.bronze.json_records import split_concatenated_json
from medallion_glue.quarantine import reasons
from medallion_local.layout import (
    FLIGHTS_PARQUET,
    layout_flights,
    layout_sales,
    layout_tweets,
    write_manifest,
)

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def flights(tmp_path_factory):
    lake = tmp_path_factory.mktemp("lake")
    return lake, layout_flights(lake, days=2, max_rows_per_day=50)


def test_flight_rows_are_the_source_rows_as_csv(flights):
    lake, report = flights
    assert report.files == [
        "bronze/flights/2001/01/01/flights-2001-01-01.csv",
        "bronze/flights/2001/01/02/flights-2001-01-02.csv",
    ]
    lines = (lake / report.files[0]).read_text().splitlines()
    assert lines[0] == "flight_id,date,delay,distance,origin,destination"
    first = pq.read_table(FLIGHTS_PARQUET).slice(0, 2).to_pylist()
    assert lines[1:3] == [
        ",".join(
            [
                str(i + 1),
                f"{r['date']:%Y/%m/%d %H:%M}",
                str(r["delay"]),
                str(r["distance"]),
                r["origin"],
                r["destination"],
            ]
        )
        for i, r in enumerate(first)
    ]
    assert len(lines) == 51


def test_bad_rows_are_injected_into_some_drops_and_listed(flights):
    lake, report = flights
    assert {item["file"] for item in report.injected} == {report.files[1]}
    assert report.expected_counts() == {
        reasons.MALFORMED_RECORD: 1,
        reasons.MISSING_REQUIRED_COLUMN: 1,
        reasons.UNPARSEABLE_TIMESTAMP: 1,
        reasons.TYPE_MISMATCH: 1,
        reasons.FAILED_FILTER: 1,
        "duplicate": 1,
    }
    lines = (lake / report.files[1]).read_text().splitlines()
    assert len(lines) == 1 + 50 + 6 and report.rows == 100 + 6
    by_fate = {item["fate"]: lines[item["line"] - 1] for item in report.injected}
    assert by_fate[reasons.MALFORMED_RECORD].count(",") == 3
    assert " PM," in by_fate[reasons.UNPARSEABLE_TIMESTAMP]
    assert ",15min," in by_fate[reasons.TYPE_MISMATCH]
    assert by_fate[reasons.FAILED_FILTER].split(",")[3] == "0"
    assert by_fate[reasons.MISSING_REQUIRED_COLUMN].split(",")[4] == ""
    duplicate_id = by_fate["duplicate"].split(",")[0]
    assert sum(line.startswith(duplicate_id + ",") for line in lines) == 2


def test_layout_is_deterministic_and_bad_rows_can_be_disabled(flights, tmp_path):
    lake, report = flights
    again = layout_flights(tmp_path, days=2, max_rows_per_day=50)
    assert (tmp_path / again.files[1]).read_bytes() == (lake / report.files[1]).read_bytes()
    clean = layout_flights(
        tmp_path / "clean", days=1, from_date=dt.date(2001, 1, 2), max_rows_per_day=10, bad_rows=False
    )
    assert clean.injected == [] and clean.rows == 10


def test_layout_rejects_bad_requests(tmp_path):
    with pytest.raises(ValueError, match="days must be >= 1, got 0"):
        layout_flights(tmp_path, days=0)
    with pytest.raises(FileNotFoundError, match="run `npm ci` to install the vega-datasets package"):
        layout_flights(tmp_path, source=tmp_path / "missing.parquet")
    with pytest.raises(ValueError, match="no flights on or after 2002-01-01"):
        layout_flights(tmp_path, from_date=dt.date(2002, 1, 1))


def test_sales_drops_are_latin1_semicolon_csv_with_the_seed_filter_cases(tmp_path):
    report = layout_sales(tmp_path, days=1, rows_per_file=20)
    assert len(report.files) == 3
    raw = (tmp_path / report.files[1]).read_bytes()
    text = raw.decode("iso-8859-1")
    assert text.startswith("ID Venta;Fecha;Tienda;Producto;Cantidad;Precio Unitario\n")
    assert any(accented in text for accented in ("Café", "Jamón", "Turrón", "leña"))
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    returns = [i for i in report.injected if i["fate"] == reasons.FAILED_FILTER]
    assert [i["note"] for i in returns] == ["return: cantidad -1", "cantidad 0"]


def test_tweets_are_concatenated_firehose_objects(tmp_path):
    report = layout_tweets(tmp_path, files=3, events_per_file=4)
    assert all(f.endswith(".json.gz") for f in report.files)
    texts = [gzip.decompress((tmp_path / f).read_bytes()).decode("utf-8") for f in report.files]
    assert "}{" in texts[0] and "\n" not in texts[0].strip()
    assert "}\n{" in texts[2]
    records = split_concatenated_json(texts[1])
    assert len(records) == 4 + 6 and report.rows == 3 * 4 + 6
    first = json.loads(records[0])
    assert set(first) == {"id", "text", "lang", "created_at", "collected_at", "user", "public_metrics"}


def test_manifest_accumulates_runs_and_cli_prints_a_summary(tmp_path):
    write_manifest(tmp_path, [layout_sales(tmp_path, days=1, rows_per_file=2)])
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "layout_bronze.py"),
            "--lake-dir",
            str(tmp_path),
            "--dataset",
            "tweets",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(result.stdout)
    assert summary["layout"]["tweets"]["files"] == 6
    manifest = json.loads((tmp_path / "layout-manifest.json").read_text())
    assert sorted(manifest) == ["sales", "tweets"]
    assert manifest["tweets"]["expected_counts"]["duplicate"] == 2


def test_cli_lays_out_the_default_number_of_days(tmp_path, capsys):
    from medallion_local.layout import DEFAULT_FLIGHT_DAYS, main

    assert main(["--lake-dir", str(tmp_path), "--dataset", "flights", "--max-rows-per-day", "2"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert DEFAULT_FLIGHT_DAYS == 7
    assert summary["layout"]["flights"]["files"] == DEFAULT_FLIGHT_DAYS
    assert len(list((tmp_path / "bronze" / "flights").rglob("*.csv"))) == DEFAULT_FLIGHT_DAYS
