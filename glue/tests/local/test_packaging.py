"""The Glue job bundle (``--extra-py-files``) holds ``medallion_glue`` and the spec schema, and nothing of the
local tools: ``medallion_local`` and the ``awsglue`` stand-in stay out of every job."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from medallion_local import packaging

GLUE_DIR = Path(__file__).resolve().parents[2]


def test_bundle_carries_the_package_and_the_schema_reproducibly(tmp_path):
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    names = packaging.build_bundle(first)
    packaging.build_bundle(second)
    assert "medallion_glue/_schema/dataset-spec.schema.json" in names
    assert "medallion_glue/runtime/bronze_to_silver.py" in names
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as bundle:
        assert (
            bundle.read("medallion_glue/_schema/dataset-spec.schema.json")
            == (GLUE_DIR.parent / "datasets" / "schema" / "dataset-spec.schema.json").read_bytes()
        )


def test_bundle_holds_exactly_the_glue_package_modules(tmp_path):
    names = packaging.build_bundle(tmp_path / "bundle.zip")
    package = GLUE_DIR / "medallion_glue"
    modules = sorted(f"medallion_glue/{p.relative_to(package).as_posix()}" for p in package.rglob("*.py"))
    assert [n for n in names if n.endswith(".py")] == modules
    assert {n.split("/")[1] for n in names if n.count("/") == 2} >= {"spec", "bronze", "silver", "runtime"}
    assert not [n for n in names if "medallion_local" in n or "awsglue" in n or "/local_" in n]
    assert not [n for n in names if n.split("/")[-1] in {"layout.py", "runner.py", "validate_specs.py"}]


def test_the_bundle_alone_imports_and_finds_its_schema(tmp_path):
    bundle = tmp_path / "bundle.zip"
    packaging.build_bundle(bundle)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "MEDALLION_SPEC_SCHEMA"}}
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import medallion_glue.runtime.bronze_to_silver, medallion_glue.spec.schema as s;"
        "print(medallion_glue.spec.schema.__file__); print(s.load_spec_schema()['title'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(bundle)], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    where, title = done.stdout.splitlines()
    assert where == str(bundle / "medallion_glue" / "spec" / "schema.py")
    assert title == "medallion-lake dataset spec"
