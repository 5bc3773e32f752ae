"""Objects that cannot be read as their format are set aside whole; the rest of the batch loads.

Real files: a vega-datasets-like flights CSV (``date,delay,distance,origin,destination``) and cars
JSON, gzip written by Python's gzip module, truncated by cutting its bytes.
"""

from __future__ import annotations

import gzip

import pytest
from etl_helpers import write_file
from medallion_glue.bronze.reader import UnreadableBronzeError, read_bronze, read_bronze_batch
from medallion_glue.quarantine import reasons
from medallion_glue.spec.model import SourceFormat

CORRUPT, SOURCE = "_corrupt_record", "_source_object"
CSV = SourceFormat(type="csv")
FLIGHTS_HEADER = "date,delay,distance,origin,destination"
FLIGHTS = [
    "01010001,14,405,MSY,TPA",
    "01010530,-11,370,LAS,LAX",
    "01011540,5,389,BUR,SMF",
]
EXPECTED = ["date", "delay", "distance", "origin", "destination"]


def flights(tmp_path, name, header=FLIGHTS_HEADER, lines=FLIGHTS):
    return write_file(tmp_path, name, "\n".join([header, *lines]) + "\n")


def uri(path):
    return f"file://{path}"


def rows(frame, *columns):
    return sorted(
        (tuple(row[c] for c in columns) for row in frame.collect()),
        key=lambda t: tuple((v is not None, str(v)) for v in t),
    )


def only(batch):
    """The single unreadable object's (reason, message)."""
    assert len(batch.unreadable) == 1, batch.unreadable
    return batch.unreadable[0].reason, batch.unreadable[0].message


def test_an_empty_object_sorted_first_shapes_nothing(etl_spark, tmp_path):
    empty = write_file(tmp_path, "0000-empty.csv", "")
    good = flights(tmp_path, "0001-good.csv")
    batch = read_bronze_batch(etl_spark, CSV, [empty, good])
    assert batch.frame.columns == [*EXPECTED, CORRUPT, SOURCE]
    assert batch.frame.count() == 3
    (obj,) = batch.unreadable
    assert (obj.source_object, obj.size_bytes, obj.reason, obj.message) == (
        uri(empty),
        0,
        reasons.EMPTY_OBJECT,
        "the object is 0 bytes",
    )


def test_a_header_only_object_has_no_records(etl_spark, tmp_path):
    header_only = flights(tmp_path, "a.csv", lines=[])
    good = flights(tmp_path, "b.csv")
    batch = read_bronze_batch(etl_spark, CSV, [header_only, good])
    assert only(batch) == (
        reasons.NO_RECORDS,
        "the object holds a header (date,delay,distance,origin,destination) and no records",
    )
    assert batch.unreadable[0].size_bytes == len(FLIGHTS_HEADER) + 1
    assert rows(batch.frame, "origin", SOURCE) == [("BUR", uri(good)), ("LAS", uri(good)), ("MSY", uri(good))]


def test_columns_are_matched_by_name_across_objects(etl_spark, tmp_path):
    good = flights(tmp_path, "a.csv")
    reordered = write_file(
        tmp_path, "b.csv", "origin,date,destination,distance,delay\nSEA,01020700,SFO,679,-3\n"
    )
    extra = write_file(tmp_path, "c.csv", FLIGHTS_HEADER + ",carrier\n01030800,0,1000,JFK,ORD,AA\n")
    renamed = write_file(tmp_path, "d.csv", "date,delay,distance,origin,dest\n01040900,7,200,PDX,SEA\n")
    batch = read_bronze_batch(etl_spark, CSV, [good, reordered, extra, renamed], expected_columns=EXPECTED)
    assert batch.unreadable == ()
    assert batch.frame.columns == [*EXPECTED, "carrier", "dest", CORRUPT, SOURCE]
    got = rows(batch.frame, "date", "delay", "distance", "origin", "destination", "carrier", "dest", CORRUPT)
    assert got == [
        ("01010001", "14", "405", "MSY", "TPA", None, None, None),
        ("01010530", "-11", "370", "LAS", "LAX", None, None, None),
        ("01011540", "5", "389", "BUR", "SMF", None, None, None),
        ("01020700", "-3", "679", "SEA", "SFO", None, None, None),
        ("01030800", "0", "1000", "JFK", "ORD", "AA", None, None),
        ("01040900", "7", "200", "PDX", None, None, "SEA", None),
    ]


def test_a_header_sharing_no_column_is_a_header_mismatch(etl_spark, tmp_path):
    good = flights(tmp_path, "a.csv")
    other = write_file(tmp_path, "b.csv", "Name,Miles_per_Gallon\nchevrolet chevelle malibu,18\n")
    batch = read_bronze_batch(etl_spark, CSV, [good, other], expected_columns=EXPECTED)
    assert only(batch) == (
        reasons.HEADER_MISMATCH,
        "header columns Name, Miles_per_Gallon share none with the dataset's columns "
        "date, delay, destination, distance, origin",
    )
    assert batch.frame.columns == [*EXPECTED, CORRUPT, SOURCE]
    # without expected columns the object is read, its columns beside the others
    unchecked = read_bronze_batch(etl_spark, CSV, [good, other])
    assert unchecked.unreadable == ()
    assert unchecked.frame.where("Name IS NOT NULL").count() == 1


def test_header_names_compare_loosely_with_expected_columns(etl_spark, tmp_path):
    spanish = write_file(tmp_path, "v.csv", "Precio Unitario;Año\n4.99;2024\n", encoding="utf-8")
    fmt = SourceFormat(type="csv", delimiter=";")
    batch = read_bronze_batch(etl_spark, fmt, [spanish], expected_columns=["precio_unitario"])
    assert batch.unreadable == ()
    assert rows(batch.frame, "Precio Unitario", "Año") == [("4.99", "2024")]


def test_latin1_bytes_in_a_utf8_dataset_are_bad_encoding(etl_spark, tmp_path):
    good = flights(tmp_path, "a.csv")
    latin1 = write_file(
        tmp_path, "b.csv", "date,delay,distance,origin,destination\n01010001,1,2,Bogotá,X\n", "latin-1"
    )
    batch = read_bronze_batch(etl_spark, CSV, [good, latin1])
    # offset 57: 39 bytes of header line, then "01010001,1,2,Bogot"
    assert only(batch) == (
        reasons.BAD_ENCODING,
        "'utf-8' codec can't decode byte 0xe1 at offset 57 (line 2): invalid continuation byte",
    )
    assert batch.frame.count() == 3


def test_the_same_bytes_read_as_latin1_are_fine(etl_spark, tmp_path):
    latin1 = write_file(tmp_path, "b.csv", "date,origin\n01010001,Bogotá\n", "latin-1")
    batch = read_bronze_batch(etl_spark, SourceFormat(type="csv", encoding="ISO-8859-1"), [latin1])
    assert batch.unreadable == ()
    assert rows(batch.frame, "origin") == [("Bogotá",)]


def gzip_file(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(gzip.compress(text.encode()))
    return str(path)


def test_gzip_objects_are_read_and_a_truncated_one_is_quarantined(etl_spark, tmp_path):
    good = gzip_file(tmp_path, "a.csv.gz", "\n".join([FLIGHTS_HEADER, *FLIGHTS]) + "\n")
    body = "\n".join([FLIGHTS_HEADER, *(f"0101{i:04d},{i},{i},AAA,BBB" for i in range(2000))])
    cut = tmp_path / "b.csv.gz"
    cut.write_bytes(gzip.compress(body.encode())[:-40])
    garbage = tmp_path / "c.csv.gz"
    garbage.write_bytes(b"not gzip at all\n")
    batch = read_bronze_batch(etl_spark, CSV, [good, str(cut), str(garbage)])
    assert [(u.source_object, u.reason, u.message) for u in batch.unreadable] == [
        (
            uri(cut),
            reasons.CORRUPT_GZIP,
            "gzip stream ends before its end-of-stream marker (the object is truncated)",
        ),
        (
            uri(garbage),
            reasons.CORRUPT_GZIP,
            "not a valid gzip stream: Error -3 while decompressing data: incorrect header check",
        ),
    ]
    assert batch.unreadable[0].size_bytes == cut.stat().st_size
    assert rows(batch.frame, "origin", SOURCE) == [("BUR", uri(good)), ("LAS", uri(good)), ("MSY", uri(good))]


def test_json_lines_invalid_throughout_and_empty(etl_spark, tmp_path):
    cars = write_file(
        tmp_path,
        "cars.jsonl",
        '{"Name": "chevrolet chevelle malibu", "Miles_per_Gallon": 18}\n{"Name": "buick skylark 320"}\n',
    )
    broken = write_file(tmp_path, "broken.jsonl", "Name,Miles\nford torino,17\n")
    blank = write_file(tmp_path, "blank.jsonl", "\n  \n")
    batch = read_bronze_batch(etl_spark, SourceFormat(type="json_lines"), [cars, broken, blank])
    assert [(u.source_object, u.reason, u.message) for u in batch.unreadable] == [
        (
            uri(broken),
            reasons.INVALID_JSON,
            "none of 2 record(s) is a JSON object; the first: Expecting value: line 1 column 1 (char 0)",
        ),
        (uri(blank), reasons.NO_RECORDS, "the object holds only blank text"),
    ]
    assert batch.frame.columns == ["Miles_per_Gallon", "Name", CORRUPT, SOURCE]
    assert rows(batch.frame, "Name", "Miles_per_Gallon") == [
        ("buick skylark 320", None),
        ("chevrolet chevelle malibu", "18"),
    ]


def test_an_empty_json_array_has_no_records(etl_spark, tmp_path):
    empty = write_file(tmp_path, "a.json", "[]")
    numbers = write_file(tmp_path, "b.json", "[1, 2]")
    batch = read_bronze_batch(etl_spark, SourceFormat(type="json_array"), [empty, numbers])
    assert [(u.reason, u.message) for u in batch.unreadable] == [
        (reasons.NO_RECORDS, "the object holds no JSON record"),
        (reasons.INVALID_JSON, "none of 2 record(s) is a JSON object; the first: a JSON int, not an object"),
    ]
    assert batch.frame is None


def test_parquet_gets_the_empty_check(etl_spark, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = str(tmp_path / "a.parquet")
    pq.write_table(pa.table({"id": [1, 2]}), path)
    empty = write_file(tmp_path, "b.parquet", "")
    batch = read_bronze_batch(etl_spark, SourceFormat(type="parquet"), [empty, path])
    assert only(batch) == (reasons.EMPTY_OBJECT, "the object is 0 bytes")
    assert sorted(r["id"] for r in batch.frame.collect()) == [1, 2]


def test_read_bronze_refuses_unreadable_objects_naming_them(etl_spark, tmp_path):
    empty = write_file(tmp_path, "dim.csv", "")
    with pytest.raises(UnreadableBronzeError) as caught:
        read_bronze(etl_spark, CSV, [empty])
    assert str(caught.value) == (
        f"1 bronze object(s) cannot be read: {uri(empty)} (0 bytes): empty_object: the object is 0 bytes. "
        "Fix or replace them."
    )


def test_a_byte_order_mark_is_not_part_of_the_first_column_name(etl_spark, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffdate,origin\n01010001,MSY\n".encode())
    batch = read_bronze_batch(etl_spark, CSV, [str(path)], expected_columns=["date"])
    assert batch.frame.columns == ["date", "origin", CORRUPT, SOURCE]
    assert rows(batch.frame, "date", "origin") == [("01010001", "MSY")]


def test_the_probe_limit_is_128_mib_and_larger_objects_skip_content_checks(etl_spark, tmp_path, monkeypatch):
    from medallion_glue.bronze import reader

    assert reader.PROBE_MAX_BYTES == 128 * 1024 * 1024
    latin1 = write_file(tmp_path, "big.csv", "date,origin\n01010001,Bogotá\n", "latin-1")
    monkeypatch.setattr(reader, "PROBE_MAX_BYTES", 10)
    batch = read_bronze_batch(etl_spark, CSV, [latin1], expected_columns=["origin"])
    # not probed: read with the header Spark parses, the bad byte replaced as Spark decodes it
    assert batch.unreadable == ()
    assert rows(batch.frame, "date", "origin") == [("01010001", "Bogot\ufffd")]


def test_docs_quote_the_probe_limit_and_what_happens_above_it():
    from medallion_glue.bronze.reader import PROBE_MAX_BYTES
    from medallion_glue.spec.schema import REPO_ROOT

    text = " ".join((REPO_ROOT / "docs" / "etl.md").read_text(encoding="utf-8").split())
    assert f"`PROBE_MAX_BYTES` (**{PROBE_MAX_BYTES // 2**20} MiB** as stored" in text
    assert "`java.io.EOFException: Unexpected end of input stream`" in text


def test_a_gzip_above_the_probe_limit_is_decompressed_whole_and_a_corrupt_one_quarantined(
    etl_spark, tmp_path, monkeypatch
):
    """Above the limit a ``.gz`` object is decompressed by a Spark job of its own: a truncated one and a
    garbage one are quarantined ``corrupt_gzip`` with the codec's message, a good one loads, and a large
    plain object gets no check."""
    from medallion_glue.bronze import reader

    monkeypatch.setattr(reader, "PROBE_MAX_BYTES", 10)
    body = "\n".join([FLIGHTS_HEADER, *FLIGHTS]).encode() + b"\n"
    good, truncated, garbage = tmp_path / "good.csv.gz", tmp_path / "cut.csv.gz", tmp_path / "junk.csv.gz"
    good.write_bytes(gzip.compress(body))
    truncated.write_bytes(gzip.compress(body * 20)[:60])
    garbage.write_bytes(b"this is not gzip at all, only text\n")
    plain = flights(tmp_path, "plain.csv")
    paths = [str(truncated), str(good), str(garbage), plain]
    batch = read_bronze_batch(etl_spark, CSV, paths, expected_columns=EXPECTED)
    assert [(u.source_object, u.size_bytes, u.reason) for u in batch.unreadable] == [
        (uri(truncated), 60, reasons.CORRUPT_GZIP),
        (uri(garbage), garbage.stat().st_size, reasons.CORRUPT_GZIP),
    ]
    assert batch.unreadable[0].message == "java.io.EOFException: Unexpected end of input stream"
    assert batch.unreadable[1].message.startswith("java.io.IOException: ")
    assert rows(batch.frame, "date", SOURCE) == sorted(
        (line.split(",")[0], uri(p)) for p in (str(good), plain) for line in FLIGHTS
    )


def test_a_corrupt_gzip_above_the_probe_limit_is_quarantined_and_the_run_goes_on(
    etl_spark, iceberg_namespace, tmp_path, monkeypatch
):
    """The run loads the good object beside it and writes the bad one's object line under
    ``reason=corrupt_gzip`` (docs/etl.md, step 2), so the dataset is not stuck on it."""
    import datetime as dt
    import json

    from etl_helpers import make_spec
    from medallion_glue.bronze import reader
    from medallion_glue.runtime.bronze_to_silver import run_bronze_to_silver
    from medallion_glue.silver.store import IcebergSilverStore

    monkeypatch.setattr(reader, "PROBE_MAX_BYTES", 10)
    folder = tmp_path / "b"
    folder.mkdir()
    bad, good = folder / "big.csv.gz", folder / "good.csv.gz"
    bad.write_bytes(gzip.compress(b"id,ts\n" + b"1,2024-01-01 00:00:00\n" * 50)[:40])
    good.write_bytes(gzip.compress(b"id,ts\n7,2024-01-02 03:04:05\n8,2024-01-03 00:00:00\n"))
    store = IcebergSilverStore(etl_spark, iceberg_namespace, "big", str(tmp_path / "silver"))
    counts = run_bronze_to_silver(
        etl_spark,
        make_spec("", name="big", suffix=".csv.gz"),
        [str(bad), str(good)],
        store,
        str(tmp_path / "q"),
        now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    assert (counts.objects_unreadable, counts.rows_written) == (1, 2)
    assert sorted(r.id for r in etl_spark.table(store.qualified).select("id").collect()) == [7, 8]
    (line,) = [
        json.loads(text)
        for file in (tmp_path / "q").rglob("reason=corrupt_gzip/*.json")
        for text in file.read_text().splitlines()
    ]
    assert (line["source_object"], line["size_bytes"], line["record"]) == (uri(bad), 40, None)
    assert line["detail"] == "java.io.EOFException: Unexpected end of input stream"
