"""Sending events: ``off`` drops them, ``file`` appends one JSON line per event, ``http`` POSTs each to the
endpoint (Marquez's ``/api/v1/lineage``, or any OpenLineage HTTP receiver).

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

from medallion_glue.lineage.settings import LineageSettings

LOG = logging.getLogger(__name__)

#: Seconds an HTTP POST may take before the event is dropped.
HTTP_TIMEOUT_SECONDS: Final = 5.0

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


#: The transports that send, by ``--lineage_transport`` value (``off`` sends nothing).
SENDERS: Final[Mapping[str, Callable[[str], Send]]] = {"file": file_transport, "http": http_transport}


def transport_for(settings: LineageSettings) -> Send:
    """The settings' transport, wrapped so a failed send is logged and dropped.

    Raises:
        KeyError: ``settings.transport`` is neither ``off`` nor one of :data:`SENDERS`.
    """
    if settings.transport == "off" or settings.url is None:
        return _drop
    send = SENDERS[settings.transport](settings.url)

    def guarded(event: Mapping[str, Any]) -> None:
        try:
            send(event)
        except Exception as exc:  # noqa: BLE001 - lineage must not fail the run
            LOG.warning("lineage: %s event not sent to %s: %s", event.get("eventType"), settings.url, exc)

    return guarded
