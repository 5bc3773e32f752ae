"""Offline CloudWatch for the entry scripts: ``PutMetricData`` is recorded locally, no request is sent.

Inside :func:`recording_cloudwatch`, ``boto3.client(...)`` (boto3's default session, which the entry scripts
use) makes clients that sign nothing and send nothing: botocore's ``before-call`` event (the hook
``botocore.stub.Stubber`` uses, https://botocore.amazonaws.com/v1/documentation/api/latest/topics/events.html)
answers CloudWatch ``PutMetricData`` with an empty success response after botocore validated the parameters,
and appends the call as one JSON line to a file; any other AWS call raises :class:`OfflineAwsCallError`.
No credentials, endpoint or network are looked up.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import boto3
import botocore.session
from botocore import UNSIGNED
from botocore.awsrequest import AWSResponse
from botocore.config import Config

#: Region of the offline clients (nothing is sent to it).
OFFLINE_REGION: Final = "us-east-1"
_PARAMS_KEY = "medallion_local.put_metric_data"


class OfflineAwsCallError(RuntimeError):
    """A script made an AWS call that has no offline model (only CloudWatch ``PutMetricData`` has one)."""


@dataclass
class MetricsRecorder:
    """The ``PutMetricData`` calls of one run: each call's ``Namespace`` and ``MetricData`` (as sent),
    also appended to ``file`` as ``{"time": ISO, **labels, "Namespace": ..., "MetricData": [...]}``."""

    file: Path
    labels: Mapping[str, str] = field(default_factory=dict)
    calls: list[dict[str, Any]] = field(default_factory=list)

    def record(self, params: Mapping[str, Any]) -> None:
        call = {"Namespace": params["Namespace"], "MetricData": list(params["MetricData"])}
        self.calls.append(call)
        line = {"time": datetime.now(UTC).isoformat(timespec="seconds"), **self.labels, **call}
        self.file.parent.mkdir(parents=True, exist_ok=True)
        with self.file.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(line, sort_keys=True, default=str) + "\n")

    def metric_data(self, namespace: str) -> list[dict[str, Any]]:
        """Every ``MetricData`` entry sent to ``namespace``, in order."""
        return [
            entry for call in self.calls if call["Namespace"] == namespace for entry in call["MetricData"]
        ]


@contextmanager
def recording_cloudwatch(file: Path, labels: Mapping[str, str] | None = None) -> Iterator[MetricsRecorder]:
    """Make boto3's default session offline for the block (restored after); yields the run's recorder.

    Args:
        file: JSON Lines file the calls are appended to.
        labels: Added to each line, e.g. ``{"JOB_NAME": ..., "JOB_RUN_ID": ...}``.
    """
    recorder = MetricsRecorder(Path(file), dict(labels or {}))
    core = botocore.session.Session()
    core.set_default_client_config(Config(signature_version=UNSIGNED, region_name=OFFLINE_REGION))

    def remember(params: Mapping[str, Any], context: dict[str, Any], **_: Any) -> None:
        context[_PARAMS_KEY] = params

    def answer(model: Any, context: dict[str, Any], **_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        service = model.service_model.service_id.hyphenize()
        if service != "cloudwatch" or model.name != "PutMetricData":
            raise OfflineAwsCallError(
                f"{model.service_model.service_name}.{model.name}: entry scripts run offline here, where "
                "only CloudWatch PutMetricData is modelled (medallion_local.local_cloudwatch)"
            )
        recorder.record(context[_PARAMS_KEY])
        return AWSResponse(None, 200, {}, None), {"ResponseMetadata": {"HTTPStatusCode": 200}}

    core.register("before-parameter-build.cloudwatch.PutMetricData", remember)
    core.register("before-call", answer)
    saved = boto3.DEFAULT_SESSION
    boto3.DEFAULT_SESSION = boto3.Session(botocore_session=core)
    try:
        yield recorder
    finally:
        boto3.DEFAULT_SESSION = saved
