"""Typing, quarantine reasons, event-time formats and schema inference of bronze rows."""

from __future__ import annotations

import datetime as dt

import pytest
from etl_helpers import annotated_batch, make_spec, write_file
from medallion_glue.errors import SpecError
from medallion_glue.quarantine import reasons
from medallion_glue.silver.transform import accepted_rows, rejected_rows
from medallion_glue.spec.loader import parse_spec
from medallion_glue.spec.spark_checks import check_spec_with_spark

SALES = """\
schema: {cantidad: int, precio: "decimal(10,2)", tienda: string}
required_columns: [tienda]
row_filters: ["cantidad > 0", "precio < 1000"]
deduplication: {primary_key: [id]}
"""

CSV = """\
id,ts,tienda,cantidad,precio
1,2024-01-15 10:00:00,Madrid,2,3.50
2,2024-01-15 11:00:00,Madrid,0,3.50
3,2024-01-15 12:00:00,,1,3.50
4,15/01/2024,Madrid,1,3.50
5,2024-01-15 13:00:00,Madrid,dos,3.50
6,2024-01-15 14:00:00,Madrid,1
7,2024-02-01 09:30:00,Sevilla,1,2000
8,2024-02-01 09:45:00,Sevilla,3,1.25
"""


@pytest.fixture(scope="module")
def sales_batch(etl_spark, tmp_path_factory):
    path = write_file(tmp_path_factory.mktemp("sales"), "a.csv", CSV)
    annotated, plan = annotated_batch(etl_spark, make_spec(SALES), [path])
    return annotated.cache(), plan, path


def test_each_bad_row_gets_its_reason_detail_and_source(sales_batch):
    annotated, _, path = sales_batch
    rejected = {
        row["record"].split(",")[0] if row["reason"] == reasons.MALFORMED_RECORD else row["record"]: row
        for row in rejected_rows(annotated).collect()
    }
    by_reason = sorted((row["reason"], row["detail"]) for row in rejected.values())
    assert by_reason == [
        (reasons.FAILED_FILTER, "not true: cantidad > 0"),
        (reasons.FAILED_FILTER, "not true: precio < 1000"),
        (reasons.MALFORMED_RECORD, "record could not be parsed as a csv"),
        (reasons.MISSING_REQUIRED_COLUMN, "null or blank: tienda"),
        (reasons.TYPE_MISMATCH, "does not cast: cantidad (int)"),
        (reasons.UNPARSEABLE_TIMESTAMP, "ts value '15/01/2024' matches none of: yyyy-MM-dd HH:mm:ss"),
    ]
    assert {row["source_object"] for row in rejected.values()} == {f"file://{path}"}
    malformed = [row for row in rejected.values() if row["reason"] == reasons.MALFORMED_RECORD]
    assert malformed[0]["record"] == "6,2024-01-15 14:00:00,Madrid,1"


def test_quarantined_record_keeps_the_raw_values(sales_batch):
    annotated, _, _ = sales_batch
    mismatch = [r for r in rejected_rows(annotated).collect() if r["reason"] == reasons.TYPE_MISMATCH]
    assert mismatch[0]["record"] == (
        '{"id":"5","ts":"2024-01-15 13:00:00","tienda":"Madrid","cantidad":"dos","precio":"3.50"}'
    )


def test_accepted_rows_are_typed_and_partitioned(sales_batch):
    annotated, plan, _ = sales_batch
    assert plan.types == {"id": "bigint", "tienda": "string", "cantidad": "int", "precio": "decimal(10,2)"}
    assert plan.inferred == ("id",)
    accepted = accepted_rows(annotated)
    assert dict(accepted.dtypes)["ts"] == "timestamp"
    assert dict(accepted.dtypes)["precio"] == "decimal(10,2)"
    rows = sorted(
        (r["id"], r["ts"], r["year"], r["month"], r["cantidad"], str(r["precio"])) for r in accepted.collect()
    )
    assert rows == [
        (1, dt.datetime(2024, 1, 15, 10, 0), 2024, 1, 2, "3.50"),
        (8, dt.datetime(2024, 2, 1, 9, 45), 2024, 2, 3, "1.25"),
    ]


def test_event_time_formats_tokens_and_timezone(etl_spark, tmp_path):
    spec = parse_spec(
        "spec_version: 1\nname: t\nbronze: {prefix: t/, suffix: .json, format: {type: json_lines}}\n"
        "silver: {table: t}\nevent_time: {column: ts, formats: [iso8601, epoch_millis, 'dd/MM/yyyy HH:mm'], "
        "timezone: America/New_York}\n",
        "datasets/t.yaml",
    )
    lines = [
        '{"id": 1, "ts": "2024-03-01T12:00:00Z"}',
        '{"id": 2, "ts": "2024-03-01T12:00:00+02:00"}',
        '{"id": 3, "ts": 1709294400000}',
        '{"id": 4, "ts": "01/03/2024 07:00"}',
        '{"id": 5, "ts": "March 1st"}',
    ]
    path = write_file(tmp_path, "a.json", "\n".join(lines))
    annotated, _ = annotated_batch(etl_spark, spec, [path])
    got = {r["id"]: (r["ts"], r["_reject_reason"]) for r in annotated.collect()}
    assert got == {
        1: (dt.datetime(2024, 3, 1, 12, 0), None),
        2: (dt.datetime(2024, 3, 1, 10, 0), None),
        3: (dt.datetime(2024, 3, 1, 12, 0), None),
        4: (dt.datetime(2024, 3, 1, 12, 0), None),
        5: (None, reasons.UNPARSEABLE_TIMESTAMP),
    }


def test_epoch_seconds_token(etl_spark, tmp_path):
    spec = make_spec(formats="[epoch_seconds]")
    path = write_file(tmp_path, "a.csv", "id,ts\n1,1709294400\n2,1709294400.5\n3,soon\n")
    annotated, _ = annotated_batch(etl_spark, spec, [path])
    got = sorted((r["id"], r["ts"], r["_reject_reason"]) for r in annotated.collect())
    assert got == [
        (1, dt.datetime(2024, 3, 1, 12, 0), None),
        (2, dt.datetime(2024, 3, 1, 12, 0, 0, 500000), None),
        (3, None, reasons.UNPARSEABLE_TIMESTAMP),
    ]


def test_inference_tolerates_a_few_bad_values_and_quarantines_them(etl_spark, tmp_path):
    body = "".join(
        f"{i},2024-01-01 00:00:00,{i * 10},{i}.5,{'true' if i % 2 else 'false'},x{i}\n" for i in range(199)
    )
    path = write_file(
        tmp_path,
        "a.csv",
        "id,ts,delay,ratio,flag,label\n" + body + "199,2024-01-01 00:00:00,n/a,1.5,true,y\n",
    )
    annotated, plan = annotated_batch(etl_spark, make_spec(), [path])
    assert plan.types == {
        "id": "bigint",
        "delay": "bigint",
        "ratio": "double",
        "flag": "boolean",
        "label": "string",
    }
    rejected = rejected_rows(annotated).collect()
    assert [(r["reason"], r["detail"]) for r in rejected] == [
        (reasons.TYPE_MISMATCH, "does not cast: delay (bigint)")
    ]


def test_recorded_types_win_over_inference(etl_spark, tmp_path):
    path = write_file(tmp_path, "a.csv", "id,ts,code\n1,2024-01-01 00:00:00,007\n")
    annotated, plan = annotated_batch(etl_spark, make_spec(), [path], recorded={"code": "string"})
    assert plan.types == {"code": "string", "id": "bigint"}
    assert plan.inferred == ("id",)
    assert annotated.first()["code"] == "007"


def test_missing_referenced_column_quarantines_every_row(etl_spark, tmp_path):
    path = write_file(tmp_path, "a.csv", "id,ts\n1,2024-01-01 00:00:00\n")
    annotated, plan = annotated_batch(etl_spark, make_spec("required_columns: [store]\n"), [path])
    assert plan.missing == ("store",)
    assert [(r["reason"], r["detail"]) for r in rejected_rows(annotated).collect()] == [
        (reasons.MISSING_REQUIRED_COLUMN, "null or blank: store")
    ]


def test_renames_and_normalization_apply_before_checks(etl_spark, tmp_path):
    spec = make_spec("column_names: {renames: {Fecha Venta: ts}}\nrequired_columns: [id_venta]\n")
    path = write_file(tmp_path, "a.csv", "ID Venta,Fecha Venta\nA1,2024-01-01 00:00:00\n")
    annotated, _ = annotated_batch(etl_spark, spec, [path])
    assert annotated.columns[:2] == ["ts", "id_venta"]
    assert annotated.first()["id_venta"] == "A1"


def test_nested_struct_types_from_json(etl_spark, tmp_path):
    spec = make_spec(
        "schema: {user: 'struct<id:string,followers:bigint>'}\n",
        fmt="{type: firehose_json}",
        suffix=".json",
        formats="[iso8601]",
    )
    path = write_file(
        tmp_path,
        "a.json",
        '{"ts":"2024-01-01T00:00:00Z","user":{"id":"u1","followers":5}}{"ts":"2024-01-01T00:00:00Z","user":7}',
    )
    annotated, _ = annotated_batch(etl_spark, spec, [path])
    rows = sorted(annotated.collect(), key=lambda r: r["_reject_reason"] or "")
    assert rows[0]["user"]["followers"] == 5 and rows[0]["_reject_reason"] is None
    assert rows[1]["_reject_reason"] == reasons.TYPE_MISMATCH


def test_spark_checks_report_bad_types_patterns_and_filters(etl_spark):
    spec = make_spec(
        "row_filters: ['amount >', 'missing_col > 1', 'amount']\n", formats="['yyyy-MM-dd', 'qqqq-bb']"
    )
    with pytest.raises(SpecError) as caught:
        check_spec_with_spark(etl_spark, spec, {"amount": "int", "price": "decimall(3,1)"})
    fields = [issue.field for issue in caught.value.issues]
    assert fields == [
        "schema.price",
        "event_time.formats[1]",
        "row_filters[0]",
        "row_filters[1]",
        "row_filters[2]",
    ]
    assert str(caught.value.issues[4]).startswith(
        "datasets/t.yaml: row_filters[2]: 'amount' is not a valid predicate over the silver columns "
        "(it is a int, not a boolean)."
    )
