"""Validate every dataset spec in a folder without Spark (for CI and pre-commit).

Usage: ``PYTHONPATH=glue .venv/bin/python -m medallion_local.validate_specs [datasets/]``.
Prints one ``<file>: <field>: <problem>. <fix>`` line per problem and exits 1, or prints the
dataset names and exits 0. Also checks that every gold table has its SQL file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from medallion_glue.errors import SpecError, SpecIssue
from medallion_glue.spec.schema import REPO_ROOT

from medallion_local.spec_check import load_specs

DEFAULT_SQL_DIR = REPO_ROOT / "glue" / "sql" / "gold"


def missing_gold_sql(specs_dir: Path, sql_dir: Path) -> list[SpecIssue]:
    """One issue per gold table of the specs in ``specs_dir`` without ``<sql_dir>/<table>.sql``."""
    issues = []
    for spec in load_specs(specs_dir).values():
        for i, table in enumerate(spec.gold_tables):
            if not (sql_dir / f"{table.name}.sql").is_file():
                issues.append(
                    SpecIssue(
                        spec.source_file,
                        f"gold.tables[{i}].name",
                        f"no SQL file {sql_dir / (table.name + '.sql')}",
                        "Add the SQL file or remove the table from the spec.",
                    )
                )
    return issues


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description="Validate dataset specs.")
    parser.add_argument("specs_dir", nargs="?", type=Path, default=REPO_ROOT / "datasets")
    parser.add_argument("--sql-dir", type=Path, default=DEFAULT_SQL_DIR)
    args = parser.parse_args(argv)
    try:
        issues = missing_gold_sql(args.specs_dir, args.sql_dir)
        names = sorted(load_specs(args.specs_dir))
    except (SpecError, FileNotFoundError) as exc:
        print(exc, file=sys.stderr)
        return 1
    if issues:
        print("\n".join(str(issue) for issue in issues), file=sys.stderr)
        return 1
    print(f"{len(names)} dataset specs valid: {', '.join(names)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
