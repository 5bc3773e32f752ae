"""The simulator's local twin (``lambdas/simulator/local-run.ts``) run against a test server, so the Python
tests use the table the simulator defines (``lambdas/simulator/table.ts``), never a copy of its DDL."""

from __future__ import annotations

import json
import subprocess
from typing import Final

from medallion_glue.spec.schema import REPO_ROOT
from postgres_server import PostgresServer

#: The simulator's command-line twin.
LOCAL_RUN: Final = REPO_ROOT / "lambdas" / "simulator" / "local-run.ts"


def run_simulator(server: PostgresServer, *options: str) -> list[dict]:
    """Runs ``local-run.ts`` against ``server`` with ``options`` (``--schema-only``, or ``--start``,
    ``--minutes``, ``--seed`` ...) and returns its JSON lines (one per invocation, then the totals).

    Raises:
        RuntimeError: the simulator exited non-zero; the message holds its stderr.
    """
    argv = [
        "npx",
        "--no-install",
        "tsx",
        str(LOCAL_RUN),
        f"--host={server.host}",
        f"--port={server.port}",
        f"--user={server.user}",
        f"--database={server.database}",
        *options,
    ]
    done = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=180)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.strip()}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
