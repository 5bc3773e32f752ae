"""Where a job sends its lineage events and which run started it: the ``--lineage_transport``,
``--lineage_url``, ``--lineage_domain`` and ``--lineage_catalog`` job arguments
(``runtime/job_arguments.json``), set by the program from the stack config key
``medallion-lake:etl.lineage``, and the run-only ``--lineage_parent_job_namespace``,
``--lineage_parent_job_name`` and ``--lineage_parent_run_id`` that the bronze trigger (or whoever starts
a run) passes to name itself as the run's OpenLineage ``parent``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, Final, Literal

from medallion_glue.errors import JobArgumentError

#: The transports; the job contract lists them as ``lineage_transport``'s values, and the job's argument
#: parser refuses any other before the run starts.
Transport = Literal["off", "file", "http", "datazone"]

#: ``--lineage_transport`` when the argument is absent: no events, nothing to configure, no cost.
DEFAULT_TRANSPORT: Final[Transport] = "off"
#: OpenLineage namespace of every job's events (job names are the stack's Glue job names, unique per stack).
JOB_NAMESPACE: Final = "medallion-lake"
#: OpenLineage namespace of the Glue job runs named as parents (``parent`` run facet).
GLUE_JOB_NAMESPACE: Final = "aws-glue"
#: Namespace of catalog tables in ``symlinks`` when ``--lineage_catalog`` is absent (local runs: Spark's
#: session catalog).
DEFAULT_CATALOG_NAMESPACE: Final = "spark_catalog"

#: PostLineageEvent's limits, shared with the stack config (``config/etl.ts``): ``datazone.json`` beside this
#: module, from https://docs.aws.amazon.com/datazone/latest/APIReference/API_PostLineageEvent.html
_DATAZONE: Final[dict[str, Any]] = json.loads(
    resources.files(__package__).joinpath("datazone.json").read_text(encoding="utf-8")
)
#: An Amazon DataZone domain id as PostLineageEvent's ``domainIdentifier`` takes it: ``dzd_`` or ``dzd-``
#: then 1 to 36 letters, digits, ``_`` or ``-`` (the whole value must match).
DATAZONE_DOMAIN_ID: Final = re.compile(_DATAZONE["domain_id_pattern"])
#: A domain id quoted in error messages.
DATAZONE_DOMAIN_ID_EXAMPLE: Final[str] = _DATAZONE["domain_id_example"]
#: Largest ``event`` PostLineageEvent accepts, in bytes (the API's blob length limit).
DATAZONE_MAX_EVENT_BYTES: Final[int] = _DATAZONE["max_event_bytes"]

#: The parent run's rules, shared with the trigger Lambda that sets the parent arguments
#: (``lambdas/trigger/lineage-parent.ts``): ``parent_run.json`` beside this module.
_PARENT_RUN: Final[dict[str, Any]] = json.loads(
    resources.files(__package__).joinpath("parent_run.json").read_text(encoding="utf-8")
)
#: A parent run id as OpenLineage takes a ``runId``: a UUID in its 8-4-4-4-12 hexadecimal text form.
PARENT_RUN_ID: Final = re.compile(_PARENT_RUN["run_id_pattern"])
#: A parent run id quoted in error messages.
PARENT_RUN_ID_EXAMPLE: Final[str] = _PARENT_RUN["run_id_example"]
#: The run arguments that name the parent run, as ``(job namespace, job name, run id)``; a run has all
#: three or none.
PARENT_ARGUMENTS: Final = (
    "lineage_parent_job_namespace",
    "lineage_parent_job_name",
    "lineage_parent_run_id",
)


@dataclass(frozen=True)
class ParentRun:
    """The run that started this one, as OpenLineage's ``parent`` run facet names it.

    Attributes:
        namespace: The parent job's namespace, e.g. ``aws-lambda`` for the bronze trigger.
        name: The parent job's name, e.g. the trigger's Lambda function name.
        run_id: The parent run's id, a lowercase UUID, e.g. the trigger invocation's request id.
    """

    namespace: str
    name: str
    run_id: str


@dataclass(frozen=True)
class LineageSettings:
    """A job run's lineage settings.

    Attributes:
        transport: ``off`` (no events), ``file`` (append JSON lines to ``url``, a path on the driver),
            ``http`` (POST each event to ``url``, e.g. Marquez's ``http://host:5000/api/v1/lineage``) or
            ``datazone`` (PostLineageEvent to the Amazon DataZone domain ``domain_id``). @default ``off``
        url: The file path or the endpoint; None unless ``transport`` is ``file`` or ``http``.
        catalog_namespace: Namespace of the Data Catalog in ``symlinks`` facets,
            ``arn:aws:glue:<region>:<account>`` in AWS. @default :data:`DEFAULT_CATALOG_NAMESPACE`
        domain_id: The DataZone domain id (``dzd_...``); None unless ``transport`` is ``datazone``.
        parent: The run that started this one, from the ``--lineage_parent_*`` arguments; None when the
            run has none (a scheduled, conditional or hand-started run) or lineage is ``off``: the events
            then name the Glue job run as the parent. @default None
    """

    transport: Transport = DEFAULT_TRANSPORT
    url: str | None = None
    catalog_namespace: str = DEFAULT_CATALOG_NAMESPACE
    domain_id: str | None = None
    parent: ParentRun | None = None

    @property
    def destination(self) -> str:
        """Where events go, for log lines: the URL, ``DataZone domain <id>``, or ``nowhere``."""
        if self.transport == "datazone":
            return f"DataZone domain {self.domain_id}"
        return self.url or "nowhere"


def lineage_settings(options: Mapping[str, Any]) -> LineageSettings:
    """The settings in a run's resolved options (absent or blank arguments take the defaults).

    ``--lineage_transport`` must already be one of the contract's values (the job's argument parser
    checked it). Each transport reads only its own argument: ``--lineage_url`` for ``file`` and ``http``,
    ``--lineage_domain`` for ``datazone`` (the stack config refuses the other one). With ``off`` the
    ``--lineage_parent_*`` arguments are not read (the trigger passes them whether lineage is on or not);
    with any other transport they are checked (:func:`parent_run`).

    Raises:
        JobArgumentError: a ``file``/``http`` transport without ``--lineage_url``, an ``http`` URL that is
            not ``http://`` or ``https://``, a ``datazone`` transport without a valid ``--lineage_domain``,
            or bad ``--lineage_parent_*`` arguments; the message names the argument.
    """
    transport = (options.get("lineage_transport") or "").strip() or DEFAULT_TRANSPORT
    catalog = (options.get("lineage_catalog") or "").strip() or DEFAULT_CATALOG_NAMESPACE
    if transport == "off":
        return LineageSettings(catalog_namespace=catalog)
    parent = parent_run(options)
    if transport == "datazone":
        return LineageSettings("datazone", None, catalog, _domain_id(options), parent)
    url = (options.get("lineage_url") or "").strip() or None
    if url is None:
        raise JobArgumentError(
            f"--lineage_url is missing: the {transport} transport needs it. "
            "Set medallion-lake:etl.lineage.url (a file path, or an http(s):// endpoint)."
        )
    if transport == "http" and not url.startswith(("http://", "https://")):
        raise JobArgumentError(
            f"--lineage_url: {url!r} is not an http:// or https:// URL. "
            "Pass the endpoint, e.g. http://marquez:5000/api/v1/lineage."
        )
    return LineageSettings(transport, url, catalog, None, parent)  # type: ignore[arg-type]


def parent_run(options: Mapping[str, Any]) -> ParentRun | None:
    """The parent run the ``--lineage_parent_*`` arguments name (absent or blank ones are not given).

    Returns:
        None when none of the three is given; else the parent, its run id lowercased.

    Raises:
        JobArgumentError: one or two of the three are given (the message names the missing ones), or
            ``--lineage_parent_run_id`` is not a UUID in its 8-4-4-4-12 hexadecimal form (an OpenLineage
            ``runId`` must be a UUID).
    """
    given = {name: (options.get(name) or "").strip() for name in PARENT_ARGUMENTS}
    if not any(given.values()):
        return None
    missing = [f"--{name}" for name, value in given.items() if not value]
    if missing:
        has = [f"--{name}" for name, value in given.items() if value]
        raise JobArgumentError(
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing: a lineage parent run "
            f"needs {', '.join(f'--{n}' for n in PARENT_ARGUMENTS)} together, and the run has only "
            f"{' and '.join(has)}. Pass all three, or none (the events then name the Glue job run as the "
            "parent)."
        )
    namespace, name, run_id = given.values()
    if PARENT_RUN_ID.fullmatch(run_id) is None:
        raise JobArgumentError(
            f"--lineage_parent_run_id: {run_id!r} is not a UUID (8-4-4-4-12 hexadecimal digits), which "
            f"OpenLineage requires of a run id. Pass the parent run's UUID, e.g. {PARENT_RUN_ID_EXAMPLE}."
        )
    return ParentRun(namespace, name, run_id.lower())


def _domain_id(options: Mapping[str, Any]) -> str:
    """``--lineage_domain``, checked against :data:`DATAZONE_DOMAIN_ID`."""
    domain = (options.get("lineage_domain") or "").strip()
    if not domain:
        raise JobArgumentError(
            "--lineage_domain is missing: the datazone transport needs the Amazon DataZone domain id. "
            f"Set medallion-lake:etl.lineage.domainId, e.g. {DATAZONE_DOMAIN_ID_EXAMPLE}."
        )
    if DATAZONE_DOMAIN_ID.fullmatch(domain) is None:
        raise JobArgumentError(
            f"--lineage_domain: {domain!r} is not a DataZone domain id "
            "(dzd_ or dzd- then 1 to 36 letters, digits, _ or -). "
            f"Set medallion-lake:etl.lineage.domainId to the domain's id, e.g. {DATAZONE_DOMAIN_ID_EXAMPLE}."
        )
    return domain
