"""Build the ``medallion_glue`` bundle for Glue's ``--extra-py-files``.

The zip holds every file of the package (as EtlJob zips it: no bytecode caches or hidden files)
plus a copy of the dataset spec JSON Schema at
``medallion_glue/_schema/dataset-spec.schema.json`` (found by
:func:`medallion_glue.spec.schema.load_spec_schema`). Entries are written in sorted order with a
fixed timestamp, so the same sources always give the same bytes (content-hash friendly).

CLI: ``python -m medallion_local.packaging --out dist/glue/medallion_glue.zip``
"""

from __future__ import annotations

import argparse
import zipfile
from collections.abc import Sequence
from pathlib import Path

import medallion_glue
from medallion_glue.spec.schema import BUNDLED_SCHEMA_RESOURCE, REPO_ROOT, REPO_SCHEMA_PATH

#: The package folder zipped into the bundle (``glue/medallion_glue``; medallion_local stays out).
PACKAGE_DIR = Path(medallion_glue.__file__).resolve().parent
#: Timestamp of every zip entry (the earliest a zip can hold), for reproducible bytes.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _skipped(relative: Path) -> bool:
    """Left out of the bundle, as EtlJob leaves them out of the zip it uploads
    (``pythonPackageFiles`` in ``components/etl-job/content-hash.ts``): bytecode caches, hidden files."""
    hidden = any(part == "__pycache__" or part.startswith(".") for part in relative.parts)
    return hidden or relative.suffix in {".pyc", ".pyo"}


def build_bundle(out: Path, schema_path: Path = REPO_ROOT / REPO_SCHEMA_PATH) -> list[str]:
    """Write the bundle to ``out`` and return the entry names.

    Raises:
        FileNotFoundError: ``schema_path`` does not exist.
    """
    if not schema_path.is_file():
        raise FileNotFoundError(f"dataset spec schema not found at {schema_path}")
    entries = {
        f"medallion_glue/{path.relative_to(PACKAGE_DIR).as_posix()}": path.read_bytes()
        for path in sorted(PACKAGE_DIR.rglob("*"))
        if path.is_file() and not _skipped(path.relative_to(PACKAGE_DIR))
    }
    entries["medallion_glue/" + "/".join(BUNDLED_SCHEMA_RESOURCE)] = schema_path.read_bytes()
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            bundle.writestr(info, entries[name])
    return sorted(entries)


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point: build the bundle and print its path."""
    parser = argparse.ArgumentParser(description="Build the medallion_glue zip for Glue --extra-py-files.")
    parser.add_argument("--out", type=Path, required=True, help="zip file to write")
    args = parser.parse_args(argv)
    names = build_bundle(args.out)
    print(f"{args.out} ({len(names)} entries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
