"""Nested records (issue 14 item 2): dotted paths wherever a spec names a column, ``flatten``, a
``json_path`` below ``[*]``, GeoJSON geometries kept whole. On the real USGS feed vega-datasets ships
(``earthquakes.json``: a GeoJSON FeatureCollection of 1,707 earthquakes of one week in February 2018),
and on small files: a dotted primary key, an element without the inner ``json_path``, Parquet structs."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from etl_helpers import BASE_SPEC, annotated_batch, make_spec
from medallion_glue.errors import SpecError
from medallion_glue.runtime.bronze_to_silver import run_bronze_to_silver
from medallion_glue.silver.nested_columns import is_geometry, silver_source_columns
from medallion_glue.silver.store import IcebergSilverStore
from medallion_glue.spec.column_naming import rewrite_filter
from medallion_glue.spec.loader import parse_spec
from medallion_local.iceberg_catalog import create_namespaces

EARTHQUAKES = (
    Path(__file__).resolve().parents[3] / "node_modules" / "vega-datasets" / "data" / "earthquakes.json"
)
FEATURES = json.loads(EARTHQUAKES.read_text())["features"]


def magnitude(feature: dict) -> float | None:
    return feature["properties"]["mag"]


STRONG = sorted(f["id"] for f in FEATURES if magnitude(f) is not None and magnitude(f) >= 2.5)
WEAK = [f["id"] for f in FEATURES if magnitude(f) is not None and magnitude(f) < 2.5]
NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)

FEATURE_COLLECTION = "{type: json_path, path: '$.features[*]', flatten: %s}"
FLAT_SPEC = """\
required_columns: [id, properties.mag]
row_filters: ['properties.mag >= 2.5']
deduplication: {primary_key: [id], order_by: properties.updated}
column_names: {renames: {properties.mag: magnitude}}
schema: {properties.mag: double}
"""


def spec_of(extra: str, flatten: bool = True, fmt: str | None = None, event: str = "properties.time"):
    """The earthquakes spec: event time ``event`` in epoch milliseconds, ``extra`` YAML appended."""
    base = BASE_SPEC.format(
        name="quakes",
        format=fmt or FEATURE_COLLECTION % str(flatten).lower(),
        suffix=".json",
        formats="[epoch_millis]",
    ).replace("column: ts", f"column: {event}")
    return parse_spec(base + "quarantine: {max_ratio: 1.0}\n" + extra, "datasets/quakes.yaml")


@pytest.fixture(scope="module")
def bronze(tmp_path_factory) -> list[str]:
    target = tmp_path_factory.mktemp("bronze") / "quakes" / "2018" / "02" / "all_week.json"
    target.parent.mkdir(parents=True)
    shutil.copy(EARTHQUAKES, target)
    return [str(target)]


def test_the_spec_keeps_dotted_paths_as_written_and_names_their_silver_columns():
    spec = spec_of(FLAT_SPEC)
    assert spec.event_time.column == "properties_time"
    assert spec.required_columns == ("id", "magnitude")
    assert spec.order_by == "properties_updated"
    assert spec.explicit_schema == {"magnitude": "double"}
    assert spec.filter_expressions == ("`magnitude` >= 2.5",)
    assert spec.written_name("properties_updated") == "properties.updated"
    assert spec.written_name("id") == "id"


def test_flatten_makes_a_column_per_field_keeps_the_geometry_whole_and_filters_on_paths(etl_spark, bronze):
    spec = spec_of(FLAT_SPEC)
    annotated, _ = annotated_batch(etl_spark, spec, bronze)
    accepted = annotated.where("_reject_reason IS NULL")
    columns = set(accepted.columns)
    assert {
        "id",
        "magnitude",
        "properties_time",
        "properties_place",
        "properties_mag_type",
        "geometry",
    } <= columns
    assert (
        "properties" not in columns
        and "geometry_type" not in columns
        and "geometry_coordinates" not in columns
    )
    assert dict(accepted.dtypes)["magnitude"] == "double"
    assert dict(accepted.dtypes)["properties_time"] == "timestamp"
    expected = sorted(
        f["id"] for f in FEATURES if f["properties"]["mag"] is not None and f["properties"]["mag"] >= 2.5
    )
    rows = accepted.orderBy("id").select("id", "magnitude", "geometry", "properties_time").collect()
    assert [r.id for r in rows] == expected
    by_id = {f["id"]: f for f in FEATURES}
    first = rows[0]
    assert first.magnitude == pytest.approx(by_id[first.id]["properties"]["mag"])
    assert json.loads(first.geometry) == by_id[first.id]["geometry"]
    millis = by_id[first.id]["properties"]["time"]
    assert first.properties_time == dt.datetime.fromtimestamp(millis / 1000, dt.UTC).replace(tzinfo=None)
    rejected = annotated.where("_reject_reason = 'failed_filter'").count()
    assert rejected == sum(
        1 for f in FEATURES if f["properties"]["mag"] is not None and f["properties"]["mag"] < 2.5
    )
    assert annotated.where("_reject_reason = 'failed_filter'").first()._reject_detail == (
        "not true: properties.mag >= 2.5"
    )


def test_without_flatten_objects_stay_json_text_and_only_named_paths_become_columns(etl_spark, bronze):
    spec = spec_of("required_columns: [id, properties.mag]\n", flatten=False)
    annotated, _ = annotated_batch(etl_spark, spec, bronze)
    data = [c for c in annotated.columns if not c.startswith("_") and c not in ("year", "month")]
    assert sorted(data) == [
        "geometry",
        "id",
        "properties",
        "properties_mag",
        "properties_time",
        "type",
    ]
    row = annotated.where(f"id = '{FEATURES[0]['id']}'").first()
    assert json.loads(row.properties) == FEATURES[0]["properties"]
    assert annotated.where("_reject_reason IS NULL").count() == sum(
        1 for f in FEATURES if magnitude(f) is not None
    )


def test_a_struct_schema_keeps_the_geometry_a_struct_and_filters_read_its_fields(etl_spark, bronze):
    spec = spec_of(
        "schema: {geometry: 'struct<type:string,coordinates:array<double>>'}\n"
        "row_filters: ['geometry.coordinates[1] > 60']\n"
    )
    assert spec.filter_expressions == ("geometry.coordinates[1] > 60",)
    annotated, _ = annotated_batch(etl_spark, spec, bronze)
    accepted = annotated.where("_reject_reason IS NULL")
    assert dict(accepted.dtypes)["geometry"] == "struct<type:string,coordinates:array<double>>"
    expected = sorted(f["id"] for f in FEATURES if f["geometry"]["coordinates"][1] > 60)
    assert sorted(r.id for r in accepted.select("id").collect()) == expected
    assert len(expected) > 50


def test_a_json_path_below_the_array_makes_each_features_properties_one_record(etl_spark, bronze):
    fmt = "{type: json_path, path: '$.features[*].properties'}"
    spec = spec_of("deduplication: {primary_key: [net, code], order_by: updated}\n", fmt=fmt, event="time")
    annotated, _ = annotated_batch(etl_spark, spec, bronze)
    assert annotated.where("_reject_reason IS NULL").count() == len(FEATURES)
    assert {"mag", "place", "mag_type", "net", "code"} <= set(annotated.columns)
    assert "geometry" not in annotated.columns


def test_a_mistyped_path_fails_the_run_naming_the_path_as_written(etl_spark, bronze, tmp_path):
    spec = spec_of("required_columns: [properties.mgg]\n")
    create_namespaces(etl_spark, ["silver_nested_typo"])
    store = IcebergSilverStore(etl_spark, "silver_nested_typo", "quakes", str(tmp_path / "silver"), "zstd")
    with pytest.raises(SpecError) as caught:
        run_bronze_to_silver(etl_spark, spec, bronze, store, str(tmp_path / "q"), run_id="typo", now=NOW)
    message = str(caught.value)
    assert "required_columns[0]: column 'properties.mgg' is in no bronze object of this batch" in message
    assert "Did you mean 'properties_mag'?" in message


def test_a_full_run_writes_the_flattened_silver_table(etl_spark, bronze, tmp_path):
    spec = spec_of(FLAT_SPEC)
    create_namespaces(etl_spark, ["silver_nested_run"])
    store = IcebergSilverStore(etl_spark, "silver_nested_run", "quakes", str(tmp_path / "silver"), "zstd")
    counts = run_bronze_to_silver(etl_spark, spec, bronze, store, str(tmp_path / "q"), run_id="r1", now=NOW)
    assert counts.rows_read == len(FEATURES)
    assert counts.rows_written == len(STRONG)
    table = etl_spark.table(store.qualified)
    assert table.count() == len(STRONG)
    months = {
        (moment.year, moment.month)
        for f in FEATURES
        if f["id"] in set(STRONG)
        for moment in [dt.datetime.fromtimestamp(f["properties"]["time"] / 1000, dt.UTC)]
    }
    assert sorted({(r.year, r.month) for r in table.select("year", "month").collect()}) == sorted(months)


def test_geometry_is_an_object_with_type_and_coordinates_or_geometries():
    assert is_geometry({"type", "coordinates"})
    assert is_geometry({"type", "geometries", "bbox"})
    assert not is_geometry({"type", "mag"})


def test_silver_source_columns_expand_objects_only_under_flatten():
    paths = {"id": ("id",), "p": ("p",), "p.a": ("p", "a"), "p.b": ("p", "b"), "p.b.c": ("p", "b", "c")}
    flat = spec_of("", fmt="{type: json_lines, flatten: true}", event="id")
    assert silver_source_columns(flat, paths) == ["id", "p.a", "p.b.c"]
    kept = spec_of("", fmt="{type: json_lines}", event="id")
    assert silver_source_columns(kept, paths) == ["id", "p"]


def test_rewrite_filter_leaves_strings_functions_and_lambda_variables_alone():
    resolve = {"p.a": "p_a", "p.b": "renamed"}.__getitem__
    assert rewrite_filter("p.a > 1 and name = 'p.a'", resolve, ()) == "`p_a` > 1 and name = 'p.a'"
    assert (
        rewrite_filter("exists(xs, x -> x.v > 0) or p.b", resolve, ())
        == "exists(xs, x -> x.v > 0) or `renamed`"
    )
    assert rewrite_filter("s.f = 1", resolve, {"s"}) == "s.f = 1"


def write_lines(path: Path, records: list[dict]) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return str(path)


def test_a_dotted_primary_key_merges_on_the_field_inside_the_struct(etl_spark, iceberg_namespace, tmp_path):
    spec = make_spec(
        "deduplication: {primary_key: [properties.code], order_by: ts}\n",
        name="codes",
        fmt="{type: json_lines}",
        suffix=".json",
    )
    assert spec.primary_key == ("properties_code",)
    first = write_lines(
        tmp_path / "b" / "1.json",
        [
            {"properties": {"code": "a", "v": "1"}, "ts": "2024-01-01 00:00:00"},
            {"properties": {"code": "b", "v": "2"}, "ts": "2024-01-01 00:00:00"},
            {"properties": {"code": "a", "v": "3"}, "ts": "2024-01-01 05:00:00"},
        ],
    )
    second = write_lines(
        tmp_path / "b" / "2.json",
        [{"properties": {"code": "b", "v": "4"}, "ts": "2024-01-02 00:00:00"}],
    )
    store = IcebergSilverStore(etl_spark, iceberg_namespace, "codes", str(tmp_path / "silver"))
    run_bronze_to_silver(etl_spark, spec, [first], store, str(tmp_path / "q"), run_id="r1", now=NOW)
    later = NOW + dt.timedelta(hours=1)
    run_bronze_to_silver(etl_spark, spec, [second], store, str(tmp_path / "q"), run_id="r2", now=later)
    table = etl_spark.table(store.qualified)
    merged = sorted((r.properties_code, json.loads(r.properties)["v"]) for r in table.collect())
    assert merged == [("a", "3"), ("b", "4")]


def test_an_element_without_the_inner_json_path_is_quarantined_malformed(etl_spark, tmp_path):
    spec = make_spec(
        "",
        name="inner",
        fmt="{type: json_path, path: '$.features[*].properties'}",
        suffix=".json",
    )
    document = {
        "features": [
            {"properties": {"id": "1", "ts": "2024-01-01 00:00:00"}},
            {"geometry": {"type": "Point"}},
            {"properties": {"id": "2", "ts": "2024-01-02 00:00:00"}},
        ]
    }
    path = tmp_path / "inner" / "doc.json"
    path.parent.mkdir()
    path.write_text(json.dumps(document))
    annotated, _ = annotated_batch(etl_spark, spec, [str(path)])
    accepted = sorted(r.id for r in annotated.where("_reject_reason IS NULL").select("id").collect())
    assert accepted == [1, 2]
    (rejected,) = annotated.where("_reject_reason IS NOT NULL").collect()
    assert rejected._reject_reason == "malformed_record"
    assert rejected._reject_detail == "record could not be parsed as a json_path"
    assert json.loads(rejected._raw_record) == {"geometry": {"type": "Point"}}


def test_a_parquet_source_with_struct_columns_follows_the_nested_rules(etl_spark, tmp_path):
    from pyspark.sql import Row

    folder = tmp_path / "parquet" / "p.parquet"
    etl_spark.createDataFrame(
        [
            Row(id="1", ts="2024-01-01 00:00:00", props=Row(code="x", mag=3.5, where=Row(lat=1.0, lon=2.0))),
            Row(id="2", ts="2024-01-02 00:00:00", props=Row(code="y", mag=1.5, where=Row(lat=3.0, lon=4.0))),
        ]
    ).coalesce(1).write.parquet(str(folder))
    (part,) = [str(p) for p in folder.glob("*.parquet")]
    spec = make_spec(
        "required_columns: [props.mag]\n"
        "row_filters: ['props.mag >= 2']\n"
        "deduplication: {primary_key: [props.code], order_by: ts}\n"
        "column_names: {renames: {props.mag: magnitude}}\n",
        name="pq",
        fmt="{type: parquet}",
        suffix=".parquet",
    )
    annotated, _ = annotated_batch(etl_spark, spec, [part])
    data = sorted(c for c in annotated.columns if not c.startswith("_") and c not in ("year", "month"))
    assert data == ["id", "magnitude", "props", "props_code", "ts"]
    types = dict(annotated.dtypes)
    assert types["magnitude"] == "double"
    assert types["props"] == "struct<code:string,mag:double,where:struct<lat:double,lon:double>>"
    accepted = annotated.where("_reject_reason IS NULL").collect()
    assert [(r.id, r.props_code, r.magnitude, r.props.where.lon) for r in accepted] == [(1, "x", 3.5, 2.0)]
    (rejected,) = annotated.where("_reject_reason IS NOT NULL").collect()
    assert (rejected.id, rejected._reject_reason) == (2, "failed_filter")
