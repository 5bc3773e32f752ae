"""The local evaluator and the Glue path give the same verdict per rule on real flights rows.

What this proves: the spec-driven Spark evaluation and the TypeScript-compiled DQDL (the golden file), read
by a model of AWS's documented DQDL semantics and shaped by our Glue-side code, agree rule by rule. What it
does not: that AWS's own ``EvaluateDataQuality`` evaluates the DQDL as that model does (docs/quality.md).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from dqdl_reference import ReferenceEvaluator
from medallion_glue.quality.glue_evaluator import (
    evaluate_with_glue,
    parse_ruleset,
    publishing_options,
    shape_outcomes,
)
from medallion_glue.quality.result import publish_quality_metrics, quality_metric_data
from medallion_glue.quality.rules import quality_rules
from medallion_glue.quality.spark_evaluator import evaluate_quality
from medallion_glue.spec.loader import load_spec
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import DoubleType, MapType, StringType, StructField, StructType

REPO = Path(__file__).resolve().parents[3]
GOLDEN = REPO / "tests" / "fixtures" / "dqdl"
FLIGHTS_2K = REPO / "node_modules" / "vega-datasets" / "data" / "flights-2k.json"
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
OUTCOME_SCHEMA = StructType(
    [
        StructField("Rule", StringType()),
        StructField("Outcome", StringType()),
        StructField("FailureReason", StringType()),
        StructField("EvaluatedMetrics", MapType(StringType(), DoubleType())),
    ]
)


@pytest.fixture(scope="module")
def checks_spec():
    return load_spec(GOLDEN / "specs" / "flights_checks.yaml")


@pytest.fixture(scope="module")
def batch(etl_spark: SparkSession) -> DataFrame:
    """The 2,000 vega flights rows as silver has them: ``date`` renamed and parsed to a timestamp."""
    raw = etl_spark.read.option("multiLine", True).json(str(FLIGHTS_2K))
    return raw.select(
        F.to_timestamp("date", "yyyy/MM/dd HH:mm").alias("departure_time"),
        F.col("delay").cast("int").alias("delay"),
        F.col("distance").cast("int").alias("distance"),
        "origin",
        "destination",
    ).cache()


def _glue_result(spark, spec, frame, ruleset, previous):
    texts = [r.text for r in parse_ruleset(ruleset)]
    outcomes = ReferenceEvaluator(spark, frame, previous, NOW).outcomes(texts)

    def apply(df, rules, options):
        assert rules == ruleset and options == publishing_options(spec.name)
        return spark.createDataFrame(outcomes, OUTCOME_SCHEMA)

    return evaluate_with_glue(spec.name, ruleset, frame, apply)


@pytest.mark.parametrize("previous", [None, 1800, 1000])
def test_both_evaluators_give_the_same_verdict_per_rule(etl_spark, checks_spec, batch, previous):
    ruleset = (GOLDEN / "flights_checks.dqdl").read_text(encoding="utf-8")
    local = evaluate_quality(etl_spark, checks_spec, batch, previous, now=NOW)
    glue = _glue_result(etl_spark, checks_spec, batch, ruleset, previous)
    assert [(v.rule_id, v.passed, v.action) for v in local.verdicts] == [
        (v.rule_id, v.passed, v.action) for v in glue.verdicts
    ]
    assert local.failed == glue.failed


def test_the_flights_checks_verdicts_on_the_2k_rows(etl_spark, checks_spec, batch):
    result = evaluate_quality(etl_spark, checks_spec, batch, 1800, now=NOW)
    verdicts = {v.rule_id: v for v in result.verdicts}
    assert batch.count() == 2000
    assert [rule_id for rule_id, v in verdicts.items() if not v.passed] == [
        "uniqueness:origin",
        "value_range:delay",
        "value_set:origin",
        "freshness:departure_time",
        "custom_sql:long_delays",
    ]
    assert verdicts["uniqueness:departure_time+origin+destination"].measured == 1.0
    assert verdicts["custom_sql:long_delays"].measured == 1.0
    assert verdicts["completeness:origin"].measured == 1.0
    assert verdicts["freshness:departure_time"].measured == 0.0
    assert verdicts["row_count_change"].passed and verdicts["row_count_change"].measured == 2000.0
    assert verdicts["custom_sql:iata_airport_codes"].measured == 0.0
    assert result.failed is False  # every failing rule above only warns


def test_a_fail_rule_failing_fails_the_result(etl_spark, checks_spec, batch):
    result = evaluate_quality(etl_spark, checks_spec, batch, 1000, now=NOW)
    row_count = next(v for v in result.verdicts if v.rule_id == "row_count_change")
    assert (row_count.passed, row_count.action, result.failed) == (False, "fail", True)
    assert row_count.message == "2000 rows; the previous run had 1000, so 500 to 1500 pass"


@pytest.mark.parametrize("name", ["flights", "flights_checks"])
def test_the_golden_ruleset_names_the_rules_as_the_python_side_does(name):
    spec_file = REPO / "datasets" / "flights.yaml" if name == "flights" else GOLDEN / "specs" / f"{name}.yaml"
    spec = load_spec(spec_file)
    parsed = parse_ruleset((GOLDEN / f"{name}.dqdl").read_text(encoding="utf-8"))
    assert [(r.rule_id, r.action) for r in parsed] == [(r.rule_id, r.action) for r in quality_rules(spec)]


def test_shape_outcomes_refuses_missing_or_unknown_rules(checks_spec):
    ruleset = (GOLDEN / "flights_checks.dqdl").read_text(encoding="utf-8")
    rules = parse_ruleset(ruleset)
    rows = [
        {"Rule": r.text, "Outcome": "Passed", "FailureReason": None, "EvaluatedMetrics": {}} for r in rules
    ]
    with pytest.raises(ValueError, match="no outcome for rule completeness:origin"):
        shape_outcomes("flights_checks", ruleset, rows[1:])
    with pytest.raises(ValueError, match="not in the ruleset"):
        shape_outcomes("flights_checks", ruleset, [*rows, {"Rule": "RowCount > 0", "Outcome": "Passed"}])
    spaced = [{**rows[0], "Rule": 'Completeness   "origin"  >= 1', "Outcome": "Failed", "FailureReason": "x"}]
    shaped = shape_outcomes("flights_checks", ruleset, spaced + rows[1:])
    assert (shaped.verdicts[0].passed, shaped.verdicts[0].message, shaped.failed) == (False, "x", True)
    with pytest.raises(ValueError, match="not a rule id comment"):
        parse_ruleset('Rules = [\n    Completeness "a" >= 1\n]\n')


def test_metric_data_per_rule_and_for_the_run(etl_spark, checks_spec, batch, cloudwatch):
    result = evaluate_quality(etl_spark, checks_spec, batch, 1000, now=NOW)
    data = quality_metric_data(result)
    assert data[0] == {
        "MetricName": "QualityRuleFailed",
        "Dimensions": [
            {"Name": "Dataset", "Value": "flights_checks"},
            {"Name": "Rule", "Value": "completeness:origin"},
        ],
        "Value": 0,
        "Unit": "Count",
    }
    assert data[-1] == {
        "MetricName": "QualityFailed",
        "Dimensions": [{"Name": "Dataset", "Value": "flights_checks"}],
        "Value": 1,
        "Unit": "Count",
    }
    assert sum(d["Value"] for d in data if d["MetricName"] == "QualityRuleFailed") == len(result.failed_rules)
    publish_quality_metrics(cloudwatch, result)
    names = {m["MetricName"] for m in cloudwatch.list_metrics(Namespace="MedallionLake/ETL")["Metrics"]}
    assert {"QualityFailed", "QualityRuleFailed"} <= names


def test_a_spec_without_rules_and_an_empty_batch(etl_spark, checks_spec, batch):
    empty = evaluate_quality(etl_spark, checks_spec, batch.limit(0), None, now=NOW)
    assert [v.rule_id for v in empty.verdicts if not v.passed] == []
    sales = load_spec(REPO / "datasets" / "sales.yaml")
    assert evaluate_quality(etl_spark, sales, batch, None).verdicts == ()
