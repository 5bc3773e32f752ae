"""The Glue job applies the bronze object rule exactly as deploy does: the shared table
``tests/fixtures/bronze-objects/cases.json`` (also run against ``lib/bronze-objects.ts``)."""

from __future__ import annotations

import json

import pytest
from medallion_glue.spec.model import key_has_bronze_suffix
from medallion_glue.spec.schema import REPO_ROOT

CASES = json.loads(
    (REPO_ROOT / "tests" / "fixtures" / "bronze-objects" / "cases.json").read_text(encoding="utf-8")
)["cases"]


def test_the_table_has_both_answers():
    assert sum(c["belongs"] for c in CASES) > 3
    assert sum(not c["belongs"] for c in CASES) > 3


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['suffixes']}:{c['key']}")
def test_case(case):
    assert key_has_bronze_suffix(case["key"], tuple(case["suffixes"])) is case["belongs"]
