"""The shared dataset spec cases (``tests/fixtures/invalid-specs/cases.yaml``) through the Python entry
point of the local tools, :mod:`medallion_local.spec_check` (the local runner and the demo load specs
with it). It calls the validator deploy uses; ``tests/spec/dataset-specs-shared-cases.test.ts`` runs the
same table through that validator directly, so what local tools accept is what deploys."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from medallion_glue import defaults
from medallion_glue.errors import SpecIssue
from medallion_glue.spec.schema import REPO_ROOT, load_spec_schema
from medallion_local.spec_check import check_spec_directories, load_specs

CASES_FILE = REPO_ROOT / "tests" / "fixtures" / "invalid-specs" / "cases.yaml"
TABLE: dict[str, Any] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
#: The schema's reserved columns, the one list the reserved templates are instantiated with.
RESERVED_COLUMNS: list[str] = load_spec_schema()["$defs"]["reservedColumn"]["enum"]


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON Merge Patch: objects merge recursively, ``None`` deletes, the rest replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def reserved_cases() -> list[dict[str, Any]]:
    return [
        {**json.loads(json.dumps(template).replace("COLUMN", column)), "id": f"{template['id']}-{column}"}
        for template in TABLE["reserved_columns"]["templates"]
        for column in RESERVED_COLUMNS
    ]


INVALID = TABLE["invalid"] + reserved_cases()
CASES = INVALID + TABLE["valid"]


def write_case(directory: Path, case: dict[str, Any]) -> None:
    """``mini.yaml`` (and ``earlier.yaml``) as ``cases.yaml`` describes, with the dimension files named."""
    directory.mkdir()
    (directory / "dimensions").mkdir()
    specs = []
    if "text" in case:
        (directory / "mini.yaml").write_text(case["text"], encoding="utf-8")
    else:
        specs.append(merge_patch(TABLE["base"], case.get("patch", {})))
        (directory / "mini.yaml").write_text(yaml.safe_dump(specs[-1]), encoding="utf-8")
    if "earlier" in case:
        earlier = merge_patch(
            TABLE["base"],
            {"name": "earlier", "bronze": {"prefix": "earlier/"}, "silver": {"table": "earlier"}},
        )
        specs.append(merge_patch(earlier, case["earlier"]))
        (directory / "earlier.yaml").write_text(yaml.safe_dump(specs[-1]), encoding="utf-8")
    for spec in specs:
        for dimension in spec.get("dimensions", []):
            (directory / "dimensions" / dimension["file"]).write_text("code\nX\n", encoding="utf-8")


@pytest.fixture(scope="module")
def case_issues(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[SpecIssue]]:
    """Every case's folder checked in one run of the checker: case id -> its issues."""
    root = tmp_path_factory.mktemp("spec-cases")
    for case in CASES:
        write_case(root / case["id"], case)
    results = check_spec_directories([root / case["id"] for case in CASES])
    return {directory.name: issues for directory, issues in results.items()}


def test_the_etl_adds_only_columns_the_schema_reserves():
    assert set(defaults.RESERVED_COLUMNS) <= set(RESERVED_COLUMNS)
    assert RESERVED_COLUMNS == ["year", "month", "_source_object", "_ingested_at", "_corrupt_record"]


def test_case_ids_are_unique():
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids)) and len(INVALID) == 46 + 3 * 5


@pytest.mark.parametrize("case", INVALID, ids=lambda case: case["id"])
def test_invalid_case_is_rejected_naming_its_field(case: dict[str, Any], case_issues):
    issues = case_issues[case["id"]]
    assert issues, f"{case['id']} was accepted"
    named = {(Path(issue.file).name, issue.field) for issue in issues}
    assert named == {("mini.yaml", case["field"])}, "\n".join(map(str, issues))
    assert all(issue.problem and issue.fix.endswith(".") for issue in issues)
    if "message" in case:
        assert [f"{issue.problem}. {issue.fix}" for issue in issues] == [case["message"]]


def test_most_cases_pin_the_exact_message():
    assert sum("message" in case for case in INVALID) == 38 + 3 * 5


@pytest.mark.parametrize("case", TABLE["valid"], ids=lambda case: case["id"])
def test_valid_case_is_accepted(case: dict[str, Any], case_issues):
    assert case_issues[case["id"]] == []


def test_a_valid_case_loads_through_load_specs(tmp_path: Path):
    write_case(tmp_path / "case", TABLE["valid"][0])
    assert sorted(load_specs(tmp_path / "case")) == ["mini"]


def test_the_repository_specs_are_accepted():
    assert sorted(load_specs(REPO_ROOT / "datasets")) == ["flights", "sales", "transactions", "tweets"]
