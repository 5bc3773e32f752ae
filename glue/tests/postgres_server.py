"""A throwaway PostgreSQL server for tests, on 127.0.0.1 on a free port, with trust auth.

``start_postgres()`` runs ``initdb`` into a fresh temp dir and ``pg_ctl start``; ``PostgresServer.stop()``
shuts it down and deletes every file it wrote. The Debian server binaries (``postgresql-15``) are found
through the ``PG_BIN`` environment variable or the newest ``/usr/lib/postgresql/<major>/bin``. PostgreSQL
refuses to run as root, so when the test process is root every binary runs through
``runuser -u postgres --`` with the temp dir chowned to the ``postgres`` user. Durability is off
(``fsync=off``): the data is thrown away.

The TypeScript tests use the same recipe (``tests/support/postgres.ts``).

See https://www.postgresql.org/docs/15/app-initdb.html and https://www.postgresql.org/docs/15/app-pg-ctl.html
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import psycopg
from psycopg import sql

#: Root under which Debian installs one ``<major>/bin`` folder per PostgreSQL version.
DEBIAN_POSTGRES_ROOT: Final = Path("/usr/lib/postgresql")
#: Loopback address the server listens on (never a routable address).
TEST_POSTGRES_HOST: Final = "127.0.0.1"
#: Superuser created by ``initdb -U``; trust auth, no password.
TEST_POSTGRES_USER: Final = "postgres"
#: Database created for the tests unless ``start_postgres(database=...)`` says otherwise.
DEFAULT_TEST_DATABASE: Final = "medallion_test"
#: OS user that owns the data dir and runs the server when the test process is root.
POSTGRES_OS_USER: Final = "postgres"
#: Seconds ``pg_ctl start/stop -w`` waits before failing.
PG_CTL_TIMEOUT_SECONDS: Final = 30


class PostgresUnavailableError(RuntimeError):
    """The server binaries are missing, or ``initdb``/``pg_ctl`` failed (the message has the log tail)."""


def find_postgres_bin_dir(env: Mapping[str, str] | None = None, root: Path = DEBIAN_POSTGRES_ROOT) -> Path:
    """Folder holding ``initdb``, ``pg_ctl`` and ``postgres``.

    Order: ``PG_BIN``, then the newest ``<root>/<major>/bin``.

    Raises:
        PostgresUnavailableError: ``PG_BIN`` has no ``initdb``, or no server is installed under ``root``
            (the message says to ``apt-get install -y postgresql-15`` or set ``PG_BIN``).
    """
    env = os.environ if env is None else env
    from_env = env.get("PG_BIN", "")
    if from_env:
        if not (Path(from_env) / "initdb").exists():
            raise PostgresUnavailableError(
                f"PG_BIN={from_env} has no initdb: point PG_BIN at the bin folder of a PostgreSQL install."
            )
        return Path(from_env)
    majors = (
        sorted(
            (int(entry.name) for entry in root.iterdir() if re.fullmatch(r"\d+", entry.name)),
            reverse=True,
        )
        if root.is_dir()
        else []
    )
    for major in majors:
        candidate = root / str(major) / "bin"
        if (candidate / "initdb").exists():
            return candidate
    raise PostgresUnavailableError(
        f"No PostgreSQL server binaries under {root}/<major>/bin: install them with "
        "`apt-get install -y postgresql-15`, or set PG_BIN to the folder holding initdb and pg_ctl."
    )


def find_free_port(host: str = TEST_POSTGRES_HOST) -> int:
    """A TCP port the kernel reports free on ``host``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    """A running throwaway server; ``stop()`` it (or use :func:`running_postgres`)."""

    host: str
    port: int
    user: str
    database: str
    base_dir: Path
    _bin_dir: Path = field(repr=False)
    _as_root: bool = field(repr=False)
    _stopped: bool = field(default=False, repr=False)

    @property
    def dsn(self) -> str:
        """libpq connection string for psycopg/psql."""
        return f"host={self.host} port={self.port} user={self.user} dbname={self.database}"

    @property
    def jdbc_url(self) -> str:
        """``jdbc:postgresql://127.0.0.1:<port>/<database>`` (user passed separately)."""
        return f"jdbc:postgresql://{self.host}:{self.port}/{self.database}"

    def connect(self) -> psycopg.Connection:
        """A new autocommit psycopg connection to the test database."""
        return psycopg.connect(self.dsn, autocommit=True)

    def stop(self) -> None:
        """Stops the server (``pg_ctl stop -m fast``) and deletes ``base_dir``. Safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        try:
            data_dir = self.base_dir / "data"
            if (data_dir / "postmaster.pid").exists():
                _run(
                    self._bin_dir,
                    self._as_root,
                    self.base_dir,
                    [
                        "pg_ctl",
                        "-D",
                        str(data_dir),
                        "-m",
                        "fast",
                        "-w",
                        "-t",
                        str(PG_CTL_TIMEOUT_SECONDS),
                        "stop",
                    ],
                )
        finally:
            shutil.rmtree(self.base_dir, ignore_errors=True)


def _run(bin_dir: Path, as_root: bool, cwd: Path, argv: list[str]) -> None:
    """Runs a server binary, as the ``postgres`` OS user when root; raises with the log tail on failure."""
    command = [str(bin_dir / argv[0]), *argv[1:]]
    if as_root:
        command = ["runuser", "-u", POSTGRES_OS_USER, "--", *command]
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        log_file = cwd / "server.log"
        log = log_file.read_text(errors="replace")[-2000:] if log_file.exists() else "(no server.log)"
        raise PostgresUnavailableError(
            f"{' '.join(argv)} failed ({completed.returncode}): {completed.stderr.strip()}\n"
            f"server.log tail:\n{log}"
        )


def start_postgres(
    database: str = DEFAULT_TEST_DATABASE, env: Mapping[str, str] | None = None
) -> PostgresServer:
    """Starts a server on 127.0.0.1 on a free port and creates ``database``.

    Raises:
        PostgresUnavailableError: binaries missing, or ``initdb``/``pg_ctl`` failed.
    """
    bin_dir = find_postgres_bin_dir(env)
    as_root = os.geteuid() == 0
    base_dir = Path(tempfile.mkdtemp(prefix="medallion-pg-"))
    if as_root:
        try:
            owner = pwd.getpwnam(POSTGRES_OS_USER)
        except KeyError as error:
            shutil.rmtree(base_dir, ignore_errors=True)
            raise PostgresUnavailableError(
                f"Running as root but there is no '{POSTGRES_OS_USER}' OS user to run the server as "
                "(PostgreSQL refuses to run as root): install postgresql-15, which creates it."
            ) from error
        os.chown(base_dir, owner.pw_uid, owner.pw_gid)
    port = find_free_port()
    server = PostgresServer(
        host=TEST_POSTGRES_HOST,
        port=port,
        user=TEST_POSTGRES_USER,
        database=database,
        base_dir=base_dir,
        _bin_dir=bin_dir,
        _as_root=as_root,
    )
    data_dir = base_dir / "data"
    try:
        _run(
            bin_dir,
            as_root,
            base_dir,
            [
                "initdb",
                "-D",
                str(data_dir),
                "-U",
                TEST_POSTGRES_USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
        )
        server_options = (
            f"-h {TEST_POSTGRES_HOST} -p {port} -k {base_dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        _run(
            bin_dir,
            as_root,
            base_dir,
            [
                "pg_ctl",
                "-D",
                str(data_dir),
                "-l",
                str(base_dir / "server.log"),
                "-w",
                "-t",
                str(PG_CTL_TIMEOUT_SECONDS),
                "-o",
                server_options,
                "start",
            ],
        )
        admin_dsn = f"host={TEST_POSTGRES_HOST} port={port} user={TEST_POSTGRES_USER} dbname=postgres"
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    except BaseException:
        server.stop()
        raise
    return server


@contextmanager
def running_postgres(database: str = DEFAULT_TEST_DATABASE) -> Iterator[PostgresServer]:
    """``start_postgres`` as a context manager that always stops the server."""
    server = start_postgres(database)
    try:
        yield server
    finally:
        server.stop()
