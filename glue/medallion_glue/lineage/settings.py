"""Where a job sends its lineage events: the ``--lineage_transport``, ``--lineage_url`` and
``--lineage_catalog`` job arguments (``runtime/job_arguments.json``), set by the program from the stack
config key ``medallion-lake:etl.lineage``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from medallion_glue.errors import JobArgumentError

#: The transports; the job contract lists them as ``lineage_transport``'s values, and the job's argument
#: parser refuses any other before the run starts.
Transport = Literal["off", "file", "http"]

#: ``--lineage_transport`` when the argument is absent: no events, nothing to configure, no cost.
DEFAULT_TRANSPORT: Final[Transport] = "off"
#: OpenLineage namespace of every job's events (job names are the stack's Glue job names, unique per stack).
JOB_NAMESPACE: Final = "medallion-lake"
#: OpenLineage namespace of the Glue job runs named as parents (``parent`` run facet).
GLUE_JOB_NAMESPACE: Final = "aws-glue"
#: Namespace of catalog tables in ``symlinks`` when ``--lineage_catalog`` is absent (local runs: Spark's
#: session catalog).
DEFAULT_CATALOG_NAMESPACE: Final = "spark_catalog"


@dataclass(frozen=True)
class LineageSettings:
    """A job run's lineage settings.

    Attributes:
        transport: ``off`` (no events), ``file`` (append JSON lines to ``url``, a path on the driver) or
            ``http`` (POST each event to ``url``, e.g. Marquez's ``http://host:5000/api/v1/lineage``).
            @default ``off``
        url: The file path or the endpoint; None when ``transport`` is ``off``.
        catalog_namespace: Namespace of the Data Catalog in ``symlinks`` facets,
            ``arn:aws:glue:<region>:<account>`` in AWS. @default :data:`DEFAULT_CATALOG_NAMESPACE`
    """

    transport: Transport = DEFAULT_TRANSPORT
    url: str | None = None
    catalog_namespace: str = DEFAULT_CATALOG_NAMESPACE


def lineage_settings(options: Mapping[str, Any]) -> LineageSettings:
    """The settings in a run's resolved options (absent or blank arguments take the defaults).

    ``--lineage_transport`` must already be one of the contract's values (the job's argument parser
    checked it).

    Raises:
        JobArgumentError: a ``file``/``http`` transport without ``--lineage_url``, or an ``http`` URL that is
            not ``http://`` or ``https://``; the message names the argument.
    """
    transport = (options.get("lineage_transport") or "").strip() or DEFAULT_TRANSPORT
    url = (options.get("lineage_url") or "").strip() or None
    catalog = (options.get("lineage_catalog") or "").strip() or DEFAULT_CATALOG_NAMESPACE
    if transport == "off":
        return LineageSettings(catalog_namespace=catalog)
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
    return LineageSettings(transport, url, catalog)  # type: ignore[arg-type]
