"""Objects that landed under an older suffix (``bronze.legacy_suffixes``) are still read: key
selection in the Glue job and the local runner, and bronze_to_silver end to end on real records (the
vega-datasets flights) in an uncompressed, extension-less ``{}{}{}`` Firehose object plus a
``.json.gz`` one."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
from pathlib import Path

import pytest
from etl_helpers import read_catalog_table
from medallion_glue.errors import JobArgumentError, SpecError
from medallion_glue.runtime.glue_job_support import select_source_keys
from medallion_glue.spec.loader import load_spec, parse_spec
from medallion_local import runner as local_runner

REPO_ROOT = Path(__file__).resolve().parents[3]
TWEETS = load_spec(REPO_ROOT / "datasets" / "tweets.yaml")
FLIGHTS_2K = REPO_ROOT / "node_modules" / "vega-datasets" / "data" / "flights-2k.json"

#: A Firehose-delivered flights dataset: GZIP now, uncompressed (no extension) and .json before.
FLIGHT_EVENTS_SPEC = """\
spec_version: 1
name: flight_events
bronze:
  prefix: flight_events/
  suffix: .json.gz
  legacy_suffixes: [".json", ""]
  format: {type: firehose_json}
schema: {delay: int, distance: int}
event_time: {column: date, formats: ["yyyy/MM/dd HH:mm"]}
required_columns: [origin, destination]
silver: {table: flight_events}
"""


def spec_with_legacy(legacy: str):
    return parse_spec(
        FLIGHT_EVENTS_SPEC.replace('legacy_suffixes: [".json", ""]', f"legacy_suffixes: {legacy}"),
        "datasets/flight_events.yaml",
    )


def test_tweets_spec_reads_the_earlier_json_and_extensionless_objects():
    assert TWEETS.bronze_suffix == ".json.gz"
    assert TWEETS.bronze_legacy_suffixes == (".json", "")
    assert TWEETS.bronze_suffixes == (".json.gz", ".json", "")


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (
            "s3://b/tweets/year=2024/month=06/day=30/lake-dev-tweets-events-1-2024-06-30-10-00-00-abc.json.gz",
            True,
        ),
        ("s3://b/tweets/2024/06/30/10/tweets-firehose-1-2024-06-30-10-00-00-0001.json", True),
        ("s3://b/tweets/2024/06/30/10/tweets-firehose-1-2024-06-30-10-00-00-6f1c2a9e-83b1", True),
        ("/lake/bronze/tweets/old-object", True),
        ("old-object", True),
        ("s3://b/tweets/2024/_SUCCESS", False),
        ("s3://b/tweets/2024/part.csv", False),
        ("s3://b/tweets/2024/part.json.gz.tmp", False),
        ("s3://b/tweets/2024/", False),
        ("", False),
    ],
)
def test_is_bronze_object_with_current_and_legacy_suffixes(key, expected):
    assert TWEETS.is_bronze_object(key) is expected


def test_without_legacy_suffixes_only_the_current_suffix_is_read():
    spec = spec_with_legacy("[]")
    assert spec.bronze_suffixes == (".json.gz",)
    assert not spec.is_bronze_object("s3://b/flight_events/old")
    assert not spec.is_bronze_object("s3://b/flight_events/old.json")
    assert spec.is_bronze_object("s3://b/flight_events/new.json.gz")


def test_glue_key_selection_keeps_legacy_objects():
    keys = [
        "s3://b/tweets/2024/new.json.gz",
        "s3://b/tweets/2023/earlier.json",
        "s3://b/tweets/2022/tweets-firehose-1-2022-01-01-00-00-00-abc",
        "s3://b/tweets/2022/_SUCCESS",
        "s3://b/flights/a.csv",
    ]
    assert select_source_keys(keys, TWEETS, "s3://b/") == [
        "s3://b/tweets/2022/tweets-firehose-1-2022-01-01-00-00-00-abc",
        "s3://b/tweets/2023/earlier.json",
        "s3://b/tweets/2024/new.json.gz",
    ]


def test_source_key_error_names_every_suffix_and_the_spec_field():
    spec = spec_with_legacy("[]")
    with pytest.raises(JobArgumentError) as error:
        select_source_keys(["s3://b/flight_events/old"], spec, "s3://b/")
    assert str(error.value) == (
        "--source_keys: none of ['s3://b/flight_events/old'] is under s3://b/flight_events/ with a "
        "suffix in ('.json.gz'). Pass this dataset's objects, add an older suffix to "
        "bronze.legacy_suffixes, or omit --source_keys to read the objects the object ledger has not seen."
    )


def test_a_legacy_suffix_without_a_leading_dot_is_a_spec_error():
    with pytest.raises(SpecError, match=r"bronze\.legacy_suffixes\[0\]"):
        spec_with_legacy('["json"]')


def write_firehose(records: list[dict], path: Path, compress: bool) -> Path:
    """One Firehose object: compact JSON objects back to back, no separator; GZIP when ``compress``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(json.dumps(r, separators=(",", ":")) for r in records).encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0) if compress else data)
    return path


def run_runner(lake: Path, specs: Path, *extra: str) -> dict:
    """The local runner in-process (sharing the test Spark session); returns its JSON summary."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = local_runner.main(
            ["--lake-dir", str(lake), "--datasets-dir", str(specs), "--dataset", "flight_events"]
            + ["--master", "local[2]", "--quiet", "--skip-gold", *extra]
        )
    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert code == 0, summary
    return summary["datasets"]["flight_events"]


def make_lake(root: Path, records: list[dict], legacy_count: int) -> tuple[Path, Path, Path, Path]:
    """Spec folder and lake under ``root`` whose bronze holds ``records``: the first
    ``legacy_count`` in an extension-less uncompressed object (raw Firehose output of the old
    delivery), the rest in a ``.json.gz`` object. Returns (lake, specs, legacy, current)."""
    specs = root / "specs"
    specs.mkdir()
    (specs / "flight_events.yaml").write_text(FLIGHT_EVENTS_SPEC, encoding="utf-8")
    bronze = root / "lake" / "bronze" / "flight_events"
    legacy = write_firehose(
        records[:legacy_count], bronze / "2023" / "flight-events-1-2023-01-01-00-00-00-6f1c2a9e", False
    )
    current = write_firehose(
        records[legacy_count:], bronze / "2024" / "flight-events-1-2024-01-01-00-00-00-0001.json.gz", True
    )
    return root / "lake", specs, legacy, current


@pytest.fixture(scope="module")
def flights() -> list[dict]:
    records = json.loads(FLIGHTS_2K.read_text(encoding="utf-8"))
    assert len(records) == 2000
    return records


def silver_rows(spark, lake: Path) -> list:
    return (
        read_catalog_table(spark, lake, "silver", "flight_events")
        .select("date", "delay", "distance", "origin", "destination", "_source_object")
        .collect()
    )


def expected_rows(records: list[dict]) -> list[tuple]:
    return sorted((r["date"], r["delay"], r["distance"], r["origin"], r["destination"]) for r in records)


def test_local_runner_with_source_keys_reads_legacy_and_gzip_objects(etl_spark, flights, tmp_path):
    records = flights
    lake, specs, legacy, current = make_lake(tmp_path, records, 1200)
    counts = run_runner(lake, specs, "--source-keys", str(legacy), str(current))
    assert (counts["rows_read"], counts["rows_written"], counts["rows_quarantined"]) == (2000, 2000, 0)
    assert counts["reconciled"] is True

    rows = silver_rows(etl_spark, lake)
    got = sorted(
        (r["date"].strftime("%Y/%m/%d %H:%M"), r["delay"], r["distance"], r["origin"], r["destination"])
        for r in rows
    )
    assert got == expected_rows(records)
    per_object: dict[str, int] = {}
    for r in rows:
        name = Path(r["_source_object"].removeprefix("file:")).name
        per_object[name] = per_object.get(name, 0) + 1
    assert per_object == {legacy.name: 1200, current.name: 800}


def test_local_runner_bookmark_finds_legacy_objects(etl_spark, flights, tmp_path):
    """Without --source-keys the listing finds objects of every suffix (not _SUCCESS)."""
    records = flights[:100]
    lake, specs, legacy, current = make_lake(tmp_path, records, 60)
    earlier = write_firehose(records[:5], lake / "bronze" / "flight_events" / "2022" / "earlier.json", False)
    (lake / "bronze" / "flight_events" / "2022" / "_SUCCESS").write_text("")
    counts = run_runner(lake, specs)
    # the object ledger (written by glue/jobs/bronze_to_silver.py) lists the objects the listing found:
    # every suffix of the spec, never _SUCCESS
    (run_file,) = sorted((lake / "silver" / "_ledger" / "flight_events").glob("*.json"))
    taken = [json.loads(line)["object"] for line in run_file.read_text().splitlines()]
    assert taken == [
        f"s3://local-bronze/{p.relative_to(lake / 'bronze').as_posix()}"
        for p in sorted([earlier, legacy, current])
    ]
    # The 5 records of the .json object repeat the first 5 of the legacy object: whole-row duplicates.
    assert (counts["rows_read"], counts["rows_written"], counts["duplicates_removed"]) == (105, 100, 5)
    assert run_runner(lake, specs)["rows_read"] == 0
