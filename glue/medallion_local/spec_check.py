"""Checks dataset spec folders with the validator deploy uses (``spec/dataset-specs.ts``), then loads them.

Every rule of a spec beyond the JSON Schema (cross-field and cross-file rules, dimension files) is
written once, in TypeScript, because ``pulumi up`` must check specs without Python. Local tools have
Node.js too, so they call it: ``spec/check-specs-cli.ts`` through the repository's ``tsx``. The Glue
job does not need it: it reads the spec EtlJob uploaded, which deploy validated (see ``docs/etl.md``).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from medallion_glue.errors import SpecError, SpecIssue
from medallion_glue.spec.loader import load_spec
from medallion_glue.spec.model import DatasetSpec
from medallion_glue.spec.schema import REPO_ROOT, REPO_SCHEMA_PATH, SCHEMA_PATH_ENV

#: The TypeScript command line that checks spec folders.
CHECK_SPECS_CLI = REPO_ROOT / "spec" / "check-specs-cli.ts"
#: The TypeScript runner installed by ``npm ci``.
TSX = REPO_ROOT / "node_modules" / ".bin" / "tsx"


def check_spec_directories(
    directories: Sequence[str | Path], sql_dir: Path | None = None
) -> dict[Path, list[SpecIssue]]:
    """The problems of the specs in each folder (``[]`` when they are valid), in one Node.js run. With
    ``sql_dir``, a gold table without ``<sql_dir>/<table>.sql`` is a problem too (as on deploy).

    Each folder's ``*.yaml`` files are checked against the schema ``$MEDALLION_SPEC_SCHEMA`` names, or
    the repository's, as :func:`medallion_glue.spec.schema.load_spec_schema` reads it. Issues name
    their file as ``<folder>/<file name>``.

    Raises:
        FileNotFoundError: Node.js dependencies are not installed (run ``npm ci``).
        RuntimeError: the checker could not run; the message carries its error output.
    """
    if not TSX.is_file():
        raise FileNotFoundError(f"{TSX} not found: run `npm ci` (spec checks run the TypeScript validator)")
    schema = Path(os.environ.get(SCHEMA_PATH_ENV) or REPO_ROOT / REPO_SCHEMA_PATH).resolve()
    dirs = [Path(d) for d in directories]
    absolute = [str(d.resolve()) for d in dirs]
    done = subprocess.run(
        [
            str(TSX),
            str(CHECK_SPECS_CLI),
            "--schema",
            str(schema),
            *([] if sql_dir is None else ["--sql-dir", str(Path(sql_dir).resolve())]),
            *absolute,
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{CHECK_SPECS_CLI.name} failed (exit {done.returncode}): {done.stderr.strip()}")
    results = json.loads(done.stdout)
    return {d: [_issue(d, issue) for issue in results[a]] for d, a in zip(dirs, absolute, strict=True)}


def _issue(directory: Path, issue: dict[str, str]) -> SpecIssue:
    """A checker issue, its file named as ``<directory as given>/<file name>``."""
    file = str(directory / issue["file"]) if "file" in issue else str(directory)
    return SpecIssue(file, issue["field"], issue["problem"], issue["fix"])


def load_specs(directory: str | Path) -> dict[str, DatasetSpec]:
    """Check every ``*.yaml`` spec directly under ``directory`` as deploy does, then load them, keyed
    by dataset name.

    Raises:
        SpecError: a spec breaks a rule (schema, cross-field, cross-file, missing dimension file);
            all problems of all files are reported together.
        FileNotFoundError: ``directory`` holds no ``*.yaml`` file, or see :func:`check_spec_directories`.
    """
    directory = Path(directory)
    if not any(directory.glob("*.yaml")):
        raise FileNotFoundError(f"no dataset spec (*.yaml) in {directory}")
    issues = check_spec_directories([directory])[directory]
    if issues:
        raise SpecError(issues)
    specs = (load_spec(file) for file in sorted(directory.glob("*.yaml")))
    return {spec.name: spec for spec in specs}
