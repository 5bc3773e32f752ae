"""A stand-in for AWS Glue's ``EvaluateDataQuality`` on the DQDL subset ``compileDqdl`` writes: it reads the
rule TEXT (not the spec) and evaluates it with Spark SQL by the semantics AWS documents (ColumnValues and
DataFreshness fail NULL rows and pass only when every row passes; IsUnique is Deequ's uniqueness = 1;
composite rules are each evaluated on the whole batch and then combined; ``avg(last(1))`` is the previous
run's RowCount). It returns the outcome rows AWS documents: ``Rule``, ``Outcome``, ``FailureReason``,
``EvaluatedMetrics``. It is a model for tests, not AWS's evaluator.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from pyspark.sql import DataFrame, SparkSession

_STRING = r'"((?:[^"\\]|\\.)*)"'
_NUMBER = r"(-?\d+(?:\.\d+)?)"
_OPS = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, "=": lambda a, b: a == b}


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _ident(column: str) -> str:
    return "`" + column.replace("`", "``") + "`"


class ReferenceEvaluator:
    def __init__(self, spark: SparkSession, frame: DataFrame, previous_rows: int | None, now: datetime):
        self.spark, self.frame, self.previous, self.now = spark, frame, previous_rows, now

    def _scalar(self, sql: str) -> Any:
        self.frame.createOrReplaceTempView("primary")
        try:
            return self.spark.sql(sql).collect()[0][0]
        finally:
            self.spark.catalog.dropTempView("primary")

    def _all_rows(self, condition: str) -> tuple[bool, float]:
        share = self._scalar(f"SELECT AVG(CASE WHEN {condition} THEN 1.0 ELSE 0.0 END) FROM primary")
        share = 1.0 if share is None else float(share)
        return share == 1.0, share

    def rule(self, text: str) -> tuple[bool, dict[str, float], str]:
        composite = re.fullmatch(r"\((.*)\) AND \((.*)\)", text)
        if composite:
            left, right = self.rule(composite.group(1)), self.rule(composite.group(2))
            return left[0] and right[0], {**left[1], **right[1]}, left[2] or right[2]
        if m := re.fullmatch(rf"Completeness {_STRING} >= {_NUMBER}", text):
            column = _unquote(m.group(1))
            _, share = self._all_rows(f"{_ident(column)} IS NOT NULL")
            ok = share >= float(m.group(2))
            return ok, {f"Column.{column}.Completeness": share}, "" if ok else f"Value: {share} does not meet"
        if m := re.fullmatch(rf"IsUnique((?: {_STRING})+)", text):
            columns = [_unquote(c) for c in re.findall(_STRING, m.group(1))]
            cols = ", ".join(_ident(c) for c in columns)
            any_set = " OR ".join(f"{_ident(c)} IS NOT NULL" for c in columns)
            groups = f"SELECT {cols} FROM primary WHERE {any_set} GROUP BY {cols} HAVING COUNT(*) = 1"
            unique = self._scalar(f"SELECT COUNT(*) FROM ({groups})")
            rows = self._scalar("SELECT COUNT(*) FROM primary")
            share = unique / max(1, rows)
            ok = rows == 0 or unique == rows
            return ok, {f"Column.{'+'.join(columns)}.Uniqueness": share}, "" if ok else "not unique"
        if m := re.fullmatch(rf"ColumnValues {_STRING} (>=|<=|=) {_NUMBER}", text):
            column = _ident(_unquote(m.group(1)))
            sql_op = "=" if m.group(2) == "=" else m.group(2)
            ok, share = self._all_rows(f"{column} IS NOT NULL AND {column} {sql_op} {m.group(3)}")
            return ok, {}, "" if ok else f"{share * 100:.2f} % of rows passed the threshold"
        if m := re.fullmatch(rf"ColumnValues {_STRING} in \[(.*)\]", text):
            column = _ident(_unquote(m.group(1)))
            values = ", ".join(
                "'" + _unquote(v).replace("'", "\\'") + "'" for v in re.findall(_STRING, m.group(2))
            )
            ok, share = self._all_rows(f"{column} IS NOT NULL AND CAST({column} AS STRING) IN ({values})")
            return ok, {}, "" if ok else f"{share * 100:.2f} % of rows passed the threshold"
        if m := re.fullmatch(rf"DataFreshness {_STRING} <= (\d+) (hours|days)", text):
            column = _ident(_unquote(m.group(1)))
            unit = timedelta(hours=1) if m.group(3) == "hours" else timedelta(days=1)
            oldest = (self.now - int(m.group(2)) * unit).strftime("%Y-%m-%d %H:%M:%S")
            ok, share = self._all_rows(f"{column} IS NOT NULL AND {column} >= TIMESTAMP '{oldest}'")
            return ok, {}, "" if ok else f"{share * 100:.2f} % of rows passed the threshold"
        if m := re.fullmatch(rf"RowCount (>=|<=) avg\(last\(1\)\) \* {_NUMBER}", text):
            rows = self._scalar("SELECT COUNT(*) FROM primary")
            if self.previous is None:
                return True, {"Dataset.*.RowCount": float(rows)}, ""
            ok = _OPS[m.group(1)](rows, self.previous * float(m.group(2)))
            return ok, {"Dataset.*.RowCount": float(rows)}, "" if ok else f"Value: {rows} does not meet"
        if m := re.fullmatch(rf"CustomSql {_STRING} (>=|<=|=) {_NUMBER}", text):
            value = float(self._scalar(_unquote(m.group(1))))
            ok = _OPS[m.group(2)](value, float(m.group(3)))
            return ok, {"Dataset.*.CustomSQL": value}, "" if ok else f"Value: {value} does not meet"
        raise ValueError(f"the reference evaluator does not read {text!r}")

    def outcomes(self, rule_texts: list[str]) -> list[dict[str, Any]]:
        rows = []
        for text in rule_texts:
            ok, metrics, reason = self.rule(text)
            rows.append(
                {
                    "Rule": text,
                    "Outcome": "Passed" if ok else "Failed",
                    "FailureReason": None if ok else reason,
                    "EvaluatedMetrics": metrics,
                }
            )
        return rows
