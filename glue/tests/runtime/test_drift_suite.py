"""The drift suite (issue 14): the CSV drops one run each, as one batch, and as a real bookmark sequence (each
drop lands, then the local runner's bookmarked run takes only it). Every run completes; for readable objects
``rows in = silver + quarantined + duplicates``; every unreadable object is quarantined whole with its reason;
nothing is lost."""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest
from etl_helpers import BASE_SPEC, make_spec, read_catalog_table
from medallion_glue.runtime.bronze_to_silver import run_bronze_to_silver
from medallion_glue.silver.store import IcebergSilverStore
from medallion_local import runner as local_runner

NOW = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
SPEC_RULES = (
    "required_columns: [id, origin]\ncolumn_names: {normalize: snake_case, renames: {from: origin}}\n"
    "deduplication: {primary_key: [id]}\nschema: {delay: int}\n"
)
SPEC = make_spec(SPEC_RULES, name="drift", suffix=".csv")
#: (file name, content bytes, readable rows, reason when the object is unreadable)
DROPS: list[tuple[str, bytes, int, str | None]] = [
    (
        "01-good.csv",
        b"id,ts,origin,delay\n1,2024-01-01 10:00:00,ORD,5\n2,2024-01-01 11:00:00,LAX,-2\n",
        2,
        None,
    ),
    ("02-extra.csv", b"id,ts,origin,delay,gate\n3,2024-01-02 10:00:00,SFO,1,B7\n", 1, None),
    ("03-renamed.csv", b"id,ts,from,delay\n4,2024-01-03 10:00:00,JFK,0\n", 1, None),
    ("04-empty.csv", b"", 0, "empty_object"),
    ("05-header-only.csv", b"id,ts,origin,delay\n", 0, "no_records"),
    (
        "06-corrupt.csv.gz",
        gzip.compress(b"id,ts,origin,delay\n9,2024-01-04 10:00:00,DEN,3\n")[:20],
        0,
        "corrupt_gzip",
    ),
    (
        "07-type-change.csv",
        b"id,ts,origin,delay\n5,2024-01-05 10:00:00,ATL,late\n6,2024-01-05 11:00:00,ATL,4\n",
        2,
        None,
    ),
    ("08-reordered.csv", b"origin,delay,ts,id\nBOS,7,2024-01-06 10:00:00,7\n", 1, None),
]
EXPECTED_SILVER = [(1, "ORD", 5), (2, "LAX", -2), (3, "SFO", 1), (4, "JFK", 0), (6, "ATL", 4), (7, "BOS", 7)]


@pytest.fixture
def objects(tmp_path) -> list[str]:
    paths = []
    for name, content, _, _ in DROPS:
        path = tmp_path / "bronze" / "drift" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        paths.append(str(path))
    return paths


def object_lines(quarantine: Path) -> dict[str, str]:
    """``{file name: reason}`` of the object lines of every run's quarantine output."""
    found = {}
    for file in quarantine.rglob("objects-*.json"):
        for line in file.read_text().splitlines():
            record = json.loads(line)
            found[Path(record["source_object"]).name] = file.parent.name.removeprefix("reason=")
    return found


@pytest.mark.parametrize("mode", ["sequence", "batch"])
def test_the_drift_suite_completes_and_loses_nothing(etl_spark, iceberg_namespace, tmp_path, objects, mode):
    store = IcebergSilverStore(etl_spark, iceberg_namespace, "drift", str(tmp_path / "silver" / "drift"))
    groups = [[p] for p in objects] if mode == "sequence" else [objects]
    runs = [
        run_bronze_to_silver(
            etl_spark,
            SPEC,
            group,
            store,
            str(tmp_path / "q"),
            run_id=f"r{i}",
            now=NOW + dt.timedelta(hours=i),
        )
        for i, group in enumerate(groups)
    ]
    assert all(r.reconciles for r in runs)
    readable_rows = sum(rows for _, _, rows, _ in DROPS)
    assert sum(r.rows_read for r in runs) == readable_rows
    assert sum(r.rows_written + r.rows_quarantined + r.duplicates_removed for r in runs) == readable_rows
    assert sum(r.quarantined_by_reason.get("type_mismatch", 0) for r in runs) == 1
    assert object_lines(tmp_path / "q") == {name: reason for name, _, _, reason in DROPS if reason}
    assert sum(r.objects_unreadable for r in runs) == 3
    rows = sorted((r["id"], r["origin"], r["delay"]) for r in store.read().collect())
    assert rows == EXPECTED_SILVER
    assert {r["id"]: r["gate"] for r in store.read().collect()}[3] == "B7"


def run_local(lake: Path, specs: Path) -> dict:
    """One bookmarked local run of every dataset (no --source-keys); the drift dataset's summary counts."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = local_runner.main(
            ["--lake-dir", str(lake), "--datasets-dir", str(specs), "--master", "local[2]", "--quiet"]
            + ["--skip-gold"]
        )
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert code == 0, summary
    return summary["datasets"]["drift"]


def test_the_drift_suite_as_a_bookmark_sequence_takes_each_drop_once_and_loses_nothing(etl_spark, tmp_path):
    """Each drop lands under bronze/drift/, then a bookmarked local run: it lists the folder and reads only
    that drop, the 0-byte and the truncated gzip ones included (quarantined whole, never opened to list)."""
    lake, specs = tmp_path / "lake", tmp_path / "specs"
    specs.mkdir()
    text = BASE_SPEC.format(
        name="drift",
        format="{type: csv}",
        suffix='.csv, legacy_suffixes: [".csv.gz"]',
        formats='["yyyy-MM-dd HH:mm:ss"]',
    )
    (specs / "drift.yaml").write_text(text + "quarantine: {max_ratio: 1.0}\n" + SPEC_RULES, encoding="utf-8")
    runs = []
    for name, content, _, _ in DROPS:
        drop = lake / "bronze" / "drift" / name
        drop.parent.mkdir(parents=True, exist_ok=True)
        drop.write_bytes(content)
        runs.append(run_local(lake, specs))
    # the listing minus the object ledger hands each run exactly its own drop
    assert [r["objects_read"] for r in runs] == [1] * len(DROPS)
    assert [r["objects_quarantined_by_reason"] for r in runs] == [
        {reason: 1} if reason else {} for _, _, _, reason in DROPS
    ]
    readable_rows = sum(rows for _, _, rows, _ in DROPS)
    assert sum(r["rows_read"] for r in runs) == readable_rows
    assert (
        sum(r["rows_written"] + r["rows_quarantined"] + r["duplicates_removed"] for r in runs)
        == readable_rows
    )
    assert object_lines(lake / "quarantine") == {name: reason for name, _, _, reason in DROPS if reason}
    silver = read_catalog_table(etl_spark, lake, "silver", "drift")
    assert sorted((r["id"], r["origin"], r["delay"]) for r in silver.collect()) == EXPECTED_SILVER
    # one ledger file per run, naming its one drop; a further run finds nothing new
    ledger = sorted((lake / "silver" / "_ledger" / "drift").glob("*.json"))
    taken = [json.loads(line) for file in ledger for line in file.read_text().splitlines()]
    assert [(t["run_id"], Path(t["object"]).name) for t in taken] == [
        (r["run_id"], name) for r, (name, _, _, _) in zip(runs, DROPS, strict=True)
    ]
    assert run_local(lake, specs)["objects_read"] == 0
