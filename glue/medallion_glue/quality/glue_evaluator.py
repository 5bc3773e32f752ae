"""The Glue side of the quality check: ``EvaluateDataQuality`` (``awsgluedq.transforms``) runs the job's
``--quality_ruleset`` DQDL on the batch, and its rule outcome rows become the same
:class:`~medallion_glue.quality.result.QualityResult` the local evaluator returns.

The ruleset comes from ``components/data-quality/dqdl.ts``: one rule per line, each after a
``// {"id": ..., "action": ...}`` comment (:func:`parse_ruleset` reads them back). ``EvaluateDataQuality``
returns one row per rule with the columns ``Rule`` (the rule's DQDL), ``Outcome`` (``Passed`` or
``Failed``), ``FailureReason`` and ``EvaluatedMetrics`` (map of metric name to double), per
https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-transforms-EvaluateDataQuality.html;
:func:`shape_outcomes` matches each row to its rule by the DQDL text (whitespace aside).

``medallion_glue`` never imports ``awsglue``/``awsgluedq``: the entry script passes ``apply``, a function
that runs ``EvaluateDataQuality.apply`` (see :func:`evaluate_with_glue`). Only the shaping runs here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pyspark.sql import DataFrame

from medallion_glue.quality.result import QualityResult, RuleVerdict

#: ``Outcome`` of a rule that passed; every other outcome (``Failed``, ``Error``) counts as failed.
PASSED_OUTCOME = "Passed"
_COMMENT = re.compile(r"^\s*//\s*(\{.*\})\s*$")


@dataclass(frozen=True)
class DqdlRule:
    """One rule of a compiled ruleset: its id, action and DQDL text (without the trailing comma)."""

    rule_id: str
    action: str
    text: str


def parse_ruleset(dqdl: str) -> tuple[DqdlRule, ...]:
    """The rules of a ruleset ``compileDqdl`` wrote, in order.

    Raises:
        ValueError: a comment is not followed by a rule, or a rule line has no id comment before it.
    """
    lines = [line.strip() for line in dqdl.splitlines()]
    body = [line for line in lines if line and line not in ("Rules = [", "]")]
    rules: list[DqdlRule] = []
    for i in range(0, len(body), 2):
        comment = _COMMENT.match(body[i])
        if comment is None or i + 1 >= len(body) or _COMMENT.match(body[i + 1]):
            raise ValueError(
                f"--quality_ruleset: line {body[i]!r} is not a rule id comment followed by a rule"
            )
        meta = json.loads(comment.group(1))
        rules.append(DqdlRule(meta["id"], meta["action"], body[i + 1].removesuffix(",").strip()))
    return tuple(rules)


def _normalized(text: str) -> str:
    return " ".join(text.split())


def shape_outcomes(dataset: str, ruleset: str, outcomes: Iterable[Mapping[str, Any]]) -> QualityResult:
    """Turn ``EvaluateDataQuality``'s rule outcome rows into verdicts in the ruleset's order.

    ``measured`` is the rule's one evaluated metric (e.g. ``Column.delay.Completeness``), None when it has
    several or none; ``message`` is the ``FailureReason`` of a failed rule.

    Raises:
        ValueError: a rule of the ruleset has no outcome row, or a row names a rule the ruleset lacks.
    """
    by_text = {_normalized(str(row["Rule"])): row for row in outcomes}
    rules = parse_ruleset(ruleset)
    known = {_normalized(r.text) for r in rules}
    unknown = sorted(set(by_text) - known)
    if unknown:
        raise ValueError(f"EvaluateDataQuality returned outcomes for rules not in the ruleset: {unknown}")
    verdicts = []
    for rule in rules:
        row = by_text.get(_normalized(rule.text))
        if row is None:
            raise ValueError(f"EvaluateDataQuality returned no outcome for rule {rule.rule_id}: {rule.text}")
        metrics = dict(row.get("EvaluatedMetrics") or {})
        measured = float(next(iter(metrics.values()))) if len(metrics) == 1 else None
        passed = row["Outcome"] == PASSED_OUTCOME
        message = "passed" if passed else str(row.get("FailureReason") or row["Outcome"])
        verdicts.append(RuleVerdict(rule.rule_id, passed, rule.action, measured, message))  # type: ignore[arg-type]
    return QualityResult(dataset, tuple(verdicts))


def publishing_options(dataset: str) -> dict[str, Any]:
    """``publishing_options`` of ``EvaluateDataQuality.apply``: a fixed evaluation context per dataset and
    results publishing on, which the ``row_count_change`` rule's ``avg(last(1))`` history needs; Glue's own
    CloudWatch metrics off (the job publishes ``QualityFailed``/``QualityRuleFailed`` itself)."""
    return {
        "dataQualityEvaluationContext": f"{dataset}_silver",
        "enableDataQualityCloudWatchMetrics": False,
        "enableDataQualityResultsPublishing": True,
    }


def evaluate_with_glue(
    dataset: str, ruleset: str, frame: DataFrame, apply: Callable[[DataFrame, str, dict[str, Any]], DataFrame]
) -> QualityResult:
    """Evaluate ``ruleset`` on ``frame`` on Glue and shape the outcome.

    ``apply(frame, ruleset, publishing_options)`` is given by the entry script, e.g.::

        lambda df, rules, options: EvaluateDataQuality.apply(
            frame=DynamicFrame.fromDF(df, glue_context, "quality"), ruleset=rules, publishing_options=options
        ).toDF()
    """
    rows = [row.asDict() for row in apply(frame, ruleset, publishing_options(dataset)).collect()]
    return shape_outcomes(dataset, ruleset, rows)
