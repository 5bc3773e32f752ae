/**
 * Where the code a DatasetPipeline deploys by default lives in the installed package: the Glue entry
 * scripts, the `medallion_glue` Python package, the gold SQL, the Python pins and the dataset spec schema.
 * Paths are resolved from the package root (the folder holding medallion-lake's package.json), so they hold
 * both in this repository and in `node_modules/medallion-lake` (package.json `files` ships them).
 */
import * as path from "node:path";
import { packageRoot } from "../../lambdas/code";
import { DATASET_SCHEMA_FILE } from "../../spec/dataset-specs";

/** The files a DatasetPipeline's jobs run; each path is absolute. */
export interface PipelineCode {
    /** Entry script of the bronze_to_silver job. @default `<package>/glue/jobs/bronze_to_silver.py` */
    bronzeToSilverScript: string;
    /** Entry script of the silver_to_gold job. @default `<package>/glue/jobs/silver_to_gold.py` */
    silverToGoldScript: string;
    /** The shared Python package, zipped into `--extra-py-files`. @default `<package>/glue/medallion_glue` */
    pythonPackageDir: string;
    /** Folder of `<gold table>.sql` files. @default `<package>/glue/sql/gold` */
    goldSqlDir: string;
    /** The pinned requirements the jobs install (`--additional-python-modules`). @default `<package>/requirements.txt` */
    requirementsFile: string;
    /** The dataset spec JSON Schema the jobs validate their spec with. @default `<package>/datasets/schema/dataset-spec.schema.json` */
    specSchemaFile: string;
}

/** Python distributions the Glue jobs install besides what Glue 5.1 ships (pinned in `requirementsFile`). */
export const PIPELINE_PYTHON_MODULES = ["jsonschema", "pyyaml"] as const;

/** Where the spec schema goes inside the Python package zip (`medallion_glue.spec.schema` reads it there). */
export const PACKAGED_SPEC_SCHEMA = "medallion_glue/_schema/dataset-spec.schema.json";

/** The shipped code of the installed package. */
export function shippedPipelineCode(root: string = packageRoot(__dirname)): PipelineCode {
    const glue = path.join(root, "glue");
    return {
        bronzeToSilverScript: path.join(glue, "jobs", "bronze_to_silver.py"),
        silverToGoldScript: path.join(glue, "jobs", "silver_to_gold.py"),
        pythonPackageDir: path.join(glue, "medallion_glue"),
        goldSqlDir: path.join(glue, "sql", "gold"),
        requirementsFile: path.join(root, "requirements.txt"),
        specSchemaFile: path.join(root, "datasets", DATASET_SCHEMA_FILE),
    };
}
