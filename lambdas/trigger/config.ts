/**
 * Runtime configuration of the bronze trigger Lambda, read from environment variables and validated once
 * at cold start.
 *
 * Environment contract (also in `docs/trigger.md`):
 *
 * | variable | required | meaning |
 * |---|---|---|
 * | `DATASET_ROUTES` | yes | JSON array of {@link DatasetRoute}: `{ "dataset", "bucket", "prefix", "suffix", "jobName" }` |
 *
 * @module
 */
import { DATASET_ROUTES_ENV, DEFAULT_ROUTE_PREFIX, DEFAULT_ROUTE_SUFFIX } from "./defaults";
import { type DatasetRoute, findOverlappingRoutes } from "./routes";
import * as z from "./zod";

/**
 * S3 bucket naming rule: 3-63 characters, lowercase letters, digits, dots and hyphens, starting and
 * ending with a letter or digit.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Schema of one route; unknown keys are rejected so a misspelt field (`jobname`) is caught at cold start. */
export const DatasetRouteSchema = z.strictObject({
    dataset: z.string().check(z.minLength(1, 'dataset must be a non-empty name such as "flights"')),
    bucket: z
        .string()
        .check(
            z.regex(
                BUCKET_NAME,
                'bucket must be a bare S3 bucket name such as "lake-bronze" (no s3://, no slash)',
            ),
        ),
    prefix: z._default(z.string(), DEFAULT_ROUTE_PREFIX),
    suffix: z._default(z.string(), DEFAULT_ROUTE_SUFFIX),
    jobName: z
        .string()
        .check(
            z.minLength(1, "jobName must name the Glue job that loads this dataset"),
            z.maxLength(255, "jobName must be at most 255 characters (Glue job name limit)"),
        ),
});

/** Schema of the whole route list: at least one route, unique dataset names, no overlapping filters. */
export const DatasetRoutesSchema = z.array(DatasetRouteSchema).check(
    z.minLength(1, "add at least one route"),
    z.superRefine((routes, ctx) => {
        const seen = new Map<string, number>();
        routes.forEach((route, index) => {
            const first = seen.get(route.dataset);
            if (first !== undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: [index, "dataset"],
                    message: `dataset "${route.dataset}" is already routed at index ${first}; give each route a unique dataset name`,
                });
            }
            seen.set(route.dataset, first ?? index);
        });
        for (const [i, j] of findOverlappingRoutes(routes)) {
            ctx.addIssue({
                code: "custom",
                path: [j],
                message:
                    `route "${routes[j]?.dataset}" overlaps route "${routes[i]?.dataset}" (index ${i}) on bucket ` +
                    `"${routes[j]?.bucket}": some key matches both prefix/suffix filters; make the prefixes or suffixes disjoint`,
            });
        }
    }),
);

/** Validated configuration of the trigger Lambda. */
export interface TriggerConfig {
    /** Non-overlapping dataset routes, in the order given. */
    readonly routes: readonly DatasetRoute[];
}

/** Thrown at cold start when the environment does not describe a valid configuration. */
export class TriggerConfigError extends Error {
    override readonly name = "TriggerConfigError";
}

/**
 * Reads and validates the trigger configuration.
 *
 * @param env - environment variables, normally `process.env`.
 * @returns the validated configuration, with `prefix`/`suffix` defaulted to `""`.
 * @throws {@link TriggerConfigError} when `DATASET_ROUTES` is missing, is not JSON, or breaks the schema;
 *   the message names each offending field (for example `DATASET_ROUTES[1].bucket`) and how to fix it.
 */
export function loadTriggerConfig(env: Readonly<Record<string, string | undefined>>): TriggerConfig {
    const raw = env[DATASET_ROUTES_ENV];
    if (raw === undefined || raw.trim() === "") {
        throw new TriggerConfigError(
            `${DATASET_ROUTES_ENV} is not set: set it to a JSON array of routes like ` +
                '[{"dataset":"flights","bucket":"lake-bronze","prefix":"flights/","suffix":".csv","jobName":"flights-silver"}]',
        );
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch (error) {
        throw new TriggerConfigError(
            `${DATASET_ROUTES_ENV} is not valid JSON (${(error as Error).message}); it must be a JSON array of routes`,
        );
    }
    const result = DatasetRoutesSchema.safeParse(parsed);
    if (!result.success) {
        const problems = result.error.issues.map(
            (issue) => `${formatPath(DATASET_ROUTES_ENV, issue.path)}: ${issue.message}`,
        );
        throw new TriggerConfigError(`Invalid ${DATASET_ROUTES_ENV}:\n  ${problems.join("\n  ")}`);
    }
    return { routes: result.data };
}

function formatPath(root: string, path: ReadonlyArray<PropertyKey>): string {
    return path.reduce<string>(
        (text, part) => (typeof part === "number" ? `${text}[${part}]` : `${text}.${String(part)}`),
        root,
    );
}
