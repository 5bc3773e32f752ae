"""Real failing runs of the local runner on the vega-datasets flights (``flights-2k.json`` as CSV drops): each
ends with the JSON summary, a one-line cause naming the object, the field and the fix, and its documented
exit code; the objects of a failed run are read again by the next bookmarked run. Only the spec of the
dataset that runs is validated."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
from pathlib import Path

import pytest
from etl_helpers import write_csv
from medallion_glue.silver.store import IcebergSilverStore
from medallion_glue.spec.schema import REPO_ROOT
from medallion_local import runner as local_runner

FLIGHTS_2K = REPO_ROOT / "node_modules" / "vega-datasets" / "data" / "flights-2k.json"
SPEC = """\
spec_version: 1
name: {name}
bronze: {{prefix: {name}/, suffix: {suffix}, format: {{type: {format}}}}}
schema: {{delay: int, distance: int}}
event_time: {{column: date, formats: ["yyyy/MM/dd HH:mm"]}}
required_columns: [{required}]
deduplication: {{primary_key: [flight_id]}}
silver: {{table: {name}}}
quarantine: {{max_ratio: 1}}
"""


@pytest.fixture(scope="module")
def flights() -> list[dict]:
    records = json.loads(FLIGHTS_2K.read_text(encoding="utf-8"))
    return [{"flight_id": i + 1, **r} for i, r in enumerate(records)]


def write_spec(
    specs: Path, name: str, required: str = "origin", fmt: str = "csv", suffix: str = ".csv"
) -> Path:
    specs.mkdir(exist_ok=True)
    path = specs / f"{name}.yaml"
    path.write_text(SPEC.format(name=name, required=required, format=fmt, suffix=suffix), encoding="utf-8")
    return path


def run_runner(lake: Path, specs: Path, *extra: str) -> tuple[int, dict]:
    """The local runner in-process (sharing the test Spark session): exit code and JSON summary."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = local_runner.main(
            ["--lake-dir", str(lake), "--datasets-dir", str(specs), "--master", "local[2]", "--quiet"]
            + ["--skip-gold", *extra]
        )
    return code, json.loads(out.getvalue().strip().splitlines()[-1])


def test_a_spec_that_misses_the_data_exits_1_and_the_fixed_run_reads_the_same_object(
    etl_spark, flights, tmp_path, caplog
):
    lake, specs = tmp_path / "lake", tmp_path / "specs"
    write_csv(lake / "bronze" / "fl_typo" / "day1.csv", flights[:500])
    write_spec(specs, "fl_typo", required="orgin")
    caplog.set_level(logging.INFO, "medallion_glue.runtime.failure_output")
    code, summary = run_runner(lake, specs, "--dataset", "fl_typo")
    # the entry script: the full trace in the log, then its summary line, then its cause line
    script = [r for r in caplog.records if r.name == "medallion_glue.runtime.failure_output"]
    assert [r.exc_info is not None for r in script] == [True, False, False]
    assert "Traceback" not in script[-1].getMessage()
    line = json.loads(script[-2].getMessage().removeprefix("summary "))
    assert (line["job"], line["dataset"], line["ok"], line["failure"]) == (
        "fl_typo-bronze-to-silver",
        "fl_typo",
        False,
        "spec",
    )
    assert script[-1].getMessage() == f"cause: {line['cause']}" and line["cause"] == summary["error"]
    cause = (
        "s3://local-artifacts/fl_typo/specs/fl_typo.yaml: required_columns[0]: column 'orgin' is in no "
        "bronze object of this batch. Did you mean 'origin'? Columns: date, delay, destination, distance, "
        "flight_id, origin"
    )
    assert code == local_runner.EXIT_CODES["spec"] == 1
    assert summary["error"].startswith(cause) and "\n" not in summary["error"]
    assert summary["datasets"]["fl_typo"] == {
        "counts": None,
        "error": summary["error"],
        "failure": "spec",
        "ok": False,
    }
    assert not list((lake / "silver" / "_ledger").rglob("*.json"))

    write_spec(specs, "fl_typo", required="origin")
    code, summary = run_runner(lake, specs, "--dataset", "fl_typo")
    assert code == 0, summary
    counts = summary["datasets"]["fl_typo"]
    assert (counts["objects_read"], counts["rows_read"], counts["rows_written"]) == (1, 500, 500)


def test_counts_that_do_not_reconcile_exit_5_with_the_counts_and_the_bookmark_unmoved(
    etl_spark, flights, tmp_path, monkeypatch
):
    lake, specs = tmp_path / "lake", tmp_path / "specs"
    write_csv(lake / "bronze" / "fl_recon" / "day1.csv", flights[:300])
    write_spec(specs, "fl_recon")
    real_count = IcebergSilverStore.count_partitions
    # one row more in silver than the merge put there: the run must refuse itself
    monkeypatch.setattr(IcebergSilverStore, "count_partitions", lambda self, p: real_count(self, p) + 1)
    code, summary = run_runner(lake, specs, "--dataset", "fl_recon")
    assert code == local_runner.EXIT_CODES["reconciliation"] == 5
    entry = summary["datasets"]["fl_recon"]
    assert entry["failure"] == "reconciliation"
    assert entry["error"].startswith("dataset fl_recon run ") and " does not reconcile: " in entry["error"]
    assert "\n" not in entry["error"] and "Traceback" not in entry["error"]
    assert (entry["counts"]["rows_read"], entry["counts"]["reconciled"]) == (300, False)
    assert not list((lake / "silver" / "_ledger").rglob("*.json"))
    assert not (lake / "quarantine" / "fl_recon").exists() or not any(
        (lake / "quarantine" / "fl_recon").iterdir()
    )

    monkeypatch.undo()
    code, summary = run_runner(lake, specs, "--dataset", "fl_recon")
    assert code == 0, summary
    assert summary["datasets"]["fl_recon"]["rows_written"] == 300  # the failed run's object, not skipped


@pytest.mark.parametrize("source_keys", [False, True], ids=["bookmarked", "source-keys"])
def test_an_object_the_reader_cannot_open_exits_4_naming_it(etl_spark, tmp_path, source_keys):
    """A CSV under a ``.parquet`` name in a parquet dataset: the bookmarked run (its listing opens no object)
    and the ``--source-keys`` run both fail in the batch reader before any row, with one line naming the
    object, and the object ledger stays empty."""
    lake, specs = tmp_path / "lake", tmp_path / "specs"
    bad = lake / "bronze" / "fl_parquet" / "day1.parquet"
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"date,delay\n2001/01/01 00:00,5\n")
    write_spec(specs, "fl_parquet", fmt="parquet", suffix=".parquet")
    extra = ["--source-keys", str(bad)] if source_keys else []
    code, summary = run_runner(lake, specs, "--dataset", "fl_parquet", *extra)
    assert code == local_runner.EXIT_CODES["unreadable_batch"] == 4, summary
    what = "run \\S+ cannot read its batch of 1 objects"
    assert re.fullmatch(
        "s3://local-artifacts/fl_parquet/specs/fl_parquet.yaml: bronze.format.type: dataset fl_parquet "
        f"{what} as parquet: s3://local-bronze/fl_parquet/day1.parquet is not a Parquet file. Expected magic "
        "number at tail, but found \\[48, 44, 53, 10\\]. Nothing was written and the bookmark is not "
        "committed; replace or remove the object it names \\(or fix bronze.format\\), then run again.",
        summary["error"],
    ), summary["error"]
    assert summary["datasets"]["fl_parquet"]["failure"] == "unreadable_batch"
    assert not list((lake / "silver" / "_ledger").rglob("*.json"))


def test_only_the_datasets_that_run_are_validated(etl_spark, flights, tmp_path):
    """An invalid spec beside it does not stop a dataset; with ``all`` the valid one runs, the invalid one
    fails on its own, and the exit code is the spec error's."""
    lake, specs = tmp_path / "lake", tmp_path / "specs"
    write_csv(lake / "bronze" / "fl_ok" / "day1.csv", flights[:200])
    write_spec(specs, "fl_ok")
    (specs / "broken.yaml").write_text(
        "spec_version: 1\nname: broken\nsilver: {table: 3}\n", encoding="utf-8"
    )
    code, summary = run_runner(lake, specs, "--dataset", "fl_ok")
    assert code == 0, summary
    assert summary["datasets"]["fl_ok"]["rows_written"] == 200

    write_csv(lake / "bronze" / "fl_ok" / "day2.csv", flights[200:250])
    code, summary = run_runner(lake, specs, "--dataset", "all")
    assert code == local_runner.EXIT_CODES["spec"] == 1
    assert summary["datasets"]["fl_ok"]["rows_written"] == 50
    broken = summary["datasets"]["broken"]
    assert (broken["ok"], broken["failure"]) == (False, "spec")
    assert broken["error"].startswith(f"{specs / 'broken.yaml'}: ")
    assert (summary["ok"], summary["error"]) == (False, broken["error"])


def test_a_run_the_quarantine_guard_stops_exits_3_publishes_the_alarm_metric_and_leaves_the_bookmark(
    etl_spark, flights, tmp_path
):
    """Every row fails the spec's row filter: nothing is held back (``RowsHeldBack`` 0), yet the run
    publishes ``QuarantineGuardExceeded`` 1, without a dimension too (the lake-wide alarm's metric)."""
    lake, specs = tmp_path / "lake", tmp_path / "specs"
    write_csv(lake / "bronze" / "fl_guard" / "day1.csv", flights[:400])
    path = write_spec(specs, "fl_guard")
    fixed = path.read_text(encoding="utf-8")
    path.write_text(
        fixed.replace("max_ratio: 1}", "max_ratio: 0.25}") + "row_filters: ['distance < 0']\n",
        encoding="utf-8",
    )
    code, summary = run_runner(lake, specs, "--dataset", "fl_guard")
    assert code == local_runner.EXIT_CODES["quarantine_guard"] == 3, summary
    entry = summary["datasets"]["fl_guard"]
    assert (entry["ok"], entry["failure"]) == (False, "quarantine_guard")
    assert re.match(
        "s3://local-artifacts/fl_guard/specs/fl_guard.yaml: quarantine.max_ratio: dataset fl_guard run \\S+ "
        "quarantined 400 of 400 rows \\(100.0% > 25.0%; most as failed_filter: 400\\). Nothing was written "
        "to silver and the bookmark was not committed.",
        entry["error"],
    ), entry["error"]
    assert "\n" not in entry["error"]
    counts = entry["counts"]
    assert (counts["rows_quarantined"], counts["rows_held_back"], counts["quarantine_guard_exceeded"]) == (
        400,
        0,
        True,
    )
    assert not list((lake / "silver" / "_ledger").rglob("*.json"))
    sent = [
        json.loads(line)
        for line in (lake / "_glue" / "cloudwatch" / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    guard = [
        (tuple(d["Name"] for d in m["Dimensions"]), m["Value"])
        for line in sent
        if line["Namespace"] == "MedallionLake/ETL"
        for m in line["MetricData"]
        if m["MetricName"] == "QuarantineGuardExceeded"
    ]
    assert guard == [(("Dataset",), 1), ((), 1)]

    path.write_text(fixed, encoding="utf-8")
    code, summary = run_runner(lake, specs, "--dataset", "fl_guard")
    assert code == 0, summary
    counts = summary["datasets"]["fl_guard"]
    # the stopped run's object, read again; this run passes the guard and publishes 0
    assert (counts["rows_written"], counts["quarantine_guard_exceeded"]) == (400, False)
    assert len(list((lake / "silver" / "_ledger" / "fl_guard").glob("*.json"))) == 1
