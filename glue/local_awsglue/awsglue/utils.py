"""``getResolvedOptions``: the job's ``--name value`` arguments as a dict, parsed as aws-glue-libs does.

Semantics kept from ``awsglue/utils.py``: every requested option is required (a missing one raises
:class:`GlueArgumentError`); unknown options are ignored; ``--name=value`` works too; the reserved Glue
options (``--job-bookmark-option``, ``--continuation-option``, ``--JOB_ID``, ``--JOB_RUN_ID``,
``--SECURITY_CONFIGURATION``, ``--encryption-type``, ``--job-bookmark-from``/``-to``) may not be requested
(RuntimeError) but are returned when given; ``job_bookmark_option`` defaults to ``job-bookmark-disable``.
See https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-crawler-pyspark-extensions-get-resolved-options.html
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from awsglue.job import Job


class GlueArgumentError(Exception):
    """A requested option is missing, or a value is not one of its choices."""


class _GlueArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # raise instead of sys.exit, as Glue does
        raise GlueArgumentError(message)


def _reserved(option: str, options: Sequence[str]) -> None:
    if option.lstrip("-") in options:
        raise RuntimeError("Using reserved arguments " + option)


def getResolvedOptions(args: Sequence[str], options: Sequence[str]) -> dict[str, str | None]:  # noqa: N802
    """Parse ``args`` (``sys.argv``: the script name first) for ``options`` (names without ``--``).

    Returns:
        ``{name: value}`` for every requested option, the reserved options (``None`` when absent),
        ``TempDir``/``RedshiftTempDir`` and ``job_bookmark_option``.

    Raises:
        GlueArgumentError: a requested option is missing or has no value.
        RuntimeError: a reserved option is requested, or a bookmark range is incomplete.
    """
    parser = _GlueArgumentParser(add_help=False)
    bookmark, continuation = Job.job_bookmark_options(), Job.continuation_options()
    _reserved(continuation[0], options)
    _reserved(bookmark[0], options)
    parser.add_argument(bookmark[0], choices=bookmark[1:], required=False)
    parser.add_argument(continuation[0], choices=continuation[1:], required=False)
    for option in Job.job_bookmark_range_options():
        _reserved(option, options)
        parser.add_argument(option, required=False)
    for option in Job.id_params()[1:]:
        _reserved(option, options)
        parser.add_argument(option, required=False)
    encryption = Job.encryption_type_options()
    _reserved(encryption[0], options)
    parser.add_argument(encryption[0], choices=encryption[1:])
    options = [opt for opt in options if opt not in {"RedshiftTempDir", "TempDir"}]
    parser.add_argument("--RedshiftTempDir", required=False)
    parser.add_argument("--TempDir", required=False)
    for option in options:
        parser.add_argument("--" + option, required=True)

    parsed, _unknown = parser.parse_known_args(list(args[1:]))
    resolved = vars(parsed)
    if resolved.get("TempDir") is not None:
        resolved["RedshiftTempDir"] = resolved["TempDir"]
    elif resolved.get("RedshiftTempDir") is not None:
        resolved["TempDir"] = resolved["RedshiftTempDir"]

    continuation_value = resolved.pop("continuation_option", None)
    if resolved.get("job_bookmark_option") is None:
        if continuation_value is None:
            resolved["job_bookmark_option"] = bookmark[3]
        else:
            resolved["job_bookmark_option"] = bookmark[continuation.index(continuation_value)]
    absent = [o for o in Job.job_bookmark_range_options() if resolved.get(o[2:].replace("-", "_")) is None]
    if resolved["job_bookmark_option"] == "job-bookmark-pause":
        if len(absent) == 1:
            raise RuntimeError("Missing option or value for " + absent[0])
    elif not absent:
        raise RuntimeError("Invalid option(s)" + " ".join(Job.job_bookmark_range_options()))
    return resolved
