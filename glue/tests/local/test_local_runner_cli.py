"""Local runner command line: option and spec errors end with the JSON summary, a one-line cause and the
documented exit code, before any Spark work; a run on a session the caller started (the demo's one process)
keeps that session and its settings."""

from __future__ import annotations

import json
import re

import pytest
from medallion_glue.defaults import LOCAL_CATALOG_FILE
from medallion_glue.spec.schema import REPO_ROOT
from medallion_local import runner as local_runner
from medallion_local.catalog import LocalCatalog
from medallion_local.layout import layout_tweets


def run(capsys, *argv: str) -> tuple[int, dict]:
    code = local_runner.main(list(argv))
    return code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_unknown_dataset_is_an_argument_error(tmp_path, capsys):
    specs = tmp_path / "specs"
    specs.mkdir()
    for name in ("flights", "sales"):
        (specs / f"{name}.yaml").write_text("spec_version: 1\n")
    code, summary = run(
        capsys, "--lake-dir", str(tmp_path), "--datasets-dir", str(specs), "--dataset", "planes", "--quiet"
    )
    assert code == local_runner.EXIT_CODES["argument"] == 2
    assert summary == {
        "catalog": str(tmp_path.resolve() / LOCAL_CATALOG_FILE),
        "datasets": {},
        "error": "--dataset 'planes': not one of ['flights', 'sales'] or 'all'",
        "failure": "argument",
        "ok": False,
    }


def test_an_invalid_spec_fails_its_dataset_with_its_first_problem_as_one_line(tmp_path, capsys, caplog):
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "bad.yaml").write_text("spec_version: 2\n")
    code = local_runner.main(["--lake-dir", str(tmp_path), "--datasets-dir", str(specs)])
    output = capsys.readouterr()
    summary, log = json.loads(output.out.strip().splitlines()[-1]), caplog.text
    assert code == local_runner.EXIT_CODES["spec"] == 1
    file = specs / "bad.yaml"
    error = summary["error"]
    assert "\n" not in error
    assert re.fullmatch(
        rf"{re.escape(str(file))}: \S+: .+\. .+ \(and 4 more problems, listed in the log\)", error
    )
    assert summary["datasets"] == {"bad": {"counts": None, "error": error, "failure": "spec", "ok": False}}
    # every problem is in the log
    for field in ("bronze", "event_time", "name", "silver", "spec_version"):
        assert f"{file}: {field}: " in log
    assert caplog.records[-1].getMessage() == f"cause: {error}"  # the log ends with the cause


def test_reprocess_and_source_keys_together_are_an_argument_error(tmp_path, capsys):
    drop = tmp_path / "bronze" / "flights" / "a.csv"
    drop.parent.mkdir(parents=True)
    drop.write_text("date,delay\n")
    code, summary = run(
        capsys, "--lake-dir", str(tmp_path), "--reprocess", "all", "--source-keys", str(drop), "--quiet"
    )
    assert code == 2
    assert summary["error"] == (
        "--reprocess and --source-keys: both given; a replay reads the objects of the quarantine runs it "
        "takes back. Pass one of them."
    )


def test_a_bad_command_line_exits_2_through_argparse(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        local_runner.main(["--lake-dir", str(tmp_path), "--reprocess"])
    assert exited.value.code == local_runner.EXIT_CODES["usage"] == 2
    assert "--reprocess: expected one argument" in capsys.readouterr().err


def test_the_exit_codes_in_docs_are_the_runners():
    """docs/etl.md's exit-code table lists exactly :data:`EXIT_CODES`."""
    text = (REPO_ROOT / "docs" / "etl.md").read_text(encoding="utf-8")
    section = text.split("### Failure output and exit codes", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| (\d) \| ([^|]+) \|", section, flags=re.MULTILINE)
    documented = {kind.strip("` "): int(code) for code, kinds in rows for kind in kinds.split(",")}
    assert documented == local_runner.EXIT_CODES


def test_a_run_on_the_callers_session_keeps_it_running_with_its_own_settings(tmp_path, capsys, etl_spark):
    """``main(argv, spark=...)`` runs on that session (``local_session`` would set 8 shuffle partitions),
    leaves it running, and writes silver, gold and the catalog as a run on its own session does."""
    layout_tweets(tmp_path)
    saved = etl_spark.conf.get("spark.sql.shuffle.partitions")
    etl_spark.conf.set("spark.sql.shuffle.partitions", "3")
    try:
        code = local_runner.main(["--lake-dir", str(tmp_path), "--dataset", "tweets"], spark=etl_spark)
        summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        assert etl_spark.conf.get("spark.sql.shuffle.partitions") == "3"
        assert etl_spark.range(2).count() == 2  # still running
    finally:
        etl_spark.conf.set("spark.sql.shuffle.partitions", saved)
    assert (code, summary["ok"]) == (0, True)
    tweets = summary["datasets"]["tweets"]
    assert (tweets["objects_read"], tweets["rows_read"], tweets["rows_written"]) == (6, 192, 180)
    assert tweets["gold"] == {"tweets_per_user_day": 8}
    catalog = LocalCatalog(tmp_path / LOCAL_CATALOG_FILE)
    assert sorted(
        (database, table)
        for database, content in catalog.load()["databases"].items()
        for table in content["tables"]
    ) == [("gold", "tweets_per_user_day"), ("silver", "tweets")]
