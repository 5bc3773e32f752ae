"""The Glue jobs' argument contract (``job_arguments.json`` beside this module) and the parser that reads it.

The JSON file is the one list of every argument of each entry script (``glue/jobs/<job>.py``): name,
type, required or optional, who sets it and what it means. The TypeScript side that sets the arguments
reads the same file (``lib/glue-job-contract.ts``), and it ships in the job zip with this package.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from medallion_glue.errors import JobArgumentError

#: The contract file, a resource of this package.
CONTRACT_RESOURCE = "job_arguments.json"

ArgumentType = Literal["string", "s3_uri", "s3_prefix", "s3_uri_list"]


@dataclass(frozen=True)
class JobArgument:
    """One argument of an entry script, as ``job_arguments.json`` lists it.

    Attributes:
        name: Without the leading ``--``, e.g. ``bronze_uri``.
        type: ``string`` (non-empty), ``s3_uri`` (used as given), ``s3_prefix`` (a trailing ``/`` is
            added) or ``s3_uri_list`` (a JSON array of ``s3://`` URIs; absent or blank: none).
        required: Whether every run has it.
        set_by: ``Glue``, ``program``, ``EtlJob``, ``PostgresSource``, ``trigger`` or ``operator``.
        description: What it means.
        values: The only values a ``string`` argument takes (e.g. ``off``, ``file``, ``http``); empty: any.
    """

    name: str
    type: ArgumentType
    required: bool
    set_by: str
    description: str
    values: tuple[str, ...] = ()


@cache
def _contract() -> dict[str, Any]:
    text = resources.files(__package__).joinpath(CONTRACT_RESOURCE).read_text(encoding="utf-8")
    return json.loads(text)


def job_arguments(job: str) -> tuple[JobArgument, ...]:
    """Every argument of the entry script ``glue/jobs/<job>.py``, in the contract's order.

    Raises:
        KeyError: the contract has no job ``job``.
    """
    arguments = _contract()["jobs"][job]["arguments"]
    return tuple(
        JobArgument(
            name,
            spec["type"],
            spec["required"],
            spec["set_by"],
            spec["description"],
            tuple(spec.get("values", ())),
        )
        for name, spec in arguments.items()
    )


def required_argument_names(job: str) -> tuple[str, ...]:
    """Names of the arguments every run of ``job`` has (to pass to ``getResolvedOptions``)."""
    return tuple(argument.name for argument in job_arguments(job) if argument.required)


def optional_argument_names(job: str) -> tuple[str, ...]:
    """Names of the arguments a run of ``job`` may have."""
    return tuple(argument.name for argument in job_arguments(job) if not argument.required)


def parse_job_arguments(job: str, resolved: Mapping[str, str]) -> dict[str, Any]:
    """Check the resolved arguments of ``job`` by the contract's types and return them by name.

    Only the contract's names are read. Optional arguments that are absent or blank come back as
    ``None``, except ``s3_uri_list`` ones, which come back as ``()``.

    Raises:
        JobArgumentError: a required argument is missing or empty, a value is not one of the
            argument's ``values``, an ``s3_*`` value is not an ``s3://`` URI, or an ``s3_uri_list`` is
            not a JSON array of them; the message names the argument and the fix.
    """
    values: dict[str, Any] = {}
    for argument in job_arguments(job):
        raw = (resolved.get(argument.name) or "").strip()
        if argument.type == "s3_uri_list":
            values[argument.name] = parse_s3_uri_list(argument.name, raw)
        elif not raw and not argument.required:
            values[argument.name] = None
        elif argument.type == "string":
            if not raw:
                raise JobArgumentError(
                    f"--{argument.name} is missing or empty. Pass it in the job's DefaultArguments."
                )
            if argument.values and raw not in argument.values:
                raise JobArgumentError(
                    f"--{argument.name}: {raw!r} is not one of {', '.join(argument.values)}. "
                    "Pass one of them."
                )
            values[argument.name] = raw
        else:
            values[argument.name] = _s3_uri(argument.name, raw, folder=argument.type == "s3_prefix")
    return values


def _s3_uri(name: str, value: str, folder: bool) -> str:
    if not value.startswith("s3://") or len(value) <= len("s3://") or value[len("s3://")] == "/":
        raise JobArgumentError(f"--{name}: {value!r} is not an s3:// URI. Pass e.g. s3://bucket/prefix/.")
    if folder and not value.endswith("/"):
        value += "/"
    return value


def parse_s3_uri_list(name: str, raw: str | None) -> tuple[str, ...]:
    """Parse a JSON array of ``s3://`` URIs (empty or absent: none), without repeats, in order.

    Raises:
        JobArgumentError: not a JSON array of ``s3://`` strings.
    """
    if raw is None or not raw.strip():
        return ()
    try:
        keys = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise JobArgumentError(
            f'--{name}: not JSON ({exc.msg}). Pass a JSON array such as ["s3://bucket/flights/a.csv"].'
        ) from exc
    if not isinstance(keys, list) or not all(isinstance(k, str) and k.startswith("s3://") for k in keys):
        raise JobArgumentError(f'--{name}: must be a JSON array of s3:// URIs, e.g. ["s3://bucket/a.csv"].')
    return tuple(dict.fromkeys(keys))
