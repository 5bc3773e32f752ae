"""The job argument contract (``medallion_glue/runtime/job_arguments.json``): the parsers read only the
arguments it lists, with its types; ``tests/stack/job-arguments-contract.test.ts`` checks the side that
sets them."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from importlib import resources

import pytest
from medallion_glue.errors import JobArgumentError
from medallion_glue.runtime import glue_job_support as support
from medallion_glue.runtime.job_arguments import (
    job_arguments,
    optional_argument_names,
    parse_job_arguments,
    required_argument_names,
)

JOBS = ("bronze_to_silver", "silver_to_gold", "jdbc_to_bronze")
SETTERS = {"Glue", "program", "EtlJob", "PostgresSource", "trigger", "operator"}
CONTRACT = json.loads(resources.files("medallion_glue.runtime").joinpath("job_arguments.json").read_text())


class RecordingArgs(Mapping[str, str]):
    """Resolved options that remember every name read from them."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values
        self.read: set[str] = set()

    def __getitem__(self, name: str) -> str:
        self.read.add(name)
        return self.values[name]

    def get(self, name: str, default: str | None = None) -> str | None:
        self.read.add(name)
        return self.values.get(name, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)


def valid_options(job: str) -> dict[str, str]:
    """One valid value per argument of ``job``, by the contract's type (or its first listed value); no
    ``reprocess``, which never goes with ``source_keys``."""
    sample = {"string": "x", "s3_uri": "s3://b/k", "s3_prefix": "s3://b/p", "s3_uri_list": '["s3://b/a"]'}
    return {
        a.name: a.values[0] if a.values else sample[a.type]
        for a in job_arguments(job)
        if a.name != "reprocess"
    }


def test_the_contract_names_every_job_with_typed_arguments_and_their_setter():
    assert sorted(CONTRACT["jobs"]) == sorted(JOBS)
    for job in JOBS:
        for argument in job_arguments(job):
            assert argument.type in {"string", "s3_uri", "s3_prefix", "s3_uri_list"}, argument
            assert argument.set_by in SETTERS, argument
            assert argument.description.endswith("."), argument
    assert required_argument_names("jdbc_to_bronze") == (
        "JOB_NAME",
        "JOB_RUN_ID",
        "connection_name",
        "source_table",
        "bronze_uri",
        "quarantine_uri",
    )
    lineage = (
        "lineage_transport",
        "lineage_url",
        "lineage_catalog",
        "lineage_domain",
        "lineage_parent_job_namespace",
        "lineage_parent_job_name",
        "lineage_parent_run_id",
    )
    assert optional_argument_names("bronze_to_silver") == (
        "source_keys",
        "reprocess",
        *lineage,
        "quality_ruleset",
    )
    assert optional_argument_names("silver_to_gold") == ("dimensions_uri", "full_rebuild", *lineage)


@pytest.mark.parametrize(
    ("job", "parse", "required", "optional"),
    [
        (
            "bronze_to_silver",
            support.parse_bronze_to_silver_args,
            support.BRONZE_TO_SILVER_REQUIRED,
            support.BRONZE_TO_SILVER_OPTIONAL,
        ),
        (
            "silver_to_gold",
            support.parse_silver_to_gold_args,
            support.SILVER_TO_GOLD_REQUIRED,
            support.SILVER_TO_GOLD_OPTIONAL,
        ),
    ],
)
def test_the_parsers_read_only_and_all_of_the_contracts_arguments(job, parse, required, optional):
    options = RecordingArgs({**valid_options(job), "job-bookmark-option": "job-bookmark-enable"})
    parse(options)
    names = {a.name for a in job_arguments(job)}
    assert options.read == names
    assert (*required, *optional) == tuple(a.name for a in job_arguments(job))


def test_the_jdbc_entry_script_asks_for_the_contracts_arguments():
    from jobs import jdbc_to_bronze

    assert required_argument_names("jdbc_to_bronze") == jdbc_to_bronze.JOB_ARGUMENTS


def test_values_are_parsed_by_the_contracts_types():
    values = parse_job_arguments(
        "bronze_to_silver",
        {
            "JOB_NAME": " job ",
            "dataset_spec_uri": "s3://art/flights-0123abcd4567ef89.yaml",
            "bronze_uri": "s3://bronze/flights",
            "silver_uri": "s3://silver/",
            "quarantine_uri": "s3://silver/_quarantine",
            "silver_database": "silver_db",
            "source_keys": '["s3://bronze/flights/a.csv", "s3://bronze/flights/a.csv"]',
        },
    )
    assert values == {
        "JOB_NAME": "job",
        "dataset_spec_uri": "s3://art/flights-0123abcd4567ef89.yaml",
        "bronze_uri": "s3://bronze/flights/",
        "silver_uri": "s3://silver/",
        "quarantine_uri": "s3://silver/_quarantine/",
        "silver_database": "silver_db",
        "source_keys": ("s3://bronze/flights/a.csv",),
        "reprocess": None,
        "lineage_transport": None,
        "lineage_url": None,
        "lineage_catalog": None,
        "lineage_domain": None,
        "lineage_parent_job_namespace": None,
        "lineage_parent_job_name": None,
        "lineage_parent_run_id": None,
        "quality_ruleset": None,
    }
    gold = parse_job_arguments("silver_to_gold", {**valid_options("silver_to_gold"), "dimensions_uri": " "})
    assert gold["dimensions_uri"] is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"silver_database": " "}, "--silver_database is missing or empty"),
        ({"bronze_uri": "/local/bronze"}, "--bronze_uri: '/local/bronze' is not an s3:// URI"),
        ({"source_keys": "[1]"}, "--source_keys: must be a JSON array of s3:// URIs"),
    ],
)
def test_bad_values_name_the_argument(change, message):
    with pytest.raises(JobArgumentError, match=message):
        parse_job_arguments("bronze_to_silver", {**valid_options("bronze_to_silver"), **change})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"reprocess": "all", "source_keys": '["s3://bronze/flights/a.csv"]'},
            "--reprocess and --source_keys: both given; a replay reads the objects of the quarantine runs it "
            "takes back. Pass one of them.",
        ),
        (
            {"reprocess": "run_id=20260105T101500Z-3f9a1c", "source_keys": "[]"},
            "--reprocess: 'run_id=20260105T101500Z-3f9a1c' is not a run id. Pass the <run> of a run_id=<run> "
            "quarantine folder (e.g. 20260105T101500Z-3f9a1c), or all.",
        ),
    ],
)
def test_reprocess_takes_a_run_id_or_all_and_never_with_source_keys(change, message):
    with pytest.raises(JobArgumentError) as error:
        support.parse_bronze_to_silver_args({**valid_options("bronze_to_silver"), **change})
    assert str(error.value) == message
    replay = {**valid_options("bronze_to_silver"), "reprocess": "all", "source_keys": "[]"}
    args = support.parse_bronze_to_silver_args(replay)
    assert (args.reprocess, args.source_keys) == ("all", ())
