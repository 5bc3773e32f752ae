"""The start every Glue entry script shares: resolve the job arguments, build the Glue context, ``Job.init``.

The entry scripts in ``glue/jobs/`` import ``awsglue`` and hand its three names to :func:`start_job` as a
:class:`GlueApi`; this package itself never imports ``awsglue``, so the same code runs under Glue and,
locally, under the stand-in in ``glue/local_awsglue/``. See
https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-get-resolved-options.html
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

from pyspark.context import SparkContext
from pyspark.sql import SparkSession

from medallion_glue.bronze.text_objects import read_text_object
from medallion_glue.errors import JobArgumentError
from medallion_glue.lineage.run import RunLineage, lineage_events
from medallion_glue.lineage.settings import lineage_settings
from medallion_glue.runtime.glue_job_support import present_optional
from medallion_glue.runtime.spark_session import configure
from medallion_glue.spec.loader import parse_spec
from medallion_glue.spec.model import DatasetSpec

#: Arguments Glue passes to every run: ``getResolvedOptions`` returns them unasked and refuses to be
#: asked for them ("Using reserved arguments"), so :func:`start_job` only checks they are there.
GLUE_RUN_ARGUMENTS = ("JOB_ID", "JOB_RUN_ID", "SECURITY_CONFIGURATION")
#: Log line format of every job (the demo shows lines of this shape as progress).
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

Args = TypeVar("Args")


class GlueApi(NamedTuple):
    """The ``awsglue`` names a job starts with: ``awsglue.utils.getResolvedOptions``,
    ``awsglue.context.GlueContext`` and ``awsglue.job.Job``."""

    get_resolved_options: Callable[[list[str], list[str]], dict[str, Any]]
    glue_context: Callable[[SparkContext], Any]
    job: Callable[[Any], Any]


@dataclass(frozen=True)
class JobStart(Generic[Args]):
    """A started job run: the resolved options, their validated form, the Glue context, the configured
    session and the initialized ``Job`` (call ``job.commit()`` when the run succeeded)."""

    options: dict[str, Any]
    args: Args
    glue_context: Any
    spark: SparkSession
    job: Any


def start_job(
    argv: Sequence[str],
    required: Sequence[str],
    optional: Sequence[str],
    parse: Callable[[Mapping[str, Any]], Args],
    glue: GlueApi,
) -> JobStart[Args]:
    """Log to stderr, resolve ``required`` (those of :data:`GLUE_RUN_ARGUMENTS` are only checked to be
    present) and the ``optional`` names present in ``argv``, validate them
    with ``parse`` (before any Spark work), create the Glue context, apply
    :data:`~medallion_glue.runtime.spark_session.REQUIRED_SPARK_SETTINGS` and ``Job.init`` under
    ``--JOB_NAME`` with the resolved options (which carry ``job_bookmark_option``).

    Raises:
        JobArgumentError: ``parse`` rejects a value, or a required Glue run argument is absent.
        GlueArgumentError: a required argument is missing (raised by ``getResolvedOptions``).
    """
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    asked = [name for name in required if name not in GLUE_RUN_ARGUMENTS]
    options = glue.get_resolved_options(list(argv), [*asked, *present_optional(argv, optional)])
    missing = [name for name in required if name in GLUE_RUN_ARGUMENTS and not options.get(name)]
    if missing:
        raise JobArgumentError(
            f"--{missing[0]} is missing: Glue sets it on every run; pass it when running the script yourself."
        )
    args = parse(options)
    glue_context = glue.glue_context(SparkContext.getOrCreate())
    spark = configure(glue_context.spark_session)
    job = glue.job(glue_context)
    job.init(options["JOB_NAME"], options)
    return JobStart(options, args, glue_context, spark, job)


def load_job_spec(spark: SparkSession, dataset_spec_uri: str) -> DatasetSpec:
    """The dataset spec at ``--dataset_spec_uri``, validated (:func:`medallion_glue.spec.loader.parse_spec`).

    Raises:
        JobArgumentError: the object is missing or empty (``--dataset_spec_uri`` names no spec).
        SpecError: the spec is invalid.
    """
    try:
        text = read_text_object(spark, dataset_spec_uri)
    except FileNotFoundError as error:
        raise JobArgumentError(
            f"--dataset_spec_uri: {error}. Pass the s3:// URI of the spec EtlJob uploaded (its "
            "DefaultArguments carry it)."
        ) from error
    return parse_spec(text, dataset_spec_uri)


@contextmanager
def observed_run(run: JobStart[Any]) -> Iterator[RunLineage]:
    """Wrap an entry script's work in its OpenLineage events (docs/lineage.md): START now, then COMPLETE
    when the block ends, or FAIL when it raises (a reconciliation failure included; the exception
    propagates, so the run still fails before ``Job.commit``). The block declares what it reads and writes
    on the yielded :class:`~medallion_glue.lineage.run.RunLineage`. ``--lineage_transport`` absent or
    ``off``: no event is sent. The job's ``parse`` (given to :func:`start_job`) has checked the
    ``--lineage_*`` values by the contract.

    Raises:
        JobArgumentError: ``--lineage_url`` is missing or not an http(s) URL for its transport (before START).
    """
    settings = lineage_settings(run.options)
    lineage = RunLineage(settings, run.options["JOB_NAME"], run.options.get("JOB_RUN_ID"), run.spark.version)
    with lineage_events(lineage):
        yield lineage
