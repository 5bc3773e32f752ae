"""The shared dataset spec cases (``tests/fixtures/invalid-specs/cases.yaml``) through the Python
loader. ``tests/spec/dataset-specs-shared-cases.test.ts`` runs the same table through the TypeScript
validator the Pulumi program uses, so a spec that deploys also loads in the Glue job and vice versa."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from medallion_glue import defaults
from medallion_glue.errors import SpecError
from medallion_glue.spec.loader import load_specs
from medallion_glue.spec.schema import REPO_ROOT

CASES_FILE = REPO_ROOT / "tests" / "fixtures" / "invalid-specs" / "cases.yaml"
TABLE: dict[str, Any] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))


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
    reserved = TABLE["reserved_columns"]
    return [
        {**json.loads(json.dumps(template).replace("COLUMN", column)), "id": f"{template['id']}-{column}"}
        for template in reserved["templates"]
        for column in reserved["columns"]
    ]


INVALID = TABLE["invalid"] + reserved_cases()


def write_case(directory: Path, case: dict[str, Any]) -> None:
    """``mini.yaml`` (and ``earlier.yaml``) as ``cases.yaml`` describes."""
    if "text" in case:
        (directory / "mini.yaml").write_text(case["text"], encoding="utf-8")
    else:
        mini = merge_patch(TABLE["base"], case.get("patch", {}))
        (directory / "mini.yaml").write_text(yaml.safe_dump(mini), encoding="utf-8")
    if "earlier" in case:
        earlier = merge_patch(
            TABLE["base"],
            {"name": "earlier", "bronze": {"prefix": "earlier/"}, "silver": {"table": "earlier"}},
        )
        earlier = merge_patch(earlier, case["earlier"])
        (directory / "earlier.yaml").write_text(yaml.safe_dump(earlier), encoding="utf-8")


def test_the_table_lists_the_python_reserved_columns():
    assert tuple(TABLE["reserved_columns"]["columns"]) == defaults.RESERVED_COLUMNS


def test_case_ids_are_unique():
    ids = [case["id"] for case in INVALID + TABLE["valid"]]
    assert len(ids) == len(set(ids)) and len(INVALID) == 37 + 3 * 5


@pytest.mark.parametrize("case", INVALID, ids=lambda case: case["id"])
def test_invalid_case_is_rejected_naming_its_field(case: dict[str, Any], tmp_path: Path):
    write_case(tmp_path, case)
    with pytest.raises(SpecError) as caught:
        load_specs(tmp_path)
    issues = caught.value.issues
    named = {(Path(issue.file).name, issue.field) for issue in issues}
    assert named == {("mini.yaml", case["field"])}, str(caught.value)
    assert all(issue.problem and issue.fix.endswith(".") for issue in issues)
    if "message" in case:
        messages = [f"{issue.problem}. {issue.fix}".replace(f"{tmp_path}/", "") for issue in issues]
        assert messages == [case["message"]]


def test_most_cases_pin_the_exact_message():
    assert sum("message" in case for case in INVALID) == 30 + 3 * 5


@pytest.mark.parametrize("case", TABLE["valid"], ids=lambda case: case["id"])
def test_valid_case_is_accepted(case: dict[str, Any], tmp_path: Path):
    write_case(tmp_path, case)
    assert "mini" in load_specs(tmp_path)


def test_the_repository_specs_are_accepted():
    assert sorted(load_specs(REPO_ROOT / "datasets")) == ["flights", "sales", "tweets"]
