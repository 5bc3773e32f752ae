"""Validate every dataset spec in a folder without Spark (for CI and pre-commit).

Usage: ``PYTHONPATH=glue .venv/bin/python -m medallion_local.validate_specs [datasets/]``.
Prints one ``<file>: <field>: <problem>. <fix>`` line per problem and exits 1, or prints the
dataset names and exits 0. Also checks that every gold table has its SQL file (``--sql-dir``), with
the validator deploy uses (:mod:`medallion_local.spec_check`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from medallion_glue.errors import SpecError
from medallion_glue.spec.schema import REPO_ROOT

from medallion_local.spec_check import check_spec_directories, load_specs

DEFAULT_SQL_DIR = REPO_ROOT / "glue" / "sql" / "gold"


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description="Validate dataset specs.")
    parser.add_argument("specs_dir", nargs="?", type=Path, default=REPO_ROOT / "datasets")
    parser.add_argument("--sql-dir", type=Path, default=DEFAULT_SQL_DIR)
    args = parser.parse_args(argv)
    try:
        if not any(args.specs_dir.glob("*.yaml")):
            raise FileNotFoundError(f"no dataset spec (*.yaml) in {args.specs_dir}")
        issues = check_spec_directories([args.specs_dir], sql_dir=args.sql_dir)[args.specs_dir]
        if issues:
            raise SpecError(issues)
        names = sorted(load_specs(args.specs_dir))
    except (SpecError, FileNotFoundError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{len(names)} dataset specs valid: {', '.join(names)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
