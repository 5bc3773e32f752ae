"""Replay (``--reprocess``) after a spec fix, through the local runner and the Glue entry script, on the
vega-datasets flights (``flights-2k.json`` as three CSV drops with a key ``flight_id``): the quarantined rows
and objects of earlier runs are taken back, nothing reaches silver twice (the merge key), each replayed
quarantine folder records the run that took it back, and the object ledger is neither read nor moved."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from etl_helpers import read_catalog_table, write_csv
from medallion_glue.quarantine.replay_markers import MARKER_FILE
from medallion_glue.spec.schema import REPO_ROOT
from medallion_local import runner as local_runner

FLIGHTS_2K = REPO_ROOT / "node_modules" / "vega-datasets" / "data" / "flights-2k.json"
NAME = "fl_replay"
SPEC = """\
spec_version: 1
name: fl_replay
bronze: {{prefix: fl_replay/, suffix: .csv, format: {{type: csv}}}}
schema: {{delay: int, distance: int}}
event_time: {{column: date, formats: {formats}}}
required_columns: [origin, destination]
deduplication: {deduplication}
silver: {{table: fl_replay}}
quarantine: {{max_ratio: 1}}
"""
SLASH, DASH = '"yyyy/MM/dd HH:mm"', '"yyyy-MM-dd HH:mm"'
KEY = "{primary_key: [flight_id]}"
#: The Spanish header of the third drop, as renames to the dataset's names.
SPANISH = {
    "id_vuelo": "flight_id",
    "fecha": "date",
    "retraso": "delay",
    "distancia": "distance",
    "origen": "origin",
    "destino": "destination",
}


def write_spec(specs: Path, formats: str, renames: bool = False, deduplication: str = KEY) -> None:
    text = SPEC.format(formats=formats, deduplication=deduplication)
    if renames:
        text += "column_names:\n  renames: {" + ", ".join(f"{k}: {v}" for k, v in SPANISH.items()) + "}\n"
    (specs / f"{NAME}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def flights() -> list[dict]:
    records = json.loads(FLIGHTS_2K.read_text(encoding="utf-8"))
    assert len(records) == 2000
    return [{"flight_id": i + 1, **r} for i, r in enumerate(records)]


def make_lake(root: Path, flights: list[dict]) -> tuple[Path, Path]:
    """Three drops: ``a.csv`` (flights 1-1000), ``b.csv`` (1001-1800, every fourth date written
    ``2001-01-13 14:56`` instead of ``2001/01/13 14:56``: 200 rows), ``c.csv`` (1801-2000 under a Spanish
    header that shares no column with the spec). The specs folder also holds an invalid spec."""
    lake, specs = root / "lake", root / "specs"
    specs.mkdir()
    (specs / "broken.yaml").write_text("spec_version: 1\nname: broken\n", encoding="utf-8")
    bronze = lake / "bronze" / NAME
    write_csv(bronze / "a.csv", flights[:1000])
    dashed = [
        {**r, "date": r["date"].replace("/", "-")} if i % 4 == 0 else r
        for i, r in enumerate(flights[1000:1800])
    ]
    write_csv(bronze / "b.csv", dashed)
    reverse = {v: k for k, v in SPANISH.items()}
    write_csv(bronze / "c.csv", [{reverse[k]: v for k, v in r.items()} for r in flights[1800:]])
    return lake, specs


def run_runner(lake: Path, specs: Path, *extra: str) -> tuple[int, dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = local_runner.main(
            ["--lake-dir", str(lake), "--datasets-dir", str(specs), "--dataset", NAME]
            + ["--master", "local[2]", "--quiet", "--skip-gold", *extra]
        )
    return code, json.loads(out.getvalue().strip().splitlines()[-1])


def counts_of(summary: dict) -> dict:
    assert summary["ok"] is True, summary
    return summary["datasets"][NAME]


def marker(lake: Path, run_id: str) -> dict:
    return json.loads((lake / "quarantine" / NAME / f"run_id={run_id}" / MARKER_FILE).read_text())


def test_a_replay_after_each_spec_fix_takes_back_rows_and_objects_once(etl_spark, flights, tmp_path):
    lake, specs = make_lake(tmp_path, flights)
    ledger = lake / "silver" / "_ledger" / NAME
    b_uri, c_uri = f"s3://local-bronze/{NAME}/b.csv", f"s3://local-bronze/{NAME}/c.csv"

    # 1. The first run: 200 dates and the Spanish object quarantined.
    write_spec(specs, f"[{SLASH}]")
    first = counts_of(run_runner(lake, specs)[1])
    assert (first["objects_read"], first["rows_read"], first["rows_written"]) == (3, 1800, 1600)
    assert first["quarantined_by_reason"] == {"unparseable_timestamp": 200}
    assert first["objects_quarantined_by_reason"] == {"header_mismatch": 1}
    # the bookmarked run recorded its three objects in one ledger file
    bookmarked = {p.name: p.read_bytes() for p in ledger.glob("*.json")}
    assert list(bookmarked) == [f"{first['run_id']}.json"]

    # 2. Fix the date formats and replay every run: b.csv's 200 rows reach silver, its 600 others are
    # duplicates through the key, c.csv (still unreadable) goes to the replaying run's own folder.
    write_spec(specs, f"[{SLASH}, {DASH}]")
    code, summary = run_runner(lake, specs, "--reprocess", "all")
    second = counts_of(summary)
    assert code == 0
    assert second["replayed_runs"] == [first["run_id"]]
    assert (second["objects_read"], second["rows_read"], second["rows_written"]) == (2, 800, 200)
    assert (second["duplicates_of_silver"], second["rows_quarantined"]) == (600, 0)
    assert second["objects_quarantined_by_reason"] == {"header_mismatch": 1}
    taken = marker(lake, first["run_id"])
    assert {k: v for k, v in taken.items() if k != "replayed_at"} == {
        "dataset": NAME,
        "run_id": first["run_id"],
        "replayed_by": second["run_id"],
        "rows_quarantined": {"unparseable_timestamp": 200},
        "objects_quarantined": {"header_mismatch": 1},
        "source_objects": [b_uri, c_uri],
        "replay": {
            "objects_read": 2,
            "rows_read": 800,
            "rows_written": 200,
            "rows_quarantined_again": 0,
            "objects_quarantined_again": 1,
            "duplicates_of_silver": 600,
        },
    }

    # 3. Add the renames: `all` now takes only the second run's folder, the Spanish object.
    write_spec(specs, f"[{SLASH}, {DASH}]", renames=True)
    third = counts_of(run_runner(lake, specs, "--reprocess", "all")[1])
    assert third["replayed_runs"] == [second["run_id"]]
    assert (
        third["objects_read"],
        third["rows_read"],
        third["rows_written"],
        third["objects_unreadable"],
    ) == (
        1,
        200,
        200,
        0,
    )
    assert marker(lake, second["run_id"])["replayed_by"] == third["run_id"]
    assert marker(lake, second["run_id"])["source_objects"] == [c_uri]

    # Every flight once, with its own values; the object ledger never moved.
    silver = read_catalog_table(etl_spark, lake, "silver", NAME)
    rows = silver.select("flight_id", "date", "delay", "origin").collect()
    got = sorted((int(r[0]), r[1].strftime("%Y/%m/%d %H:%M"), r[2], r[3]) for r in rows)
    assert got == [(f["flight_id"], f["date"], f["delay"], f["origin"]) for f in flights]
    assert {p.name: p.read_bytes() for p in ledger.glob("*.json")} == bookmarked

    # 4. Nothing is left to take back; a run already taken back or unknown is refused, naming the fix.
    fourth = counts_of(run_runner(lake, specs, "--reprocess", "all")[1])
    assert (fourth["replayed_runs"], fourth["rows_read"]) == ([], 0)
    code, summary = run_runner(lake, specs, "--reprocess", first["run_id"])
    assert code == local_runner.EXIT_CODES["replay"] == 2
    by = second["run_id"]
    assert summary["error"] == (
        f"--reprocess: quarantine run {first['run_id']} of dataset {NAME} was already taken back by run "
        f"{by} at {taken['replayed_at']}. What still failed then is in run {by}'s own folder: pass "
        f"--reprocess {by}, or 'all'."
    )
    code, summary = run_runner(lake, specs, "--reprocess", "20990101T000000Z-000000")
    assert code == 2
    assert summary["error"] == (
        f"--reprocess: dataset {NAME} has no quarantine run '20990101T000000Z-000000' under "
        f"s3://local-quarantine/{NAME}/; runs waiting for replay: none. Pass one of them, or 'all'."
    )


def test_a_replay_of_a_dataset_without_a_merge_key_is_refused(etl_spark, flights, tmp_path):
    lake, specs = make_lake(tmp_path, flights)
    write_spec(specs, f"[{SLASH}]", deduplication="none")
    code, summary = run_runner(lake, specs, "--reprocess", "all")
    assert code == local_runner.EXIT_CODES["replay"] == 2
    assert summary["error"] == (
        f"s3://local-artifacts/{NAME}/specs/{NAME}.yaml: deduplication: none gives no merge key, so "
        "--reprocess would write the replayed objects' accepted rows a second time. Set "
        "deduplication.primary_key to replay this dataset, or pass only objects none of whose rows reached "
        "silver in --source_keys."
    )
    assert not (lake / "silver" / NAME).exists()


def test_a_replay_whose_bronze_object_is_gone_is_refused_naming_it(etl_spark, flights, tmp_path):
    lake, specs = make_lake(tmp_path, flights)
    write_spec(specs, f"[{SLASH}]")
    first = counts_of(run_runner(lake, specs)[1])
    (lake / "bronze" / NAME / "b.csv").unlink()
    code, summary = run_runner(lake, specs, "--reprocess", "all")
    assert code == local_runner.EXIT_CODES["replay"] == 2
    assert summary["error"] == (
        f"--reprocess: bronze object s3://local-bronze/{NAME}/b.csv of quarantine run {first['run_id']} "
        f"(dataset {NAME}) no longer exists. Restore it to bronze (with S3 versioning, its earlier version), "
        "or replay the other runs by id: none."
    )
    assert not (lake / "quarantine" / NAME / f"run_id={first['run_id']}" / MARKER_FILE).exists()
