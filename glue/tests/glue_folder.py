"""A stand-in Glue folder for the entry scripts: bucket ``lake`` with real flights drops, bucket
``artifacts`` with what the stack uploads (the spec, the gold SQL, the dimensions)."""

from __future__ import annotations

import shutil
from pathlib import Path

from medallion_glue.spec.schema import REPO_ROOT
from medallion_local.layout import layout_flights, write_manifest

#: The buckets of the folder.
LAKE, ARTIFACTS = "lake", "artifacts"


def build_glue_folder(root: Path, days: int, rows: int) -> Path:
    """Lay out ``days`` daily flights drops of at most ``rows`` rows (with the layout's bad rows) and the
    artifacts under ``root`` (the stand-in's ``$AWSGLUE_LOCAL_ROOT``); returns ``root``."""
    lake = root / "s3" / LAKE
    write_manifest(lake, [layout_flights(lake, days=days, max_rows_per_day=rows)])
    artifacts = root / "s3" / ARTIFACTS
    (artifacts / "specs").mkdir(parents=True)
    shutil.copyfile(REPO_ROOT / "datasets" / "flights.yaml", artifacts / "specs" / "flights.yaml")
    shutil.copytree(REPO_ROOT / "glue" / "sql" / "gold", artifacts / "gold-sql")
    shutil.copytree(REPO_ROOT / "datasets" / "dimensions", artifacts / "dimensions")
    return root
