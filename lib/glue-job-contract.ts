/**
 * The Glue jobs' contract, read from the files the Python package ships with (so the job zip carries the
 * same lists): every argument of each entry script (`glue/medallion_glue/runtime/job_arguments.json`) and
 * the values both languages share (`glue/medallion_glue/shared_constants.json`: Glue version, metric
 * namespace). The program, PostgresSource and the trigger take argument names from here, never as literals.
 * https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html
 */
import contract from "../glue/medallion_glue/runtime/job_arguments.json";
import shared from "../glue/medallion_glue/shared_constants.json";

/**
 * An entry script of `glue/jobs/`, by its file stem.
 * @internal Typed from the contract JSON; left out of the published declarations, so a consumer's
 * TypeScript needs no `resolveJsonModule` (the program and the components use it, consumers do not).
 */
export type GlueJobScript = keyof typeof contract.jobs;

/** The arguments of one script, by name (without `--`). */
type ArgumentsOf<J extends GlueJobScript> = (typeof contract.jobs)[J]["arguments"];

/**
 * Who sets an argument: Glue, the program (index.ts), EtlJob (an uploaded artifact), PostgresSource, the
 * trigger, or an operator starting one run by hand. Glue, trigger and operator arguments are run-only.
 */
export type ArgumentSetter = "Glue" | "program" | "EtlJob" | "PostgresSource" | "trigger" | "operator";

/** Setters of run-only arguments: never in a job definition's DefaultArguments. */
export const RUN_ONLY_SETTERS: readonly ArgumentSetter[] = ["Glue", "trigger", "operator"];

/** How the job parses an argument's value. */
export type ArgumentType = "string" | "s3_uri" | "s3_prefix" | "s3_uri_list";

/** One argument of a Glue job's entry script. */
export interface JobArgumentSpec {
    /** The name without `--`, e.g. `bronze_uri`. */
    readonly name: string;
    readonly type: ArgumentType;
    readonly required: boolean;
    readonly setBy: ArgumentSetter;
    readonly description: string;
}

/** Glue version the jobs and the `medallion_glue` package target (Spark 3.5.6, Python 3.11). */
export const GLUE_VERSION: string = shared.glue_version;

/** CloudWatch namespace of the ETL's per-run reconciliation metrics (`publish_metrics` in the package). */
export const ETL_METRICS_NAMESPACE: string = shared.metrics_namespace;

/**
 * Name of the Spark catalog the jobs address their Apache Iceberg tables through
 * (`glue_catalog.<zone database>.<table>`), backed by the Glue Data Catalog.
 * https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-format-iceberg.html
 */
export const ICEBERG_CATALOG: string = shared.iceberg_catalog;

/** Iceberg table format version of the silver and gold tables the jobs create (`format-version`). */
export const ICEBERG_FORMAT_VERSION: number = shared.iceberg_format_version;

/**
 * The entry scripts the contract lists, e.g. `bronze_to_silver`.
 * @internal Typed from the contract JSON; left out of the published declarations, so a consumer's
 * TypeScript needs no `resolveJsonModule` (the program and the components use it, consumers do not).
 */
export const GLUE_JOB_SCRIPTS = Object.keys(contract.jobs) as GlueJobScript[];

/**
 * The script's path relative to the repository root, e.g. `glue/jobs/bronze_to_silver.py`.
 * @internal Typed from the contract JSON; left out of the published declarations, so a consumer's
 * TypeScript needs no `resolveJsonModule` (the program and the components use it, consumers do not).
 */
export function jobScriptPath(job: GlueJobScript): string {
    return contract.jobs[job].script;
}

/**
 * Every argument of `job`'s entry script, in the contract's order.
 * @internal Typed from the contract JSON; left out of the published declarations, so a consumer's
 * TypeScript needs no `resolveJsonModule` (the program and the components use it, consumers do not).
 */
export function jobArgumentSpecs(job: GlueJobScript): JobArgumentSpec[] {
    return Object.entries(contract.jobs[job].arguments).map(([name, a]) => ({
        name,
        type: a.type as ArgumentType,
        required: a.required,
        setBy: a.set_by as ArgumentSetter,
        description: a.description,
    }));
}

/**
 * The command-line keys of `job`'s arguments, by name: `jobArguments("bronze_to_silver").bronze_uri` is
 * `"--bronze_uri"`. A name the contract lacks does not compile.
 *
 * @internal Typed from the contract JSON; left out of the published declarations, so a consumer's
 * TypeScript needs no `resolveJsonModule` (the program and the components use it, consumers do not).
 */
export function jobArguments<J extends GlueJobScript>(
    job: J,
): { readonly [N in keyof ArgumentsOf<J>]: `--${N & string}` } {
    return Object.fromEntries(
        Object.keys(contract.jobs[job].arguments).map((name) => [name, `--${name}`]),
    ) as {
        [N in keyof ArgumentsOf<J>]: `--${N & string}`;
    };
}

/**
 * The arguments of any entry script that only a run may set, never a job definition (their setter is one
 * of {@link RUN_ONLY_SETTERS}), each with who sets it: `--JOB_NAME` (Glue), `--source_keys` (an operator)
 * and the `--lineage_parent_*` arguments (the trigger on bronze_to_silver runs, an operator on the other
 * jobs' runs), e.g. `"the trigger or the operator sets it per run"`. EtlJob refuses them in
 * `defaultArguments` and `artifactArguments`.
 */
export const RUN_ONLY_ARGUMENTS: Readonly<Record<string, string>> = runOnlyArguments();

function runOnlyArguments(): Record<string, string> {
    const setters = new Map<string, ArgumentSetter[]>();
    for (const a of GLUE_JOB_SCRIPTS.flatMap(jobArgumentSpecs)) {
        if (!RUN_ONLY_SETTERS.includes(a.setBy)) continue;
        const key = `--${a.name}`;
        const known = setters.get(key) ?? [];
        if (!known.includes(a.setBy)) known.push(a.setBy);
        setters.set(key, known);
    }
    return Object.fromEntries(
        [...setters].map(([key, by]) => [
            key,
            by.includes("Glue")
                ? "Glue passes it to every run"
                : `${by.map((setter) => `the ${setter}`).join(" or ")} sets it per run`,
        ]),
    );
}
