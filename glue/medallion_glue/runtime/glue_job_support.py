"""Everything the Glue entrypoints do besides calling ``awsglue``, so it can be unit-tested here.

The entrypoints (``glue/jobs/bronze_to_silver.py``, ``glue/jobs/silver_to_gold.py``) resolve their
arguments with ``awsglue.utils.getResolvedOptions`` and hand the resulting dict to the parsers
below, which read the names and types from the job contract (``job_arguments.json``, see
:mod:`medallion_glue.runtime.job_arguments`), check every value and raise
:class:`~medallion_glue.errors.JobArgumentError` naming the argument and the fix.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from medallion_glue import defaults
from medallion_glue.errors import JobArgumentError
from medallion_glue.runtime.job_arguments import (
    optional_argument_names,
    parse_job_arguments,
    parse_s3_uri_list,
    required_argument_names,
)
from medallion_glue.silver.reconciliation import RunCounts, metric_data
from medallion_glue.spec.model import DatasetSpec

LOG = logging.getLogger(__name__)

#: Required and optional arguments of each job (names without the leading ``--``), from the contract
#: ``medallion_glue/runtime/job_arguments.json``.
BRONZE_TO_SILVER_REQUIRED = required_argument_names("bronze_to_silver")
BRONZE_TO_SILVER_OPTIONAL = optional_argument_names("bronze_to_silver")
SILVER_TO_GOLD_REQUIRED = required_argument_names("silver_to_gold")
SILVER_TO_GOLD_OPTIONAL = optional_argument_names("silver_to_gold")


@dataclass(frozen=True)
class BronzeToSilverArgs:
    """Validated arguments of the bronze-to-silver job (see the entrypoint's docstring)."""

    job_name: str
    dataset_spec_uri: str
    bronze_uri: str
    silver_uri: str
    quarantine_uri: str
    silver_database: str
    source_keys: tuple[str, ...] = ()
    quality_ruleset: str | None = None
    reprocess: str | None = None


@dataclass(frozen=True)
class SilverToGoldArgs:
    """Validated arguments of the silver-to-gold job (see the entrypoint's docstring)."""

    job_name: str
    dataset_spec_uri: str
    gold_sql_uri: str
    silver_database: str
    gold_database: str
    gold_uri: str
    dimensions_uri: str | None = None
    full_rebuild: bool = False


def present_optional(argv: Sequence[str], names: Sequence[str]) -> list[str]:
    """The optional argument names that appear in ``argv`` as ``--name`` (``getResolvedOptions``
    fails on absent names, so only present ones may be passed to it)."""
    return [name for name in names if f"--{name}" in argv]


def parse_source_keys(raw: str | None) -> tuple[str, ...]:
    """Parse ``--source_keys``: a JSON array of ``s3://`` URIs (empty or absent: no keys).

    Raises:
        JobArgumentError: not a JSON array of ``s3://`` strings.
    """
    return parse_s3_uri_list("source_keys", raw)


def parse_bronze_to_silver_args(args: Mapping[str, str]) -> BronzeToSilverArgs:
    """Validate the resolved arguments of the bronze-to-silver job by the contract's types
    (:func:`~medallion_glue.runtime.job_arguments.parse_job_arguments`).

    Raises:
        JobArgumentError: a required argument is missing, a URI or ``--source_keys`` is malformed, or
            ``--reprocess`` is given with ``--source_keys`` or is not a run id (no ``/`` or ``=``).
    """
    values = parse_job_arguments("bronze_to_silver", args)
    reprocess = values.get("reprocess")
    if reprocess is not None and values["source_keys"]:
        raise JobArgumentError(
            "--reprocess and --source_keys: both given; a replay reads the objects of the quarantine runs it "
            "takes back. Pass one of them."
        )
    if reprocess is not None and ("/" in reprocess or "=" in reprocess):
        raise JobArgumentError(
            f"--reprocess: {reprocess!r} is not a run id. Pass the <run> of a run_id=<run> quarantine folder "
            "(e.g. 20260105T101500Z-3f9a1c), or all."
        )
    return BronzeToSilverArgs(
        job_name=values["JOB_NAME"],
        dataset_spec_uri=values["dataset_spec_uri"],
        bronze_uri=values["bronze_uri"],
        silver_uri=values["silver_uri"],
        quarantine_uri=values["quarantine_uri"],
        silver_database=values["silver_database"],
        source_keys=values["source_keys"],
        quality_ruleset=values.get("quality_ruleset"),
        reprocess=reprocess,
    )


def parse_silver_to_gold_args(args: Mapping[str, str]) -> SilverToGoldArgs:
    """Validate the resolved arguments of the silver-to-gold job by the contract's types.

    Raises:
        JobArgumentError: a required argument is missing or a URI is malformed.
    """
    values = parse_job_arguments("silver_to_gold", args)
    return SilverToGoldArgs(
        job_name=values["JOB_NAME"],
        dataset_spec_uri=values["dataset_spec_uri"],
        gold_sql_uri=values["gold_sql_uri"],
        silver_database=values["silver_database"],
        gold_database=values["gold_database"],
        gold_uri=values["gold_uri"],
        dimensions_uri=values["dimensions_uri"],
        full_rebuild=values.get("full_rebuild") == "true",
    )


def dataset_bronze_uri(bronze_uri: str, spec: DatasetSpec) -> str:
    """The dataset's folder in the bronze zone: ``--bronze_uri`` itself when it already ends with the
    spec's prefix, else ``--bronze_uri`` + prefix."""
    return bronze_uri if bronze_uri.endswith(spec.bronze_prefix) else bronze_uri + spec.bronze_prefix


def silver_table_location(silver_uri: str, spec: DatasetSpec) -> str:
    """``<silver zone>/<silver table>/``."""
    return f"{silver_uri.rstrip('/')}/{spec.silver_table}/"


def select_source_keys(keys: Sequence[str], spec: DatasetSpec, bronze_uri: str) -> list[str]:
    """The ``--source_keys`` that are objects of this dataset (under its bronze folder, with its
    suffix or one of its ``bronze.legacy_suffixes``, see :meth:`DatasetSpec.is_bronze_object`),
    sorted; other keys are logged and skipped.

    Raises:
        JobArgumentError: none of the keys belongs to the dataset.
    """
    folder = dataset_bronze_uri(bronze_uri, spec)
    chosen = sorted(k for k in keys if k.startswith(folder) and spec.is_bronze_object(k))
    skipped = sorted(set(keys) - set(chosen))
    suffixes = ", ".join(repr(s) for s in spec.bronze_suffixes)
    if skipped:
        LOG.warning(
            "dataset %s: ignoring --source_keys not under %s with a suffix in (%s): %s",
            spec.name,
            folder,
            suffixes,
            skipped,
        )
    if keys and not chosen:
        raise JobArgumentError(
            f"--source_keys: none of {list(keys)} is under {folder} with a suffix in ({suffixes}). "
            "Pass this dataset's objects, add an older suffix to bronze.legacy_suffixes, "
            "or omit --source_keys to read the objects the object ledger has not seen."
        )
    return chosen


def publish_metrics(cloudwatch: Any, counts: RunCounts) -> None:
    """Send the run's reconciliation metrics with a boto3 CloudWatch client (``put_metric_data``
    takes at most 1000 metrics per call; a run has well under that)."""
    cloudwatch.put_metric_data(Namespace=defaults.METRICS_NAMESPACE, MetricData=metric_data(counts))
