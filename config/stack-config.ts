/**
 * Loads and validates the whole stack config (`Pulumi.<stack>.yaml`) once, before any resource is
 * registered. Every project key lives in the `medallion-lake` namespace; `aws:region` and
 * `aws:allowedAccountIds` are read from the provider's namespace.
 *
 * Errors are thrown as {@link StackConfigError} (a `ProblemsError` of lib/problems.ts), one line per problem:
 * `stack config: medallion-lake:lifecycle.bronze.glacierAfterDays: got 20; S3 requires ...`.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ACCOUNT_ID_PATTERN, kmsKeyArnProblem, regionProblem } from "../lib/aws";
import { type Problem, ProblemsError, problemFromLine } from "../lib/problems";
import { dashboardsConfigShape } from "./dashboards";
import { etlConfigShape } from "./etl";
import { icebergConfigShape } from "./iceberg";
import { lakeConfigShape } from "./lake";
import { lakeFormationConfigShape } from "./lake-formation";
import { sourcesConfigShape } from "./sources";
import { triggerConfigShape } from "./trigger";

/** The config namespace of this project. */
export const CONFIG_NAMESPACE = "medallion-lake";

/** Schema of every `medallion-lake:*` key. Unknown keys are errors (a typo must not be ignored). */
export const projectConfigSchema = z.strictObject({
    ...lakeConfigShape,
    ...etlConfigShape,
    ...icebergConfigShape,
    ...lakeFormationConfigShape,
    ...sourcesConfigShape,
    ...triggerConfigShape,
    ...dashboardsConfigShape,
});

/** The project's validated config, with defaults applied. */
export type ProjectConfig = z.infer<typeof projectConfigSchema>;

/** Everything the program needs from a stack's config. */
export interface StackConfig extends ProjectConfig {
    /** Pulumi project name. */
    project: string;
    /** Pulumi stack name. */
    stack: string;
    /** The one account this stack may deploy to, from `aws:allowedAccountIds`. */
    accountId: string;
    /** `aws:region`. */
    region: string;
}

/** The subject of stack config problems: `stack config: <key>: got X; <fix>`. */
export const STACK_CONFIG_SUBJECT = "stack config";

/**
 * Raised for invalid config: the {@link ProblemsError} of the stack config, one problem per bad key, each
 * naming the full key (`medallion-lake:<key>` or `aws:<key>`).
 */
export class StackConfigError extends ProblemsError {
    constructor(problems: readonly Problem[]) {
        super(STACK_CONFIG_SUBJECT, problems);
        this.name = "StackConfigError";
    }
}

/** Parses one raw config value as Pulumi stores it: JSON for structured values, else the plain string. */
function parseRawValue(raw: string): unknown {
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
    let current: unknown = root;
    for (const key of path) {
        if (current === null || typeof current !== "object") return undefined;
        current = (current as Record<PropertyKey, unknown>)[key];
    }
    return current;
}

function describe(value: unknown): string {
    return value === undefined ? "nothing" : JSON.stringify(value);
}

/** How to store an account id so the program and the AWS provider both read a 12-digit string. */
export const ACCOUNT_ID_FIX =
    "set it with `pulumi config set --path --type string 'aws:allowedAccountIds[0]' <12 digits>` (Pulumi CLI with --type), or write `aws:allowedAccountIds: [\"<12 digits>\"]` in Pulumi.<stack>.yaml";

/** The problem with the one pinned account id, or undefined when it is a 12-digit string. */
function accountIdProblem(value: unknown): string | undefined {
    if (typeof value === "string" && ACCOUNT_ID_PATTERN.test(value)) return undefined;
    if (typeof value === "number") {
        return `aws:allowedAccountIds: got ${value}, a number (pulumi config set --path stores unquoted digits as a number); ${ACCOUNT_ID_FIX}`;
    }
    if (typeof value === "string" && /^["']\d{12}["']$/.test(value)) {
        return `aws:allowedAccountIds: got ${JSON.stringify(value)}, with the quotes inside the value (pulumi config set --path keeps them); ${ACCOUNT_ID_FIX}`;
    }
    return `aws:allowedAccountIds: got ${JSON.stringify(value)}; an account id is 12 digits, written as a quoted string`;
}

/**
 * Validates a flat map of config keys (`"<namespace>:<key>" -> raw string`, as `pulumi.runtime.allConfig()`
 * returns it).
 * @throws StackConfigError listing every problem, each naming the full key, the value and what is allowed.
 */
export function parseStackConfig(raw: Record<string, string>, project: string, stack: string): StackConfig {
    const problems: string[] = [];
    const projectValues: Record<string, unknown> = {};
    for (const [fullKey, value] of Object.entries(raw)) {
        const [namespace, ...rest] = fullKey.split(":");
        if (namespace === CONFIG_NAMESPACE) projectValues[rest.join(":")] = parseRawValue(value);
    }

    const region = raw["aws:region"];
    if (region === undefined) {
        problems.push(
            "aws:region: not set; run `pulumi config set aws:region <region>` (for example eu-west-1)",
        );
    } else {
        const fix = regionProblem(region);
        if (fix) problems.push(`aws:region: got ${JSON.stringify(region)}; ${fix}`);
    }

    let accountId = "";
    const allowed =
        raw["aws:allowedAccountIds"] === undefined ? undefined : parseRawValue(raw["aws:allowedAccountIds"]);
    if (!Array.isArray(allowed) || allowed.length !== 1) {
        problems.push(
            `aws:allowedAccountIds: got ${describe(allowed)}; pin exactly one account, e.g. aws:allowedAccountIds: ["123456789012"]`,
        );
    } else {
        const problem = accountIdProblem(allowed[0]);
        if (problem) problems.push(problem);
        else accountId = allowed[0];
    }

    const parsed = projectConfigSchema.safeParse(projectValues);
    if (!parsed.success) {
        for (const issue of parsed.error.issues) {
            if (issue.code === "unrecognized_keys") {
                for (const key of issue.keys) {
                    const path = [...issue.path, key].join(".");
                    problems.push(
                        `${CONFIG_NAMESPACE}:${path}: unknown key; remove it or fix its spelling (see the configuration reference in README.md)`,
                    );
                }
                continue;
            }
            const key = `${CONFIG_NAMESPACE}:${issue.path.join(".")}`;
            const message = issue.message.startsWith("got ")
                ? issue.message
                : `got ${describe(valueAt(projectValues, issue.path))}; ${issue.message}`;
            problems.push(`${key}: ${message}`);
        }
    }
    const kmsKeyArn = parsed.success ? parsed.data.kmsKeyArn : undefined;
    if (kmsKeyArn !== undefined && region !== undefined && regionProblem(region) === undefined) {
        const problem = kmsKeyArnProblem(kmsKeyArn, region);
        if (problem)
            problems.push(`${CONFIG_NAMESPACE}:kmsKeyArn: got ${JSON.stringify(kmsKeyArn)}; ${problem}`);
    }
    if (problems.length > 0 || !parsed.success) throw new StackConfigError(problems.map(problemFromLine));
    return { ...parsed.data, project, stack, accountId, region: region as string };
}

/** Reads and validates the running stack's config. @throws StackConfigError */
export function loadStackConfig(): StackConfig {
    return parseStackConfig(pulumi.runtime.allConfig(), pulumi.getProject(), pulumi.getStack());
}
