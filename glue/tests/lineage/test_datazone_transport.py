"""The ``datazone`` transport: its job argument (``--lineage_domain``), PostLineageEvent's call shape on a
real boto3 DataZone client under botocore's Stubber (which checks every parameter against the service
model), the event size limit, and refused calls logged and dropped."""

from __future__ import annotations

import json
import logging

import botocore.session
import pytest
from botocore.exceptions import NoRegionError
from botocore.stub import ANY, Stubber
from medallion_glue.errors import JobArgumentError
from medallion_glue.lineage import datasets, transports
from medallion_glue.lineage.run import RunLineage, lineage_events
from medallion_glue.lineage.settings import (
    DATAZONE_DOMAIN_ID,
    DATAZONE_DOMAIN_ID_EXAMPLE,
    DATAZONE_MAX_EVENT_BYTES,
    LineageSettings,
    lineage_settings,
)
from medallion_glue.lineage.transports import datazone_client, datazone_transport, transport_for

DOMAIN = "dzd_4p9n6b2xkzs3ah"
SETTINGS = LineageSettings("datazone", None, "arn:aws:glue:eu-west-1:123456789012", DOMAIN)
#: PostLineageEvent's answer (its ``id`` pattern is ``[a-z0-9]{14}``).
ANSWER = {"id": "a1b2c3d4e5f6g7", "domainId": DOMAIN}


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A region and placeholder credentials for boto3's default session; no request leaves the Stubber."""
    for name, value in {
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)


@pytest.fixture
def stubbed(aws_env, monkeypatch: pytest.MonkeyPatch):
    """The transport's own client (:func:`datazone_client`) under a Stubber; ``made`` counts the clients
    the transport asked for."""
    client = datazone_client()
    made: list[object] = []

    def make() -> object:
        made.append(client)
        return client

    monkeypatch.setattr(transports, "datazone_client", make)
    with Stubber(client) as stubber:
        yield stubber, made
        stubber.assert_no_pending_responses()


def run_event(send=None, event_type: str = "COMPLETE") -> dict:
    sent: list[dict] = []
    run = RunLineage(SETTINGS, "flights-bronze-to-silver", "jr_42", "3.5.6", send=send or sent.append)
    run.read(datasets.location("s3://lake/bronze/flights/2001/01/01.csv"))
    return run.emit(event_type)  # type: ignore[arg-type]


def compact(event: dict) -> bytes:
    return json.dumps(event, separators=(",", ":")).encode("utf-8")


# --- the job argument ----------------------------------------------------------------------------------


def test_the_datazone_transport_reads_the_domain_and_not_the_url():
    options = {
        "lineage_transport": "datazone",
        "lineage_domain": f" {DOMAIN} ",
        "lineage_url": "http://ignored:5000",
        "lineage_catalog": "arn:aws:glue:eu-west-1:123456789012",
    }
    settings = lineage_settings(options)
    assert settings == SETTINGS
    assert settings.destination == f"DataZone domain {DOMAIN}"
    assert lineage_settings({"lineage_transport": "datazone", "lineage_domain": "dzd-a"}).domain_id == "dzd-a"


@pytest.mark.parametrize(
    ("domain", "message"),
    [
        (
            None,
            "--lineage_domain is missing: the datazone transport needs the Amazon DataZone domain id. "
            "Set medallion-lake:etl.lineage.domainId, e.g. dzd_4p9n6b2xkzs3ah.",
        ),
        (
            "  ",
            "--lineage_domain is missing: the datazone transport needs the Amazon DataZone domain id. "
            "Set medallion-lake:etl.lineage.domainId, e.g. dzd_4p9n6b2xkzs3ah.",
        ),
        (
            "4p9n6b2xkzs3ah",
            "--lineage_domain: '4p9n6b2xkzs3ah' is not a DataZone domain id (dzd_ or dzd- then 1 to 36 "
            "letters, digits, _ or -). Set medallion-lake:etl.lineage.domainId to the domain's id, "
            "e.g. dzd_4p9n6b2xkzs3ah.",
        ),
        (
            "dzd_" + "a" * 37,
            f"--lineage_domain: 'dzd_{'a' * 37}' is not a DataZone domain id",
        ),
        ("dzd_abc/def", "--lineage_domain: 'dzd_abc/def' is not a DataZone domain id"),
    ],
)
def test_a_missing_or_malformed_domain_is_refused_naming_the_argument_and_the_fix(domain, message):
    options = {"lineage_transport": "datazone", "lineage_domain": domain}
    with pytest.raises(JobArgumentError) as raised:
        lineage_settings(options)
    assert str(raised.value).startswith(message)


def test_the_domain_pattern_and_size_limit_are_those_of_botocores_datazone_model():
    model = botocore.session.get_session().get_service_model("datazone")
    operation = model.operation_model("PostLineageEvent")
    members = operation.input_shape.members
    assert sorted(members) == ["clientToken", "domainIdentifier", "event"]
    assert members["event"].type_name == "blob"
    assert operation.input_shape.serialization["payload"] == "event"
    assert DATAZONE_DOMAIN_ID.pattern == members["domainIdentifier"].metadata["pattern"]
    assert DATAZONE_MAX_EVENT_BYTES == members["event"].metadata["max"] == 300_000
    assert members["clientToken"].metadata["max"] == 128
    assert DATAZONE_DOMAIN_ID.fullmatch(DATAZONE_DOMAIN_ID_EXAMPLE)


# --- the call ------------------------------------------------------------------------------------------


def test_the_client_times_out_after_5_seconds_and_tries_twice(aws_env):
    config = datazone_client().meta.config
    assert (config.connect_timeout, config.read_timeout) == (5.0, 5.0)
    assert config.retries == {"mode": "standard", "total_max_attempts": 2}


def test_each_event_is_posted_to_the_domain_as_json_bytes_with_a_token_of_its_run_and_type(stubbed):
    stubber, made = stubbed
    event = run_event()
    stubber.add_response(
        "post_lineage_event",
        ANSWER,
        {
            "domainIdentifier": DOMAIN,
            "event": compact(event),
            "clientToken": f"{event['run']['runId']}-COMPLETE",
        },
    )
    transport_for(SETTINGS)(event)
    assert len(made) == 1


def test_a_run_posts_start_then_complete_with_one_client(stubbed):
    stubber, made = stubbed
    run = RunLineage(SETTINGS, "flights-silver-to-gold", None, "3.5.6")
    for event_type in ("START", "COMPLETE"):
        stubber.add_response(
            "post_lineage_event",
            ANSWER,
            {"domainIdentifier": DOMAIN, "event": ANY, "clientToken": f"{run.run_id}-{event_type}"},
        )
    with lineage_events(run):
        pass
    assert len(made) == 1


def test_an_event_of_exactly_the_limit_is_sent_and_one_byte_more_is_not(stubbed, caplog):
    stubber, made = stubbed
    event = run_event()
    event["run"]["facets"]["processing_engine"]["name"] = ""
    padding = DATAZONE_MAX_EVENT_BYTES - len(compact(event))
    event["run"]["facets"]["processing_engine"]["name"] = "s" * padding
    assert len(compact(event)) == DATAZONE_MAX_EVENT_BYTES
    token = f"{event['run']['runId']}-COMPLETE"
    stubber.add_response(
        "post_lineage_event",
        ANSWER,
        {"domainIdentifier": DOMAIN, "event": compact(event), "clientToken": token},
    )
    send = transport_for(SETTINGS)
    send(event)

    event["run"]["facets"]["processing_engine"]["name"] += "s"
    with caplog.at_level(logging.WARNING, logger="medallion_glue.lineage.transports"):
        send(event)
    assert caplog.messages == [
        f"lineage: COMPLETE event not sent to DataZone domain {DOMAIN}: the event is 300001 bytes of JSON, "
        "over PostLineageEvent's limit of 300000 bytes"
    ]
    with pytest.raises(ValueError, match="300001 bytes"):
        datazone_transport(DOMAIN, make_client=lambda: pytest.fail("no client for an event never sent"))(
            event
        )
    assert len(made) == 1


def test_a_refused_call_is_logged_and_dropped_and_the_next_event_still_goes(stubbed, caplog):
    stubber, _ = stubbed
    start, complete = run_event(event_type="START"), run_event()
    stubber.add_client_error(
        "post_lineage_event",
        service_error_code="AccessDeniedException",
        service_message="User is not authorized to perform: datazone:PostLineageEvent",
        http_status_code=403,
    )
    stubber.add_response("post_lineage_event", ANSWER)
    send = transport_for(SETTINGS)
    with caplog.at_level(logging.WARNING, logger="medallion_glue.lineage.transports"):
        assert send(start) is None
        send(complete)
    assert caplog.messages == [
        f"lineage: START event not sent to DataZone domain {DOMAIN}: An error occurred "
        "(AccessDeniedException) when calling the PostLineageEvent operation: "
        "User is not authorized to perform: datazone:PostLineageEvent"
    ]


def test_no_region_is_a_failed_send_not_a_failed_run(monkeypatch, caplog):
    def no_region() -> object:
        raise NoRegionError()

    monkeypatch.setattr(transports, "datazone_client", no_region)
    with caplog.at_level(logging.WARNING, logger="medallion_glue.lineage.transports"):
        transport_for(SETTINGS)(run_event())
    assert caplog.messages == [
        f"lineage: COMPLETE event not sent to DataZone domain {DOMAIN}: You must specify a region."
    ]
