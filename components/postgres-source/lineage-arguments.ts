/**
 * The ingestion job's OpenLineage arguments: the program computes them from stack config
 * (`lineageJobArguments` in config/etl.ts, the same function the lake's own jobs use) and hands them in;
 * PostgresSource checks that each is a `--lineage_*` argument the job contract
 * (glue/medallion_glue/runtime/job_arguments.json) lets it set, so a typo or another job's argument is
 * refused at plan time instead of failing the run. docs/lineage.md describes the transports.
 */
import { jobArgumentSpecs } from "../../lib/glue-job-contract";
import { componentSubject, problem, throwIfProblems } from "../../lib/problems";

/** `--lineage_*` arguments of `jdbc_to_bronze` that PostgresSource sets, from the job contract. */
export const INGESTION_LINEAGE_ARGUMENTS: readonly string[] = jobArgumentSpecs("jdbc_to_bronze")
    .filter((spec) => spec.setBy === "PostgresSource" && spec.name.startsWith("lineage_"))
    .map((spec) => `--${spec.name}`);

/**
 * The lineage arguments to put in the ingestion job's `DefaultArguments` (a copy of `given`; `{}` when
 * undefined, so the job emits no events).
 *
 * @throws ProblemsError `PostgresSource <name>: lineageArguments: got "--x"; pass only ...` for every key
 *   that is not one of {@link INGESTION_LINEAGE_ARGUMENTS}, or an empty value.
 */
export function ingestionLineageArguments(
    name: string,
    given: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
    const entries = Object.entries(given ?? {});
    const problems = entries.flatMap(([key, value]) => {
        if (!INGESTION_LINEAGE_ARGUMENTS.includes(key)) {
            return [
                problem(
                    "lineageArguments",
                    key,
                    `pass only ${INGESTION_LINEAGE_ARGUMENTS.join(", ")} (lineageJobArguments in config/etl.ts builds them)`,
                ),
            ];
        }
        return value === ""
            ? [problem(`lineageArguments.${key}`, value, "give a value or leave the key out")]
            : [];
    });
    throwIfProblems(componentSubject("PostgresSource", name), problems);
    return Object.fromEntries(entries);
}
