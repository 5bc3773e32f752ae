"""Dataset spec validation: the shipped specs, every option's default, and errors naming file,
field and fix.

Rule problems go through what local tools run (:func:`medallion_local.spec_check.load_specs`: the
validator deploy uses, ``spec/dataset-specs.ts``); the Glue job's own path (:func:`parse_spec`: YAML,
the JSON Schema as a guard, the model with the schema's defaults) is tested directly."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from medallion_glue.errors import SpecError
from medallion_glue.spec.loader import SCHEMA_FIX, load_spec, parse_spec
from medallion_glue.spec.model import SourceFormat
from medallion_glue.spec.schema import REPO_ROOT, load_spec_schema
from medallion_local.spec_check import check_spec_directories, load_specs

DATASETS = REPO_ROOT / "datasets"

MINIMAL = """\
spec_version: 1
name: mini
bronze: {prefix: mini/, suffix: .csv, format: {type: csv}}
silver: {table: mini}
event_time: {column: ts, formats: ["yyyy-MM-dd"]}
"""


def errors_of(text: str, name: str = "datasets/mini.yaml") -> list[str]:
    """The problems local tools report for ``text`` saved as ``name`` (relative to a fresh folder),
    with the dimension files it names in place."""
    with tempfile.TemporaryDirectory() as root, contextlib.chdir(root):
        file = Path(name)
        file.parent.mkdir(parents=True)
        file.write_text(text, encoding="utf-8")
        (file.parent / "dimensions").mkdir()
        for dimension in yaml.safe_load(text).get("dimensions", []):
            (file.parent / "dimensions" / dimension["file"]).write_text("code\nX\n", encoding="utf-8")
        issues = check_spec_directories([file.parent])[file.parent]
    assert issues, f"{name} was accepted"
    return [str(issue) for issue in issues]


def job_errors_of(text: str, name: str = "s3://artifacts/mini-0123abcd4567ef89.yaml") -> list[str]:
    """The problems the Glue job's :func:`parse_spec` reports for ``text``."""
    with pytest.raises(SpecError) as caught:
        parse_spec(text, name)
    return [str(issue) for issue in caught.value.issues]


def test_shipped_specs_load_with_their_options():
    specs = load_specs(DATASETS)
    assert sorted(specs) == ["flights", "sales", "transactions", "tweets"]
    flights, sales, tweets = specs["flights"], specs["sales"], specs["tweets"]
    assert (flights.bronze_prefix, flights.bronze_suffix) == ("flights/", ".csv")
    assert flights.renames == {"date": "departure_time"}
    assert flights.primary_key == ("flight_id",)
    assert [t.name for t in flights.gold_tables] == ["flight_delays_by_origin_month", "route_summary"]
    assert flights.gold_tables[0].partition_by == ("year",)
    assert flights.dimensions[0].name == "airports" and flights.dimensions[0].file == "airports.csv"
    assert sales.source_format.delimiter == ";" and sales.source_format.encoding == "ISO-8859-1"
    assert sales.row_filters == ("cantidad > 0",)
    assert sales.explicit_schema["precio_unitario"] == "decimal(10,2)"
    assert tweets.source_format.type == "firehose_json"
    assert tweets.order_by == "collected_at"
    assert tweets.event_time.formats == ("iso8601", "epoch_millis")


def test_defaults_apply_when_options_are_omitted():
    spec = parse_spec(MINIMAL, "datasets/mini.yaml")
    fmt = spec.source_format
    assert (fmt.header, fmt.delimiter, fmt.quote, fmt.escape, fmt.encoding) == (True, ",", '"', '"', "UTF-8")
    assert SourceFormat(type="csv") == fmt
    assert spec.compression == "zstd"
    assert spec.normalize == "snake_case"
    assert spec.event_time.timezone == "UTC"
    assert (spec.primary_key, spec.order_by, spec.row_filters, spec.gold_tables) == ((), None, (), ())


def test_the_defaults_are_the_schema_default_annotations():
    """One source: change a schema default, regenerate, and the job applies the new value."""
    schema = load_spec_schema()
    csv = schema["$defs"]["csvFormat"]["properties"]
    fmt = parse_spec(MINIMAL, "datasets/mini.yaml").source_format
    assert {k: csv[k]["default"] for k in ("header", "delimiter", "quote", "escape", "encoding")} == {
        "header": fmt.header,
        "delimiter": fmt.delimiter,
        "quote": fmt.quote,
        "escape": fmt.escape,
        "encoding": fmt.encoding,
    }


def test_schema_is_self_contained_and_closes_every_object():
    schema = load_spec_schema()
    text = json.dumps(schema)
    assert '"$ref": "http' not in text
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def objects(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    closed = list(objects(schema))
    assert len(closed) >= 12
    assert all(node.get("additionalProperties") is False for node in closed)


def test_every_format_type_is_accepted():
    for fmt, extra in [
        ("csv", ", header: false, delimiter: '|', quote: \"'\", escape: '\\', encoding: windows-1252"),
        ("json_lines", ""),
        ("json_array", ""),
        ("json_path", ", path: '$.records[*]'"),
        ("firehose_json", ""),
        ("parquet", ""),
    ]:
        text = MINIMAL.replace("{type: csv}", "{type: " + fmt + extra + "}")
        assert parse_spec(text, "datasets/mini.yaml").source_format.type == fmt


def test_typo_in_a_format_option_names_file_field_and_fix():
    text = MINIMAL.replace("{type: csv}", "{type: csv, delimeter: ';'}")
    assert errors_of(text) == [
        "datasets/mini.yaml: bronze.format.delimeter: unknown field. Remove it or fix the spelling; "
        "allowed here: delimiter, encoding, escape, header, quote, type."
    ]


def test_unknown_format_type_lists_the_allowed_types():
    text = MINIMAL.replace("{type: csv}", "{type: xml}")
    assert errors_of(text) == [
        "datasets/mini.yaml: bronze.format.type: unknown or missing format type 'xml'. Set type to one of: "
        "csv, json_lines, json_array, json_path, firehose_json, parquet."
    ]


def test_json_path_without_path_is_rejected():
    text = MINIMAL.replace("{type: csv}", "{type: json_path}")
    assert errors_of(text) == ["datasets/mini.yaml: bronze.format.path: required field is missing. Add path."]


def test_several_problems_are_reported_together():
    text = MINIMAL.replace("{table: mini}", "{table: mini, compression: gzip}").replace(
        'formats: ["yyyy-MM-dd"]', "formats: []"
    )
    assert errors_of(text) == [
        "datasets/mini.yaml: event_time.formats: the list is empty. Add at least 1 item.",
        "datasets/mini.yaml: silver.compression: 'gzip' is not allowed. Use one of: 'snappy', 'zstd'.",
    ]


def test_missing_required_section():
    text = MINIMAL.replace("silver: {table: mini}\n", "")
    assert errors_of(text) == ["datasets/mini.yaml: silver: required field is missing. Add silver."]


def test_bad_prefix_pattern_explains_the_rule():
    (message,) = errors_of(MINIMAL.replace("prefix: mini/", "prefix: mini"))
    assert message.startswith("datasets/mini.yaml: bronze.prefix: 'mini' does not match ")
    assert "ending in '/'" in message


def test_invalid_yaml_names_the_line():
    (message,) = job_errors_of("spec_version: 1\nname: [unclosed\n", "datasets/mini.yaml")
    assert message.startswith("datasets/mini.yaml: (root): not valid YAML at line 3")


def test_the_job_refuses_a_spec_that_breaks_the_schema_in_jsonschema_words():
    text = MINIMAL.replace("column: ts", "column: year").replace(
        "{table: mini}", "{table: mini, compression: gzip}"
    )
    assert job_errors_of(text) == [
        "s3://artifacts/mini-0123abcd4567ef89.yaml: event_time.column: 'year' should not be valid under "
        "{'$ref': '#/$defs/reservedColumn'}. " + SCHEMA_FIX,
        "s3://artifacts/mini-0123abcd4567ef89.yaml: silver.compression: 'gzip' is not one of "
        "['snappy', 'zstd']. " + SCHEMA_FIX,
    ]


def uploaded_spec_name(spec_file: Path) -> str:
    """The object name EtlJob gives ``spec_file`` when it uploads it as an ``artifactArguments``
    file (components/etl-job/etl-job.ts: ``hashedFileName(fileName, contentHash({[fileName]: file}))``),
    computed by the TypeScript code itself; e.g. ``flights-0123abcd4567ef89.yaml``."""
    script = (
        'const { contentHash, hashedFileName } = require("./components/etl-job/content-hash.ts");'
        f"const file = {json.dumps(str(spec_file))};"
        'const name = require("node:path").basename(file);'
        "process.stdout.write(hashedFileName(name, contentHash({ [name]: file })));"
    )
    tsx = REPO_ROOT / "node_modules" / ".bin" / "tsx"
    done = subprocess.run([str(tsx), "-e", script], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.mark.skipif(
    shutil.which("node") is None, reason="needs Node.js to run components/etl-job/content-hash.ts"
)
def test_a_spec_loads_under_the_name_etl_job_uploads_it_as(tmp_path):
    name = uploaded_spec_name(DATASETS / "flights.yaml")
    assert re.fullmatch(r"flights-[0-9a-f]{16}\.yaml", name)
    uploaded = tmp_path / name
    shutil.copyfile(DATASETS / "flights.yaml", uploaded)
    assert load_spec(uploaded).name == "flights"
    # what the Glue entrypoints do: parse the text read from the s3:// URI of the upload
    uri = f"s3://artifacts/etl/flights/args/dataset_spec_uri/{name}"
    assert parse_spec(uploaded.read_text(encoding="utf-8"), uri).name == "flights"


@pytest.mark.parametrize(
    "file_name",
    ["flights-0123abcd4567ef8.yaml", "flights-0123ABCD4567EF89.yaml", "other-0123abcd4567ef89.yaml"],
)
def test_a_datasets_folder_refuses_a_file_not_named_after_its_dataset(tmp_path, file_name):
    """Only the upload carries a hash, and the job does not check its own spec's file name."""
    (message,) = errors_of((DATASETS / "flights.yaml").read_text(encoding="utf-8"), f"datasets/{file_name}")
    assert f"name: 'flights' differs from the file name '{file_name[:-5]}'" in message


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("name: mini", "name: other"),
            "datasets/mini.yaml: name: 'other' differs from the file name 'mini'. "
            "Set name: mini or rename the file to other.yaml.",
        ),
        (
            ("column: ts", "column: year"),
            "datasets/mini.yaml: event_time.column: 'year' is reserved for a column the ETL adds "
            "(year, month, _source_object, _ingested_at, _corrupt_record). "
            "Rename the column, e.g. column_names.renames: {year: source_year}.",
        ),
        (
            ("silver: {table: mini}", "silver: {table: mini}\nschema: {ts: string}"),
            "datasets/mini.yaml: schema.ts: the event-time column always becomes a timestamp parsed with "
            "event_time.formats. Remove 'ts' from schema.",
        ),
        (
            (
                "silver: {table: mini}",
                "silver: {table: mini}\ndeduplication: {primary_key: [id], order_by: id}",
            ),
            "datasets/mini.yaml: deduplication.order_by: 'id' is part of the primary key, so it cannot "
            "order rows of one key. Use a column outside primary_key (e.g. an update timestamp) or remove "
            "order_by.",
        ),
        (
            ("silver: {table: mini}", "silver: {table: mini}\ncolumn_names: {renames: {A: x, B: x}}"),
            "datasets/mini.yaml: column_names.renames.B: renames 'B' and 'A' both to 'x'. "
            "Give each source column its own silver name.",
        ),
        (
            (
                "silver: {table: mini}",
                "silver: {table: mini}\ndimensions: [{name: mini, file: a.csv, format: {type: csv}}]",
            ),
            "datasets/mini.yaml: dimensions[0].name: 'mini' is also the silver table or a gold table. "
            "Give the dimension a name of its own.",
        ),
        (
            ("silver: {table: mini}", "silver: {table: mini}\ngold: {tables: [{name: g}, {name: g}]}"),
            "datasets/mini.yaml: gold.tables[1].name: 'g' appears twice. Remove one.",
        ),
    ],
)
def test_cross_field_rules(change, expected):
    assert errors_of(MINIMAL.replace(*change)) == [expected]


def test_datasets_sharing_a_prefix_or_table_are_rejected(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(MINIMAL.replace("mini", "a").replace("prefix: a/", "prefix: shared/"))
    (tmp_path / "b.yaml").write_text(
        MINIMAL.replace("name: mini", "name: b")
        .replace("prefix: mini/", "prefix: shared/sub/")
        .replace("table: mini", "table: a")
    )
    with pytest.raises(SpecError) as caught:
        load_specs(tmp_path)
    fields = [(Path(i.file).name, i.field) for i in caught.value.issues]
    assert fields == [("b.yaml", "silver.table"), ("b.yaml", "bronze.prefix")]


def test_load_spec_reads_a_file(tmp_path: Path):
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL)
    assert load_spec(path).source_file == str(path)


def test_multi_character_delimiter_is_rejected():
    text = MINIMAL.replace("{type: csv}", "{type: csv, delimiter: ';;'}")
    assert errors_of(text) == [
        "datasets/mini.yaml: bronze.format.delimiter: ';;' has the wrong length. Use exactly 1 character(s)."
    ]


def test_validate_specs_cli_accepts_the_repository_specs(capsys):
    from medallion_local.validate_specs import main

    assert main([str(DATASETS)]) == 0
    assert capsys.readouterr().out == "4 dataset specs valid: flights, sales, transactions, tweets\n"


def test_validate_specs_cli_reports_missing_gold_sql(tmp_path, capsys):
    from medallion_local.validate_specs import main

    (tmp_path / "mini.yaml").write_text(MINIMAL + "gold: {tables: [{name: nowhere}]}\n")
    assert main([str(tmp_path), "--sql-dir", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"{tmp_path / 'mini.yaml'}: gold.tables[0].name: no SQL file {tmp_path / 'nowhere.sql'}. "
        "Add the SQL file or remove the table from the spec.\n"
    )


def test_deduplication_none_keeps_every_row_and_the_default_removes_repeats():
    assert parse_spec(MINIMAL, "datasets/mini.yaml").deduplicate is True
    keyed = parse_spec(MINIMAL + "deduplication: {primary_key: [id]}\n", "datasets/mini.yaml")
    assert (keyed.deduplicate, keyed.primary_key) == (True, ("id",))
    kept = parse_spec(MINIMAL + "deduplication: none\n", "datasets/mini.yaml")
    assert (kept.deduplicate, kept.primary_key, kept.order_by) == (False, (), None)


JOB_SPEC = "s3://artifacts/mini-0123abcd4567ef89.yaml"


def test_a_bad_deduplication_value_is_refused_naming_the_field():
    text = MINIMAL + "deduplication: keep\n"
    assert job_errors_of(text) == [f"{JOB_SPEC}: deduplication: 'keep' is not one of ['none']. {SCHEMA_FIX}"]
    assert errors_of(text) == [
        "datasets/mini.yaml: deduplication: 'keep' is not allowed. Use one of: 'none'."
    ]
    # The object form keeps its own messages: the branch of the value's type is the one judged.
    empty_key = MINIMAL + "deduplication: {primary_key: []}\n"
    assert job_errors_of(empty_key) == [
        f"{JOB_SPEC}: deduplication.primary_key: [] should be non-empty. {SCHEMA_FIX}"
    ]
    assert errors_of(empty_key) == [
        "datasets/mini.yaml: deduplication.primary_key: the list is empty. Add at least 1 item."
    ]
