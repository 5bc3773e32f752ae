"""Run the exact Glue entry scripts (``glue/jobs/*.py``, the files EtlJob uploads) in this process.

The stand-in ``awsglue`` (``glue/local_awsglue/``) goes first on ``sys.path``, ``$AWSGLUE_LOCAL_ROOT``
names its state folder (S3 buckets, bookmarks, connections: :mod:`awsglue.local_state`) and ``sys.argv``
is built from the job's arguments as Glue passes them (``--name value``). The script then runs as
``__main__`` through :func:`runpy.run_path`, on the process's SparkSession when one exists. The local
runner (:mod:`medallion_local.runner`) and the tests in ``glue/tests/jobs/`` run the scripts this way.
"""

from __future__ import annotations

import os
import runpy
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from medallion_glue.spec.schema import REPO_ROOT
from pyspark.sql import SparkSession

#: The entry scripts EtlJob uploads.
JOBS_DIR = REPO_ROOT / "glue" / "jobs"
#: The folder holding the stand-in package ``awsglue``.
LOCAL_AWSGLUE_DIR = REPO_ROOT / "glue" / "local_awsglue"


def job_argv(script: Path, arguments: Mapping[str, str]) -> list[str]:
    """``sys.argv`` of a Glue run: the script, then ``--name value`` per argument (names without ``--``)."""
    argv = [str(script)]
    for name, value in arguments.items():
        argv += [f"--{name.removeprefix('--')}", value]
    return argv


@contextmanager
def stand_in_on_path() -> Iterator[None]:
    """The stand-in ``awsglue`` first on ``sys.path`` (importable inside the block); restored after."""
    saved_path = list(sys.path)
    sys.path.insert(0, str(LOCAL_AWSGLUE_DIR))
    try:
        yield
    finally:
        sys.path[:] = saved_path


@contextmanager
def glue_environment(local_root: Path, argv: list[str]) -> Iterator[None]:
    """``sys.path``, ``sys.argv`` and ``$AWSGLUE_LOCAL_ROOT`` as a Glue run sees them; restored after."""
    with stand_in_on_path():
        from awsglue.local_state import ROOT_ENV  # the stand-in, importable from here on

        saved_argv, saved_root = list(sys.argv), os.environ.get(ROOT_ENV)
        sys.argv = argv
        os.environ[ROOT_ENV] = str(local_root)
        try:
            yield
        finally:
            sys.argv = saved_argv
            if saved_root is None:
                os.environ.pop(ROOT_ENV, None)
            else:
                os.environ[ROOT_ENV] = saved_root


def mount_s3_buckets(spark: SparkSession, local_root: Path) -> list[str]:
    """Serve ``s3://<bucket>/`` from ``<local_root>/s3/<bucket>/`` in ``spark`` now, as a ``GlueContext``
    does when a script starts (:func:`awsglue.local_state.mount_s3_on_session`), so that tables with
    ``s3://`` locations can be registered in the session catalog before a script runs. Returns the buckets.
    """
    with stand_in_on_path():
        from awsglue.local_state import mount_s3_on_session

    return mount_s3_on_session(spark, local_root)


def run_glue_script(script: str | Path, arguments: Mapping[str, str], local_root: Path) -> None:
    """Run one entry script (a path, or a name under ``glue/jobs/`` such as ``bronze_to_silver``) as Glue
    would, with ``arguments`` as its job arguments and ``local_root`` as the stand-in's state folder.

    Raises:
        FileNotFoundError: no such script.
        Whatever the script raises (a failed run raises before ``Job.commit``, as in Glue).
    """
    path = Path(script) if str(script).endswith(".py") else JOBS_DIR / f"{script}.py"
    if not path.is_file():
        raise FileNotFoundError(f"Glue entry script {path} does not exist")
    with glue_environment(local_root, job_argv(path, arguments)):
        runpy.run_path(str(path), run_name="__main__")
