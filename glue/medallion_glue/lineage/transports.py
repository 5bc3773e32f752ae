"""Sending events: ``off`` drops them, ``file`` appends one JSON line per event, ``http`` POSTs each to the
endpoint (Marquez's ``/api/v1/lineage``, or any OpenLineage HTTP receiver), ``datazone`` posts each to an
Amazon DataZone domain with boto3's SigV4-signed ``PostLineageEvent``.

A transport never fails the job: an event that cannot be sent is logged as a warning and dropped, so
lineage can not turn a good run into a failed one (nor hide a failure).
"""

from __future__ import annotations

import json
import logging
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

import boto3
from botocore.config import Config

from medallion_glue.lineage.settings import DATAZONE_MAX_EVENT_BYTES, LineageSettings

LOG = logging.getLogger(__name__)

#: Seconds an HTTP POST (or a DataZone connection, or its answer) may take before the event is dropped.
HTTP_TIMEOUT_SECONDS: Final = 5.0
#: Attempts of one PostLineageEvent call (botocore's standard retry mode: the first call and one retry of
#: a throttled, 5xx or timed-out call), so one event costs the run at most two timeouts.
DATAZONE_MAX_ATTEMPTS: Final = 2

Send = Callable[[Mapping[str, Any]], None]


def _drop(_event: Mapping[str, Any]) -> None:
    return None


def file_transport(path: str) -> Send:
    """Append each event to ``path`` (``file://`` prefix allowed) as one JSON line; parents are created."""
    target = Path(path.removeprefix("file://"))

    def send(event: Mapping[str, Any]) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as out:
            out.write(json.dumps(event, separators=(",", ":"), sort_keys=True) + "\n")

    return send


def http_transport(url: str, timeout: float = HTTP_TIMEOUT_SECONDS) -> Send:
    """POST each event to ``url`` as ``application/json``; a non-2xx answer raises ``HTTPError``."""

    def send(event: Mapping[str, Any]) -> None:
        request = urllib.request.Request(
            url,
            data=json.dumps(event).encode("utf-8"),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            response.read()

    return send


def datazone_client() -> Any:
    """A DataZone client of boto3's default session (the job's role and region in Glue), with
    :data:`HTTP_TIMEOUT_SECONDS` connect and read timeouts and :data:`DATAZONE_MAX_ATTEMPTS` attempts."""
    config = Config(
        connect_timeout=HTTP_TIMEOUT_SECONDS,
        read_timeout=HTTP_TIMEOUT_SECONDS,
        retries={"mode": "standard", "total_max_attempts": DATAZONE_MAX_ATTEMPTS},
    )
    return boto3.client("datazone", config=config)


def datazone_transport(domain_id: str, make_client: Callable[[], Any] | None = None) -> Send:
    """Post each event to the DataZone domain ``domain_id`` with ``PostLineageEvent``
    (https://docs.aws.amazon.com/datazone/latest/APIReference/API_PostLineageEvent.html):
    ``domainIdentifier`` the domain, ``event`` the event's compact JSON as UTF-8 bytes (the API's ``event``
    is a blob), ``clientToken`` ``<runId>-<eventType>`` (at most 45 printable ASCII characters; the API
    takes 1 to 128), so DataZone records a retried call once.

    Args:
        domain_id: The domain (``dzd_...``), in the job's region.
        make_client: Makes the boto3 DataZone client, on the first event (so a missing region or
            credentials is a failed send, logged, not a failed run). @default :func:`datazone_client`, looked
            up when the first event is sent

    The returned function raises (and :func:`transport_for`'s wrapper logs and drops the event):
        ValueError: the event's JSON is over :data:`~medallion_glue.lineage.settings.DATAZONE_MAX_EVENT_BYTES`
            bytes; it is not sent.
        botocore.exceptions.ClientError: DataZone refused the event (``AccessDeniedException``,
            ``ValidationException``...).
    """
    clients: list[Any] = []

    def send(event: Mapping[str, Any]) -> None:
        body = json.dumps(event, separators=(",", ":")).encode("utf-8")
        if len(body) > DATAZONE_MAX_EVENT_BYTES:
            raise ValueError(
                f"the event is {len(body)} bytes of JSON, over PostLineageEvent's limit of "
                f"{DATAZONE_MAX_EVENT_BYTES} bytes"
            )
        if not clients:
            clients.append((make_client or datazone_client)())
        clients[0].post_lineage_event(
            domainIdentifier=domain_id,
            event=body,
            clientToken=f"{event['run']['runId']}-{event['eventType']}",
        )

    return send


#: The transports that send, by ``--lineage_transport`` value (``off`` sends nothing); each takes its
#: destination: the URL (``file``, ``http``) or the domain id (``datazone``).
SENDERS: Final[Mapping[str, Callable[[str], Send]]] = {
    "file": file_transport,
    "http": http_transport,
    "datazone": datazone_transport,
}


def transport_for(settings: LineageSettings) -> Send:
    """The settings' transport, wrapped so a failed send is logged and dropped.

    ``off``, or a transport without its URL or domain id, sends nothing.

    Raises:
        KeyError: ``settings.transport`` is neither ``off`` nor one of :data:`SENDERS`.
    """
    if settings.transport == "off":
        return _drop
    target = settings.domain_id if settings.transport == "datazone" else settings.url
    if target is None:
        return _drop
    send = SENDERS[settings.transport](target)

    def guarded(event: Mapping[str, Any]) -> None:
        try:
            send(event)
        except Exception as exc:  # noqa: BLE001 - lineage must not fail the run
            LOG.warning(
                "lineage: %s event not sent to %s: %s", event.get("eventType"), settings.destination, exc
            )

    return guarded
