"""Locates and loads the dataset spec JSON Schema shared with the TypeScript side.

The one source file is ``datasets/schema/dataset-spec.schema.json`` in the repository. The Glue
bundle built by :mod:`medallion_local.packaging` carries a copy at
``medallion_glue/_schema/dataset-spec.schema.json`` so the jobs validate with the same schema.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

#: Environment variable that overrides where the schema is read from (a file path).
SCHEMA_PATH_ENV = "MEDALLION_SPEC_SCHEMA"
#: Path of the schema relative to the repository root.
REPO_SCHEMA_PATH = Path("datasets/schema/dataset-spec.schema.json")
#: The package whose folder holds the bundled copy (the root of the Glue bundle).
BUNDLE_PACKAGE = "medallion_glue"
#: Where the Glue bundle carries its copy, relative to :data:`BUNDLE_PACKAGE`.
BUNDLED_SCHEMA_RESOURCE = ("_schema", "dataset-spec.schema.json")

REPO_ROOT = Path(__file__).resolve().parents[3]


@cache
def load_spec_schema() -> dict[str, Any]:
    """Return the dataset spec JSON Schema (draft 2020-12) as a dict.

    Looks in order at ``$MEDALLION_SPEC_SCHEMA``, the copy bundled in the package, and the
    repository file.

    Raises:
        FileNotFoundError: none of those exists; the message lists the places tried.
    """
    env_path = os.environ.get(SCHEMA_PATH_ENV)
    if env_path:
        return json.loads(Path(env_path).read_text(encoding="utf-8"))
    bundled = resources.files(BUNDLE_PACKAGE).joinpath(*BUNDLED_SCHEMA_RESOURCE)
    if bundled.is_file():
        return json.loads(bundled.read_text(encoding="utf-8"))
    repo_file = REPO_ROOT / REPO_SCHEMA_PATH
    if repo_file.is_file():
        return json.loads(repo_file.read_text(encoding="utf-8"))
    raise FileNotFoundError(
        f"dataset spec schema not found: set ${SCHEMA_PATH_ENV}, bundle it with "
        f"`python -m medallion_local.packaging`, or run from the repository ({repo_file})"
    )
