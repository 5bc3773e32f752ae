"""The Firehose reader on real records: the vega-datasets flights events written as Firehose delivers
them without a delimiter (``{}{}{}``), where Spark's own JSON reader keeps only the first object."""

from __future__ import annotations

import json
from pathlib import Path

from medallion_glue.bronze.reader import read_bronze
from medallion_glue.spec.model import SourceFormat

REPO_ROOT = Path(__file__).resolve().parents[3]
FLIGHTS_2K = REPO_ROOT / "node_modules" / "vega-datasets" / "data" / "flights-2k.json"


def firehose_object(records: list[dict], path: Path) -> str:
    """Writes the records as one Firehose object: compact JSON objects back to back, no separator."""
    path.write_text("".join(json.dumps(r, separators=(",", ":")) for r in records), encoding="utf-8")
    return str(path)


def test_reads_every_concatenated_flight_record(etl_spark, tmp_path):
    records = json.loads(FLIGHTS_2K.read_text(encoding="utf-8"))
    assert len(records) == 2000
    path = firehose_object(records, tmp_path / "flights-firehose-1")

    frame = read_bronze(etl_spark, SourceFormat(type="firehose_json"), [path])
    got = sorted(
        (r["date"], int(r["delay"]), int(r["distance"]), r["origin"], r["destination"])
        for r in frame.select("date", "delay", "distance", "origin", "destination").collect()
    )
    expected = sorted((r["date"], r["delay"], r["distance"], r["origin"], r["destination"]) for r in records)
    assert got == expected
    assert frame.where("_corrupt_record IS NOT NULL").count() == 0


def test_plain_spark_json_reader_sees_only_the_first_object(etl_spark, tmp_path):
    """Why the reader exists: the same file through ``spark.read.json`` yields a single row."""
    records = json.loads(FLIGHTS_2K.read_text(encoding="utf-8"))[:50]
    path = firehose_object(records, tmp_path / "flights-firehose-2")
    assert etl_spark.read.json(path).count() == 1
