/**
 * The Pulumi mock harness of this repository's tests: the shipped testing kit (`testing/`, published as
 * `medallion-lake/testing`) plus what only this repository needs: its root, its stack files and a run of its
 * own program (`index.ts`) under the mocks.
 */
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import {
    type MockAwsEnvironment,
    type Recorder,
    readStackConfig as readStackFile,
    type StackPlanAttempt,
    tryPlanStack,
} from "../../testing";

export * from "../../testing";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Reads `Pulumi.<stack>.yaml` (of the repository unless `dir` is given) as Pulumi hands it to the program. */
export function readStackConfig(stack: string, dir = REPO_ROOT): Record<string, string> {
    return readStackFile(stack, dir);
}

/** What one run of the program produced: the recorder always, the outputs or the error it threw. */
export type ProgramRun = Pick<StackPlanAttempt, "recorder" | "outputs" | "error">;

/**
 * Runs the whole program (`index.ts`) under the mocks with the given raw config, and returns the recorder
 * and the stack exports once every resource is registered. A program that throws is reported in `error`.
 * The repository's modules (tests excepted) are loaded afresh, so each run registers everything again.
 */
export async function tryRunProgram(
    rawConfig: Record<string, string>,
    stack = "dev",
    env: Partial<MockAwsEnvironment> = {},
): Promise<ProgramRun> {
    const entry = require.resolve(path.join(REPO_ROOT, "index.ts"));
    for (const key of Object.keys(require.cache)) {
        if (
            key.startsWith(REPO_ROOT) &&
            !key.includes("node_modules") &&
            !key.includes(`${path.sep}tests${path.sep}`)
        ) {
            delete require.cache[key];
        }
    }
    const { recorder, outputs, error } = await tryPlanStack(
        () => require(entry) as Record<string, pulumi.Input<unknown>>,
        { config: rawConfig, stack, aws: env },
    );
    return error === undefined ? { recorder, outputs } : { recorder, outputs, error };
}

/** Like {@link tryRunProgram}, but rethrows the program's error. */
export async function runProgram(
    rawConfig: Record<string, string>,
    stack = "dev",
    env: Partial<MockAwsEnvironment> = {},
): Promise<{ recorder: Recorder; outputs: Record<string, unknown> }> {
    const run = await tryRunProgram(rawConfig, stack, env);
    if (run.error !== undefined) throw run.error;
    return run;
}
