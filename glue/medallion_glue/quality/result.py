"""The verdicts of one quality evaluation and their CloudWatch metrics.

Metric names come from ``shared_constants.json`` (``quality_failed_metric``, ``quality_rule_failed_metric``),
which ``components/data-quality/data-quality.ts`` reads for the alarm; the namespace is
:data:`medallion_glue.defaults.METRICS_NAMESPACE`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final, Literal

from medallion_glue import defaults

_SHARED: Final[dict[str, Any]] = json.loads(
    resources.files("medallion_glue").joinpath("shared_constants.json").read_text(encoding="utf-8")
)
#: Per run: 1 when a rule with action ``fail`` failed, else 0 (dimension ``Dataset``); the alarm watches it.
QUALITY_FAILED_METRIC: Final[str] = _SHARED["quality_failed_metric"]
#: Per run and rule: 1 when the rule failed, else 0 (dimensions ``Dataset`` and ``Rule``).
QUALITY_RULE_FAILED_METRIC: Final[str] = _SHARED["quality_rule_failed_metric"]

Action = Literal["warn", "fail"]


@dataclass(frozen=True)
class RuleVerdict:
    """One rule's outcome.

    Attributes:
        rule_id: ``<kind>:<column(s)>``, e.g. ``completeness:origin`` (:mod:`medallion_glue.quality.rules`).
        passed: Whether the batch satisfies the rule.
        action: ``fail`` (a failure rolls the silver write back) or ``warn``.
        measured: The measured value: a ratio 0-1 for column rules, the row count for ``row_count_change``,
            the statement's result for ``custom_sql``; None when there was nothing to measure.
        message: One line for the run's log: what was measured against what.
    """

    rule_id: str
    passed: bool
    action: Action
    measured: float | None
    message: str


@dataclass(frozen=True)
class QualityResult:
    """Every rule's verdict, in the spec's order."""

    dataset: str
    verdicts: tuple[RuleVerdict, ...]

    @property
    def failed(self) -> bool:
        """Whether a rule with action ``fail`` failed: the caller rolls the silver write back."""
        return any(not v.passed and v.action == "fail" for v in self.verdicts)

    @property
    def failed_rules(self) -> tuple[str, ...]:
        """Ids of the rules that failed, whatever their action."""
        return tuple(v.rule_id for v in self.verdicts if not v.passed)


def quality_metric_data(result: QualityResult) -> list[dict[str, Any]]:
    """CloudWatch ``PutMetricData`` entries of one evaluation: ``QualityRuleFailed`` 0/1 per rule
    (dimensions ``Dataset``, ``Rule``) and ``QualityFailed`` 0/1 (dimension ``Dataset``), unit ``Count``.
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricData.html"""
    dataset = [{"Name": "Dataset", "Value": result.dataset}]
    data = [
        {
            "MetricName": QUALITY_RULE_FAILED_METRIC,
            "Dimensions": [*dataset, {"Name": "Rule", "Value": v.rule_id}],
            "Value": 0 if v.passed else 1,
            "Unit": "Count",
        }
        for v in result.verdicts
    ]
    data.append(
        {
            "MetricName": QUALITY_FAILED_METRIC,
            "Dimensions": dataset,
            "Value": int(result.failed),
            "Unit": "Count",
        }
    )
    return data


def publish_quality_metrics(cloudwatch: Any, result: QualityResult) -> None:
    """Send :func:`quality_metric_data` with a boto3 CloudWatch client, 1000 entries per call at most."""
    data = quality_metric_data(result)
    for start in range(0, len(data), 1000):
        cloudwatch.put_metric_data(
            Namespace=defaults.METRICS_NAMESPACE, MetricData=data[start : start + 1000]
        )
