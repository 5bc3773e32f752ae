"""snake_case ASCII normalization and renames of source column names."""

from __future__ import annotations

import pytest
from medallion_glue.errors import SpecError
from medallion_glue.silver.column_names import silver_names, silver_names_for_spec, to_snake_case
from medallion_glue.spec.loader import parse_spec


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Precio Unitario", "precio_unitario"),
        ("Año", "ano"),
        ("ID Venta", "id_venta"),
        ("FlightDate", "flight_date"),
        ("HTTPStatusCode", "http_status_code"),
        ("delay (min)", "delay_min"),
        ("  Tienda  ", "tienda"),
        ("2nd leg", "_2nd_leg"),
        ("already_snake", "already_snake"),
        ("Ünïcödé--Name", "unicode_name"),
        ("€", "_"),
    ],
)
def test_to_snake_case(name, expected):
    assert to_snake_case(name) == expected


def test_renames_win_over_normalization():
    assert silver_names(["date", "Delay Minutes"], "snake_case", {"date": "departure_time"}) == {
        "date": "departure_time",
        "Delay Minutes": "delay_minutes",
    }


def test_normalize_none_keeps_source_names():
    assert silver_names(["Mixed Case"], "none", {}) == {"Mixed Case": "Mixed Case"}


def test_collision_names_both_columns():
    with pytest.raises(ValueError, match="source columns 'Fecha' and 'fecha' both become 'fecha'"):
        silver_names(["Fecha", "fecha"], "snake_case", {})


def test_collision_as_spec_error_points_at_renames():
    spec = parse_spec(
        "spec_version: 1\nname: s\nbronze: {prefix: s/, suffix: .csv, format: {type: csv}}\n"
        "silver: {table: s}\nevent_time: {column: ts, formats: [iso8601]}\n",
        "datasets/s.yaml",
    )
    with pytest.raises(SpecError) as caught:
        silver_names_for_spec(spec, ["A B", "a_b"])
    assert str(caught.value) == (
        "datasets/s.yaml: column_names.renames: source columns 'A B' and 'a_b' both become 'a_b'. "
        "Add a rename for one of them under column_names.renames (a nested field by its dotted path, "
        "e.g. properties.mag: magnitude)."
    )


def test_a_nested_path_colliding_with_a_column_says_how_paths_are_joined():
    with pytest.raises(
        ValueError,
        match=r"'properties_mag' and 'properties\.mag' both become 'properties_mag' "
        r"\(a nested field's path joins its parts with '_'\)",
    ):
        silver_names(["properties_mag", "properties.mag"], "snake_case", {})
    assert silver_names(["properties.magType", "id"], "snake_case", {}) == {
        "properties.magType": "properties_mag_type",
        "id": "id",
    }
    assert silver_names(["properties.mag"], "none", {"properties.mag": "magnitude"}) == {
        "properties.mag": "magnitude"
    }
