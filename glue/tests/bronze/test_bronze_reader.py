"""Reading every bronze format, keeping malformed records and the source object."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
from etl_helpers import make_spec, write_file
from medallion_glue.bronze.reader import column_path, read_bronze, read_bronze_batch
from medallion_glue.quarantine.unreadable import UnreadableObject
from medallion_glue.spec.model import SourceFormat

CORRUPT, SOURCE = "_corrupt_record", "_source_object"


def ordered(values):
    """``values`` (tuples) sorted with NULLs first."""
    return sorted(values, key=lambda t: tuple((v is not None, str(v)) for v in t))


def rows(frame, *columns):
    """Collected ``columns`` as tuples, sorted with NULLs first."""
    return ordered(tuple(row[c] for c in columns) for row in frame.collect())


def test_csv_with_delimiter_quote_and_latin1_encoding(etl_spark, tmp_path):
    path = write_file(
        tmp_path,
        "ventas.csv",
        "Producto;Precio Unitario;Nota\nJamón;4.99;'a;b'\nCafé;3.45;x\nroto;1\n",
        encoding="iso-8859-1",
    )
    fmt = SourceFormat(type="csv", delimiter=";", quote="'", encoding="ISO-8859-1")
    frame = read_bronze(etl_spark, fmt, [path])
    assert frame.columns == ["Producto", "Precio Unitario", "Nota", CORRUPT, SOURCE]
    assert rows(frame, "Producto", "Precio Unitario", "Nota", CORRUPT) == ordered(
        [
            ("Café", "3.45", "x", None),
            ("Jamón", "4.99", "a;b", None),
            ("roto", "1", None, "roto;1"),
        ]
    )
    assert {row[SOURCE] for row in frame.collect()} == {f"file://{path}"}


ESCAPED = '"say ""hi"", ok"'  # RFC 4180: a quote inside a quoted value is doubled
BACKSLASHED = '"back \\"slash\\" q"'  # backslash-escaped quotes


def test_csv_escape_from_the_spec_reaches_the_spark_reader(etl_spark, tmp_path):
    lines = ["id,ts,note", f"1,2024-01-01 00:00:00,{ESCAPED}", f"2,2024-01-01 00:00:00,{BACKSLASHED}"]
    path = write_file(tmp_path, "e.csv", "\n".join(lines) + "\n")
    default = make_spec()
    backslash = make_spec(fmt="""{type: csv, escape: '\\'}""")
    assert (default.source_format.escape, backslash.source_format.escape) == ('"', "\\")
    # the default (RFC 4180) unescapes doubled quotes; a backslash before a quote is kept as it is
    assert rows(read_bronze(etl_spark, default.source_format, [path]), "id", "note", CORRUPT) == [
        ("1", 'say "hi", ok', None),
        ("2", BACKSLASHED, None),
    ]
    # with escape: '\\', a doubled quote is not unescaped: the RFC 4180 line does not parse and is
    # kept whole as a corrupt record (quarantined as malformed_record)
    assert rows(read_bronze(etl_spark, backslash.source_format, [path]), "id", "note", CORRUPT) == [
        ("1", '"say ""hi""', lines[1]),
        ("2", 'back "slash" q', None),
    ]


def test_csv_without_header_names_columns_by_position(etl_spark, tmp_path):
    path = write_file(tmp_path, "a.csv", "1,x\n2,y\n")
    frame = read_bronze(etl_spark, SourceFormat(type="csv", header=False), [path])
    assert frame.columns[:2] == ["_c0", "_c1"]
    assert rows(frame, "_c0", "_c1") == ordered([("1", "x"), ("2", "y")])


def test_json_lines_keeps_bad_lines_as_corrupt_records(etl_spark, tmp_path):
    path = write_file(tmp_path, "a.jsonl", '{"id": 1, "n": {"x": 2}}\n\n[1]\n{"id":\n{"id": "3"}\n')
    frame = read_bronze(etl_spark, SourceFormat(type="json_lines"), [path])
    # a nested object is its JSON text and, per field, a column named by its dotted path
    assert frame.columns == ["id", "n", "n.x", CORRUPT, SOURCE]
    assert (column_path(frame, "n.x"), column_path(frame, "n")) == (("n", "x"), ("n",))
    assert rows(frame, "id", "n", CORRUPT) == ordered(
        [
            ("1", '{"x":2}', None),
            ("3", None, None),
            (None, None, "[1]"),
            (None, None, '{"id":'),
        ]
    )


def test_json_array_elements_become_records(etl_spark, tmp_path):
    path = write_file(tmp_path, "a.json", '[{"id": 1}, {"id": 2}, 7]')
    frame = read_bronze(etl_spark, SourceFormat(type="json_array"), [path])
    assert rows(frame, "id", CORRUPT) == ordered([("1", None), ("2", None), (None, "7")])


def test_json_path_reads_records_under_the_path(etl_spark, tmp_path):
    good = write_file(tmp_path, "a.json", '{"meta": {"count": 2}, "data": {"items": [{"id": 1}, {"id": 2}]}}')
    missing = write_file(tmp_path, "b.json", '{"meta": {}}')
    batch = read_bronze_batch(
        etl_spark, SourceFormat(type="json_path", path="$.data.items[*]"), [good, missing]
    )
    assert rows(batch.frame, "id", CORRUPT) == ordered([("1", None), ("2", None)])
    # the document without the path is quarantined whole (it used to be one malformed row)
    assert batch.unreadable == (
        UnreadableObject(
            f"file://{missing}", 12, "invalid_json", "no JSON array or object at $.data.items[*]"
        ),
    )


def test_firehose_concatenated_objects(etl_spark, tmp_path):
    path = write_file(tmp_path, "f.json", '{"id":"a","u":{"n":1}}{"id":"b"}{"id":"tr{"id":"c"}\n{"id":"d"}')
    frame = read_bronze(etl_spark, SourceFormat(type="firehose_json"), [path])
    assert rows(frame, "id", "u", CORRUPT) == ordered(
        [
            ("a", '{"n":1}', None),
            ("b", None, None),
            ("c", None, None),
            ("d", None, None),
            (None, None, '{"id":"tr'),
        ]
    )


def test_parquet_keeps_its_types(etl_spark, tmp_path):
    path = str(tmp_path / "a.parquet")
    pq.write_table(pa.table({"id": pa.array([1, 2], pa.int64()), "name": ["x", "y"]}), path)
    frame = read_bronze(etl_spark, SourceFormat(type="parquet"), [path])
    assert dict(frame.dtypes)["id"] == "bigint"
    assert rows(frame, "id", "name", CORRUPT) == ordered([(1, "x", None), (2, "y", None)])
