"""The demo's one Python process: every Python step of a run in one interpreter and one Spark JVM.

``scripts/demo/python.ts`` (``PythonWorker``) starts it once per demo run, right after the lake folder is
made, with ``--lake-dir``. It starts the local Spark session at once in a background thread (so the JVM's
start overlaps the offline plan, the layout and the trigger steps), then reads requests on stdin, one JSON
object per line, and runs them one at a time::

    {"id": 1, "argv": ["-m", "medallion_local.runner", "--lake-dir", "...", "--dataset", "tweets"]}

``argv`` is the command line a one-off ``python`` process would get: ``-m <module> ...`` or
``<script>.py ...`` of :data:`ENTRY_POINTS`; the worker calls that entry point's ``main(argv)`` in this
process, the Spark steps (the local runner, the transactional source) on the shared session. Each request
is answered on stdout with one JSON line::

    {"id": 1, "exit_code": 0, "stdout": "<what main printed: its JSON summary is the last line>"}

``exit_code`` is what ``main`` returned (or its ``SystemExit`` code; 1 and the trace on stderr when it
raised). Only answers go to stdout: whatever else writes to file descriptor 1 (the JVM, a library) goes to
stderr, with the progress and Spark's log. End of stdin stops the session and the process.

Why: a JVM start and the first stages of each Spark job (class loading, code generation, JIT) cost more
than the demo's few hundred thousand rows; with one process they are paid once (docs/demo.md#wall-time).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import logging
import os
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import IO, Any, Final

from medallion_glue.runtime.job_start import LOG_FORMAT
from medallion_glue.runtime.spark_session import local_session
from medallion_local.glue_lake import GlueLake
from medallion_local.iceberg_catalog import iceberg_session_settings
from medallion_local.runner import lake_iceberg_catalog
from pyspark.sql import SparkSession

#: This folder: the demo's own scripts (``inspect_lake.py``, ``transactional_demo.py``).
DEMO_DIR: Final = Path(__file__).resolve().parent
#: Settings of the shared session over ``local_session``'s, fit for the demo's small data on 2 cores:
#: - 2 shuffle partitions (``local_session``: 8): the largest shuffle holds 115,339 flights, a few MB, and
#:   each extra task costs scheduling and a file per Iceberg write;
#: - the JVM in UTC, as the JDBC driver reads PostgreSQL timestamps (``transactional_demo.py``), and JIT
#:   compilation by C1 only (``-XX:TieredStopAtLevel=1``): C2 compiling Spark's hot code costs more CPU
#:   than it saves on these few rows (measured: about half the CPU time of the flights and tweets runs,
#:   docs/demo.md#wall-time);
#: - the Spark UI off (``local_session`` too) and no console progress bars.
DEMO_SPARK_SETTINGS: Final = {
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    "spark.driver.extraJavaOptions": "-Duser.timezone=UTC -XX:TieredStopAtLevel=1",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
}
#: Application name of the shared session.
APP_NAME: Final = "medallion-demo"
LOG = logging.getLogger("medallion_local.demo_worker")

#: An entry point: ``(argv after the module or script, the shared session's getter) -> exit code``.
EntryPoint = Callable[[list[str], Callable[[], SparkSession]], int]


def _script(name: str) -> ModuleType:
    """The demo script ``scripts/demo/<name>.py`` as a module (imported once)."""
    module_name = f"demo_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, DEMO_DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def _layout(argv: list[str], _: Callable[[], SparkSession]) -> int:
    from medallion_local import layout

    return layout.main(argv)


def _runner(argv: list[str], session: Callable[[], SparkSession]) -> int:
    from medallion_local import runner

    return runner.main(argv, spark=session())


def _inspect(argv: list[str], _: Callable[[], SparkSession]) -> int:
    return _script("inspect_lake").main(argv)


def _transactional(argv: list[str], session: Callable[[], SparkSession]) -> int:
    return _script("transactional_demo").main(argv, spark=session())


#: What the worker runs, by the ``python`` command line's head: ``-m <module>`` or the script's file name.
ENTRY_POINTS: Final[Mapping[str, EntryPoint]] = {
    "medallion_local.layout": _layout,
    "medallion_local.runner": _runner,
    "inspect_lake.py": _inspect,
    "transactional_demo.py": _transactional,
}


def entry_point(argv: Sequence[str]) -> tuple[EntryPoint, list[str]]:
    """The entry point ``argv`` names and the arguments after it.

    Raises:
        ValueError: ``argv`` names no entry point of :data:`ENTRY_POINTS`.
    """
    if len(argv) >= 2 and argv[0] == "-m":
        head, rest = argv[1], list(argv[2:])
    elif argv:
        head, rest = Path(argv[0]).name, list(argv[1:])
    else:
        head, rest = "", []
    if head not in ENTRY_POINTS:
        raise ValueError(
            f"argv {list(argv)[:2]}: not an entry point of the demo worker; pass `-m <module>` or "
            f"`<script>.py` of {sorted(ENTRY_POINTS)}"
        )
    return ENTRY_POINTS[head], rest


def start_session(lake_dir: Path) -> SparkSession:
    """The shared session: ``local_session`` with the lake's Iceberg catalog and :data:`DEMO_SPARK_SETTINGS`.

    Raises:
        FileNotFoundError: a Spark jar is not cached (run ``bash scripts/setup.sh``).
    """
    settings = iceberg_session_settings(*lake_iceberg_catalog(GlueLake(lake_dir)))
    spark = local_session(app_name=APP_NAME, extra_settings={**settings, **DEMO_SPARK_SETTINGS})
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def run_request(request: Mapping[str, Any], session: Callable[[], SparkSession]) -> dict[str, Any]:
    """Runs one request; returns its answer (``id``, ``exit_code``, ``stdout``)."""
    out = io.StringIO()
    try:
        entry, rest = entry_point(request["argv"])
        with contextlib.redirect_stdout(out):
            code = entry(rest, session)
    except SystemExit as stop:  # argparse's usage errors
        code = stop.code if isinstance(stop.code, int) else 1
    except Exception:
        traceback.print_exc(file=sys.stderr)
        code = 1
    return {"id": request.get("id"), "exit_code": code, "stdout": out.getvalue()}


def serve(requests: IO[str], answers: IO[str], session: Callable[[], SparkSession]) -> int:
    """Answers every request line of ``requests`` on ``answers`` until end of input; returns how many."""
    served = 0
    for line in requests:
        if not line.strip():
            continue
        answers.write(json.dumps(run_request(json.loads(line), session)) + "\n")
        answers.flush()
        served += 1
    return served


def main(argv: Sequence[str] | None = None) -> int:
    """Serve requests until stdin closes; 0, or 1 when the session could not start (the cause on stderr)."""
    parser = argparse.ArgumentParser(prog="python_worker.py", description=__doc__.splitlines()[0])
    parser.add_argument("--lake-dir", type=Path, required=True, help="the demo's lake folder")
    args = parser.parse_args(argv)
    # Answers get the real stdout; file descriptor 1 (the JVM inherits it) and sys.stdout go to stderr.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, stream=sys.stderr)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="spark-start") as pool:
        started: Future[SparkSession] = pool.submit(start_session, args.lake_dir)
        try:
            serve(sys.stdin, answers, started.result)
        finally:
            if started.exception() is None:  # waits for a start still under way
                started.result().stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
