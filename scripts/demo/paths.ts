/**
 * Fixed paths the demo reads, relative to the repository.
 *
 * @module
 */
import path from "node:path";

/** The repository root (this file is `scripts/demo/paths.ts`). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/**
 * Python of the project venv made by `scripts/setup.sh` (pyspark, duckdb, moto pinned in requirements.txt).
 * Override with the `DEMO_PYTHON` environment variable.
 */
export const DEFAULT_PYTHON = path.join(REPO_ROOT, ".venv", "bin", "python");

/** Folder on `PYTHONPATH` for the Glue package `medallion_glue`. */
export const GLUE_DIR = path.join(REPO_ROOT, "glue");

/** The dataset specs (`<dataset>.yaml`). */
export const DATASETS_DIR = path.join(REPO_ROOT, "datasets");

/** The script that reads the local lake with SQL (DuckDB over the catalog's Parquet files). */
export const INSPECT_LAKE_SCRIPT = path.join(REPO_ROOT, "scripts", "demo", "inspect_lake.py");

/** The demo's one Python process, which runs every Python step (`PythonWorker`). */
export const PYTHON_WORKER_SCRIPT = path.join(REPO_ROOT, "scripts", "demo", "python_worker.py");
