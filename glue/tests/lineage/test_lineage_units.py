"""The lineage package piece by piece: job arguments, dataset names, column lineage, events, transports,
the START/COMPLETE/FAIL wrapper, and the OpenLineage model check the other tests rely on (it must be able
to fail)."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from etl_helpers import make_spec
from medallion_glue.errors import JobArgumentError
from medallion_glue.lineage import datasets, versions
from medallion_glue.lineage.events import event_time, glue_run_uuid
from medallion_glue.lineage.facets import DATASET_VERSION_SCHEMA
from medallion_glue.lineage.run import RunLineage, lineage_events
from medallion_glue.lineage.settings import (
    DEFAULT_TRANSPORT,
    PARENT_ARGUMENTS,
    LineageSettings,
    ParentRun,
    lineage_settings,
    parent_run,
)
from medallion_glue.lineage.transports import SENDERS, transport_for
from medallion_glue.runtime.job_arguments import job_arguments, parse_job_arguments
from openlineage_model import InvalidEvent, read_event_lines, validate_run_event


def lineage(send, run_id: str | None = "jr_42") -> RunLineage:
    return RunLineage(LineageSettings(), "flights-bronze-to-silver", run_id, "3.5.6", send=send)


def sample_event() -> dict:
    sent: list[dict] = []
    run = lineage(sent.append)
    run.read(datasets.location("s3://lake/bronze/flights/2001/01/01.csv"))
    run.wrote(datasets.table("s3://lake/silver/flights/", "spark_catalog", "silver", "flights"), 7)
    run.emit("COMPLETE")
    return sent[0]


# --- job arguments -------------------------------------------------------------------------------------


def test_every_job_takes_the_four_optional_lineage_arguments_from_whoever_defines_the_job():
    setters = {"bronze_to_silver": "program", "silver_to_gold": "program", "jdbc_to_bronze": "PostgresSource"}
    for job, setter in setters.items():
        lineage_args = {
            a.name: a
            for a in job_arguments(job)
            if a.name.startswith("lineage_") and a.name not in PARENT_ARGUMENTS
        }
        assert sorted(lineage_args) == [
            "lineage_catalog",
            "lineage_domain",
            "lineage_transport",
            "lineage_url",
        ], job
        kinds = {(a.type, a.required, a.set_by) for a in lineage_args.values()}
        assert kinds == {("string", False, setter)}
        # the contract offers exactly the transports the package implements
        assert lineage_args["lineage_transport"].values == ("off", *SENDERS)


def test_every_job_takes_the_three_parent_arguments_per_run_from_the_trigger_or_an_operator():
    setters = {"bronze_to_silver": "trigger", "silver_to_gold": "operator", "jdbc_to_bronze": "operator"}
    assert PARENT_ARGUMENTS == (
        "lineage_parent_job_namespace",
        "lineage_parent_job_name",
        "lineage_parent_run_id",
    )
    for job, setter in setters.items():
        parent_args = [a for a in job_arguments(job) if a.name.startswith("lineage_parent_")]
        assert tuple(a.name for a in parent_args) == PARENT_ARGUMENTS, job
        assert {(a.type, a.required, a.set_by, a.values) for a in parent_args} == {
            ("string", False, setter, ())
        }


def test_the_job_parser_refuses_a_transport_the_contract_does_not_list():
    options = {
        "JOB_NAME": "j",
        "dataset_spec_uri": "s3://a/s.yaml",
        "gold_sql_uri": "s3://a/sql/",
        "silver_database": "s",
        "gold_database": "g",
        "gold_uri": "s3://g/",
        "lineage_transport": "kafka",
    }
    with pytest.raises(JobArgumentError, match="^--lineage_transport: 'kafka' is not one of off, file, http"):
        parse_job_arguments("silver_to_gold", options)
    parsed = parse_job_arguments("silver_to_gold", {**options, "lineage_transport": "http"})
    assert parsed["lineage_transport"] == "http"


def test_absent_lineage_arguments_mean_off():
    assert DEFAULT_TRANSPORT == "off"
    assert lineage_settings({}) == LineageSettings("off", None, "spark_catalog")
    assert lineage_settings({"lineage_transport": " ", "lineage_url": "x"}).transport == "off"


def test_file_and_http_transports_read_their_url_and_the_catalog():
    assert lineage_settings({"lineage_transport": "file", "lineage_url": "/tmp/e.jsonl"}) == LineageSettings(
        "file", "/tmp/e.jsonl", "spark_catalog"
    )
    options = {
        "lineage_transport": "http",
        "lineage_url": "https://marquez.internal:5000/api/v1/lineage",
        "lineage_catalog": "arn:aws:glue:eu-west-1:123456789012",
    }
    assert lineage_settings(options) == LineageSettings(
        "http", "https://marquez.internal:5000/api/v1/lineage", "arn:aws:glue:eu-west-1:123456789012"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"lineage_transport": "file"}, "--lineage_url is missing: the file transport needs it"),
        (
            {"lineage_transport": "http", "lineage_url": "marquez:5000"},
            "--lineage_url: 'marquez:5000' is not",
        ),
    ],
)
def test_bad_lineage_arguments_are_refused_naming_the_argument(options, message):
    with pytest.raises(JobArgumentError, match="^" + message.replace("(", r"\(")):
        lineage_settings(options)


#: The bronze trigger's parent arguments, as it passes them (a Lambda request id is a version 4 UUID).
TRIGGER_PARENT = {
    "lineage_parent_job_namespace": "aws-lambda",
    "lineage_parent_job_name": "lake-dev-bronze-trigger",
    "lineage_parent_run_id": "0F5E3C2A-9B7D-4E61-8A4F-2D6C1B9E7A30",
}
HTTP = {"lineage_transport": "http", "lineage_url": "http://marquez:5000/api/v1/lineage"}


def test_the_parent_arguments_name_the_parent_run_with_its_uuid_lowercased():
    expected = ParentRun("aws-lambda", "lake-dev-bronze-trigger", "0f5e3c2a-9b7d-4e61-8a4f-2d6c1b9e7a30")
    assert parent_run(TRIGGER_PARENT) == expected
    assert lineage_settings({**HTTP, **TRIGGER_PARENT}).parent == expected
    domain = {"lineage_transport": "datazone", "lineage_domain": "dzd_4p9n6b2xkzs3ah"}
    assert lineage_settings({**domain, **TRIGGER_PARENT}).parent == expected
    file = {"lineage_transport": "file", "lineage_url": "/tmp/e.jsonl"}
    assert lineage_settings({**file, **TRIGGER_PARENT}).parent == expected


def test_without_parent_arguments_there_is_no_parent_run():
    assert parent_run({}) is None
    assert parent_run({name: " " for name in PARENT_ARGUMENTS}) is None
    assert lineage_settings(HTTP).parent is None


def test_with_lineage_off_the_parent_arguments_are_not_read_even_when_bad():
    bad = {**TRIGGER_PARENT, "lineage_parent_run_id": "esm-1", "lineage_parent_job_name": ""}
    assert lineage_settings(bad) == LineageSettings("off", None, "spark_catalog", None, None)
    assert lineage_settings({"lineage_transport": "off", **TRIGGER_PARENT}).parent is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"lineage_parent_run_id": "esm-1"},
            "--lineage_parent_run_id: 'esm-1' is not a UUID (8-4-4-4-12 hexadecimal digits), which "
            "OpenLineage requires of a run id. Pass the parent run's UUID, e.g. "
            "c6af9ac6-7b61-11e6-9a41-93e8deadbeef.",
        ),
        (
            {"lineage_parent_run_id": "{0f5e3c2a-9b7d-4e61-8a4f-2d6c1b9e7a30}"},
            "--lineage_parent_run_id: '{0f5e3c2a-9b7d-4e61-8a4f-2d6c1b9e7a30}' is not a UUID",
        ),
        (
            {"lineage_parent_run_id": "jr_4f1e2d3c"},
            "--lineage_parent_run_id: 'jr_4f1e2d3c' is not a UUID",
        ),
        (
            {"lineage_parent_job_namespace": " "},
            "--lineage_parent_job_namespace is missing: a lineage parent run needs "
            "--lineage_parent_job_namespace, --lineage_parent_job_name, --lineage_parent_run_id together, "
            "and the run has only --lineage_parent_job_name and --lineage_parent_run_id. Pass all three, "
            "or none (the events then name the Glue job run as the parent).",
        ),
        (
            {"lineage_parent_job_namespace": "", "lineage_parent_job_name": ""},
            "--lineage_parent_job_namespace and --lineage_parent_job_name are missing: ",
        ),
    ],
)
def test_bad_parent_arguments_fail_the_run_naming_the_argument(change, message):
    with pytest.raises(JobArgumentError) as error:
        lineage_settings({**HTTP, **TRIGGER_PARENT, **change})
    assert str(error.value).startswith(message)


# --- datasets ------------------------------------------------------------------------------------------


def test_locations_follow_the_openlineage_naming_of_s3_and_local_files():
    assert datasets.location_name("s3://lake/bronze/flights/a.csv") == ("s3://lake", "bronze/flights/a.csv")
    assert datasets.location_name("s3://lake/silver/flights/") == ("s3://lake", "silver/flights")
    assert datasets.location_name("s3://lake") == ("s3://lake", "/")
    assert datasets.location_name("/data/lake/silver/") == ("file", "/data/lake/silver")
    assert datasets.location_name("file:///data/x.csv") == ("file", "/data/x.csv")


def test_a_jdbc_source_is_named_by_its_glue_connection():
    table = datasets.jdbc_table("lake-postgres", "public.random_data")
    assert (table.namespace, table.name) == ("glue-connection://lake-postgres", "public.random_data")


def test_column_lineage_lists_each_rename_from_every_input():
    spec = make_spec("column_names: {renames: {Fecha: ts, Monto: amount}}\n")
    inputs = [datasets.location("s3://b/t/1.csv"), datasets.location("s3://b/t/2.csv")]
    fields = datasets.rename_column_lineage(spec, inputs)["columnLineage"]["fields"]
    assert sorted(fields) == ["amount", "ts"]
    assert [(f["name"], f["field"], f["transformations"]) for f in fields["amount"]["inputFields"]] == [
        ("t/1.csv", "Monto", [{"type": "DIRECT", "subtype": "IDENTITY"}]),
        ("t/2.csv", "Monto", [{"type": "DIRECT", "subtype": "IDENTITY"}]),
    ]
    assert fields["ts"]["inputFields"][0]["transformations"] == [
        {"type": "DIRECT", "subtype": "TRANSFORMATION"}
    ]
    assert datasets.rename_column_lineage(make_spec(), inputs) == {}
    assert datasets.rename_column_lineage(spec, []) == {}


def test_a_snapshot_id_becomes_the_version_facet_as_text_and_none_adds_nothing():
    silver = datasets.table("s3://lake/silver/flights/", "spark_catalog", "silver", "flights")
    version = versions.versioned(silver, 6172839405162738495).facets["version"]
    assert version["datasetVersion"] == "6172839405162738495"
    assert (
        version["_schemaURL"]
        == DATASET_VERSION_SCHEMA
        == (
            "https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json"
            "#/$defs/DatasetVersionDatasetFacet"
        )
    )
    assert sorted(versions.versioned(silver, 6172839405162738495).facets) == ["symlinks", "version"]
    assert versions.versioned(silver, None) == silver


def test_an_event_with_versioned_datasets_fits_the_openlineage_model():
    sent: list[dict] = []
    run = lineage(sent.append)
    silver = datasets.table("s3://lake/silver/flights/", "spark_catalog", "silver", "flights")
    run.read(versions.versioned(silver, 11))
    run.wrote(versions.versioned(datasets.location("s3://lake/gold/route_summary/"), 12), 3)
    run.emit("COMPLETE")
    model = validate_run_event(sent[0])
    assert model.inputs[0].facets["version"].datasetVersion == "11"
    assert model.outputs[0].facets["version"].datasetVersion == "12"


def test_the_model_check_refuses_a_version_that_is_not_text():
    sent: list[dict] = []
    run = lineage(sent.append)
    run.wrote(versions.versioned(datasets.location("s3://lake/silver/flights/"), 12))
    run.emit("COMPLETE")
    sent[0]["outputs"][0]["facets"]["version"]["datasetVersion"] = 12
    with pytest.raises(InvalidEvent, match=r"datasetVersion: expected str, got 12"):
        validate_run_event(sent[0])


def test_a_table_snapshot_is_the_current_one_of_the_snapshots_table_and_none_before_any(etl_spark, tmp_path):
    etl_spark.sql("CREATE NAMESPACE IF NOT EXISTS glue_catalog.lineage_versions")
    etl_spark.sql(
        f"CREATE TABLE glue_catalog.lineage_versions.t (a INT) USING iceberg LOCATION '{tmp_path}/t'"
    )
    assert versions.table_snapshot(etl_spark, "lineage_versions", "missing") is None
    assert versions.table_snapshot(etl_spark, "lineage_versions", "t") is None  # created, nothing written
    snapshots = []
    for value in (1, 2):
        etl_spark.sql(f"INSERT INTO glue_catalog.lineage_versions.t VALUES ({value})")
        latest = etl_spark.sql(
            "SELECT snapshot_id FROM glue_catalog.lineage_versions.t.snapshots ORDER BY committed_at DESC"
        ).first()[0]
        assert versions.table_snapshot(etl_spark, "lineage_versions", "t") == latest
        snapshots.append(latest)
    assert snapshots[0] != snapshots[1]


# --- events --------------------------------------------------------------------------------------------


def test_a_glue_run_id_always_maps_to_the_same_uuid():
    # a changed mapping would break the parent link of every run already reported
    assert glue_run_uuid("jr_0001") == "4580fbff-f293-5961-b7a0-241bfa516d2a"
    assert glue_run_uuid("jr_0001") != glue_run_uuid("jr_0001_attempt_1")


def test_event_times_are_utc_iso_with_milliseconds():
    from datetime import datetime, timedelta, timezone

    moment = datetime(2026, 12, 3, 14, 5, 6, 789123, tzinfo=timezone(timedelta(hours=1)))
    assert event_time(moment) == "2026-12-03T13:05:06.789Z"


def test_a_parent_run_from_the_arguments_replaces_the_glue_run_as_parent_and_root():
    sent: list[dict] = []
    settings = LineageSettings(
        parent=ParentRun("aws-lambda", "lake-dev-bronze-trigger", "0f5e3c2a-9b7d-4e61-8a4f-2d6c1b9e7a30")
    )
    RunLineage(settings, "flights-bronze-to-silver", "jr_42", "3.5.6", send=sent.append).emit("START")
    trigger = {
        "job": {"namespace": "aws-lambda", "name": "lake-dev-bronze-trigger"},
        "run": {"runId": "0f5e3c2a-9b7d-4e61-8a4f-2d6c1b9e7a30"},
    }
    assert sent[0]["run"]["facets"]["parent"] == {
        "_producer": "urn:medallion-lake:medallion_glue.lineage",
        "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet",
        **trigger,
        "root": trigger,
    }
    model = validate_run_event(sent[0])
    assert str(model.run.facets["parent"].run.runId) == "0f5e3c2a-9b7d-4e61-8a4f-2d6c1b9e7a30"


def test_without_a_parent_run_the_glue_run_is_the_parent_and_root():
    sent: list[dict] = []
    lineage(sent.append).emit("START")
    glue_run = {
        "job": {"namespace": "aws-glue", "name": "flights-bronze-to-silver"},
        "run": {"runId": glue_run_uuid("jr_42")},
    }
    parent = sent[0]["run"]["facets"]["parent"]
    assert {k: parent[k] for k in ("job", "run", "root")} == {**glue_run, "root": glue_run}
    validate_run_event(sent[0])


def test_an_event_without_a_glue_run_id_has_no_parent():
    sent: list[dict] = []
    lineage(sent.append, run_id=None).emit("START")
    assert sorted(sent[0]["run"]["facets"]) == ["processing_engine"]
    validate_run_event(sent[0])


# --- the wrapper ---------------------------------------------------------------------------------------


def test_the_wrapper_sends_fail_with_the_error_and_lets_it_propagate():
    sent: list[dict] = []
    with pytest.raises(KeyError), lineage_events(lineage(sent.append)) as run:
        run.read(datasets.location("s3://lake/bronze/t/a.csv"))
        raise KeyError("bronze_uri")
    assert [e["eventType"] for e in sent] == ["START", "FAIL"]
    assert sent[1]["run"]["facets"]["errorMessage"]["message"] == "KeyError: 'bronze_uri'"
    assert [d["name"] for d in sent[1]["inputs"]] == ["bronze/t/a.csv"]
    for event in sent:
        validate_run_event(event)


def test_the_wrapper_sends_complete_with_the_datasets_declared_last():
    sent: list[dict] = []
    silver = datasets.location("s3://lake/silver/t/")
    with lineage_events(lineage(sent.append)) as run:
        run.wrote(silver)
        run.wrote(silver, 12)
    assert [e["eventType"] for e in sent] == ["START", "COMPLETE"]
    assert sent[1]["outputs"] == [silver.as_output(12)]
    assert sent[1]["outputs"][0]["outputFacets"]["outputStatistics"]["rowCount"] == 12


# --- transports ----------------------------------------------------------------------------------------


def test_off_sends_nothing_and_file_appends_one_json_line_per_event(tmp_path: Path):
    assert transport_for(LineageSettings())(sample_event()) is None
    target = tmp_path / "deep" / "events.jsonl"
    send = transport_for(LineageSettings("file", str(target)))
    event = sample_event()
    send(event)
    send(event)
    assert read_event_lines(target) == [event, event]


class _Receiver(BaseHTTPRequestHandler):
    received: list[tuple[str, str, dict]] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, self.headers["Content-Type"], json.loads(body)))
        self.send_response(201)
        self.end_headers()

    def log_message(self, *args):
        return None


@pytest.fixture
def receiver():
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    _Receiver.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_http_posts_each_event_as_json_to_the_endpoint(receiver):
    event = sample_event()
    transport_for(LineageSettings("http", f"{receiver}/api/v1/lineage"))(event)
    assert _Receiver.received == [("/api/v1/lineage", "application/json", event)]


def test_an_unreachable_endpoint_is_logged_and_does_not_fail_the_run(caplog):
    send = transport_for(LineageSettings("http", "http://127.0.0.1:9/api/v1/lineage"))
    with caplog.at_level(logging.WARNING, logger="medallion_glue.lineage.transports"):
        send(sample_event())
    assert "lineage: COMPLETE event not sent to http://127.0.0.1:9/api/v1/lineage" in caplog.text


# --- the OpenLineage model check -----------------------------------------------------------------------


def test_the_model_check_accepts_an_event_and_returns_the_library_model():
    model = validate_run_event(sample_event())
    assert model.outputs[0].outputFacets["outputStatistics"].rowCount == 7
    assert model.outputs[0].facets["symlinks"].identifiers[0].name == "silver.flights"


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda e: e["run"].update(runId="jr_42"), r"\$\.run: Run: badly formed hexadecimal UUID"),
        (lambda e: e.update(eventType="DONE"), r"\$\.eventType: 'DONE' is not a valid EventType"),
        (lambda e: e.update(eventTime="2026-12-03"), r"Parsed date-time has to contain time"),
        (lambda e: e["job"].pop("name"), r"\$\.job: Job: .*name"),
        (lambda e: e["job"].update(owner="me"), r"\$\.job\.owner: not a field of Job"),
        (
            lambda e: e["run"]["facets"].update(nominalTime={}),
            r"facet 'nominalTime' is not one the jobs emit",
        ),
        (
            lambda e: e["run"]["facets"]["processing_engine"].update(_schemaURL="https://x/1-0-0/P.json"),
            r"schema URL https://x/1-0-0/P.json is not ProcessingEngineRunFacet's",
        ),
        (lambda e: e.update(schemaURL="https://openlineage.io/spec/1-0-0/OpenLineage.json"), r"^schemaURL"),
    ],
)
def test_the_model_check_refuses_an_event_the_spec_does_not_allow(spoil, message):
    event = sample_event()
    spoil(event)
    with pytest.raises(InvalidEvent, match=message):
        validate_run_event(event)


def test_the_silver_location_comes_from_the_catalog_and_is_none_for_a_missing_table(etl_spark, tmp_path):
    etl_spark.sql("CREATE NAMESPACE IF NOT EXISTS glue_catalog.lineage_units")
    etl_spark.sql(f"CREATE TABLE glue_catalog.lineage_units.t (a INT) USING iceberg LOCATION '{tmp_path}/t'")
    assert (
        datasets.catalog_table_location(etl_spark, "lineage_units", "t").removeprefix("file:")
        == f"{tmp_path}/t"
    )
    assert datasets.catalog_table_location(etl_spark, "lineage_units", "missing") is None
    assert datasets.catalog_table_location(etl_spark, "no_such_database", "t") is None
