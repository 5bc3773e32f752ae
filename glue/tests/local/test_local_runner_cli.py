"""Local runner command line: argument and spec errors end with exit code 1 and a JSON summary."""

from __future__ import annotations

import json

from medallion_glue.defaults import LOCAL_CATALOG_FILE
from medallion_local import runner as local_runner


def run(capsys, *argv: str) -> tuple[int, dict]:
    code = local_runner.main(list(argv))
    return code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_unknown_dataset_is_an_argument_error(tmp_path, capsys):
    code, summary = run(capsys, "--lake-dir", str(tmp_path), "--dataset", "planes", "--quiet")
    assert code == 1
    assert summary == {
        "catalog": str(tmp_path.resolve() / LOCAL_CATALOG_FILE),
        "datasets": {},
        "error": "--dataset 'planes': not one of ['flights', 'sales', 'tweets'] or 'all'",
        "ok": False,
    }


def test_invalid_spec_stops_the_run_with_the_spec_error(tmp_path, capsys):
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "bad.yaml").write_text("spec_version: 2\n")
    code, summary = run(capsys, "--lake-dir", str(tmp_path), "--datasets-dir", str(specs), "--quiet")
    assert code == 1
    file = specs / "bad.yaml"
    assert sorted(summary["error"].splitlines()) == [
        f"{file}: bronze: required field is missing. Add bronze.",
        f"{file}: event_time: required field is missing. Add event_time.",
        f"{file}: name: required field is missing. Add name.",
        f"{file}: silver: required field is missing. Add silver.",
        f"{file}: spec_version: 2 is not allowed. Use one of: 1.",
    ]
