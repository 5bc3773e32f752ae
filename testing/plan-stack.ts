/**
 * `planStack(program)`: runs a Pulumi program function under the mocks, with a stack config, and returns
 * what it registered and the stack outputs it returned: an offline `pulumi preview`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { MockAwsEnvironment } from "./aws-environment";
import { resolve, settle, setupPulumiMocks } from "./mocks";
import type { RecordedResource, Recorder } from "./recorder";
import { flattenConfig } from "./stack-config";

/**
 * A Pulumi program as a function: it registers resources and may return its stack outputs (an object whose
 * values are Outputs or plain values), or a Promise of them, as an async `index.ts` entry point does.
 */
export type PulumiProgram = () => unknown;

/** Options of {@link planStack}. */
export interface PlanStackOptions {
    /** Stack name (`pulumi.getStack()`). @default "test" */
    stack?: string;
    /** Project name (`pulumi.getProject()`). @default "medallion-lake" */
    project?: string;
    /**
     * Stack config by full key (`<namespace>:<key>`, as in `Pulumi.<stack>.yaml`); values other than strings
     * are JSON-encoded, as Pulumi does. `readStackConfig(stack)` reads a stack file. @default {} (no config)
     */
    config?: Record<string, unknown>;
    /** What the mocked AWS answers (account, region, caller). @default DEFAULT_AWS_ENVIRONMENT */
    aws?: Partial<MockAwsEnvironment>;
}

/** What one run of a program registered and returned. */
export interface StackPlan {
    /** Every resource and invoke, with lookups (`named`, `ofType`, `childrenOf`, ...). */
    recorder: Recorder;
    /** `recorder.resources`: what {@link evaluatePolicies} takes. */
    resources: RecordedResource[];
    /** The stack outputs the program returned, resolved. @default {} when it returned nothing */
    outputs: Record<string, unknown>;
}

/** A {@link StackPlan} that may hold the error the program threw instead of its outputs. */
export interface StackPlanAttempt extends StackPlan {
    /** What the program threw (or its returned Promise rejected with); absent when it succeeded. */
    error?: unknown;
}

/**
 * Like {@link planStack}, but a program that throws is reported in `error`, with what it registered
 * before it threw.
 */
export async function tryPlanStack(
    program: PulumiProgram,
    options: PlanStackOptions = {},
): Promise<StackPlanAttempt> {
    const recorder = setupPulumiMocks(options.aws, options.stack, options.project);
    pulumi.runtime.setAllConfig(flattenConfig(options.config ?? {}));
    const outputs: Record<string, unknown> = {};
    const plan = { recorder, resources: recorder.resources, outputs };
    try {
        const returned = (await program()) as Record<string, unknown> | undefined;
        for (const [key, value] of Object.entries(returned ?? {}))
            outputs[key] = await resolve(value as pulumi.Input<unknown>);
    } catch (error) {
        await settle();
        return { ...plan, error };
    }
    await settle();
    return plan;
}

/**
 * Runs `program` under Pulumi's mock engine (realistic AWS outputs, no credentials, no CLI) with the given
 * stack config, waits until every resource is registered, and returns the resources and the resolved outputs.
 * Each call installs fresh mocks and replaces the whole stack config.
 * @throws whatever the program throws (a component's invalid-args error, for example)
 */
export async function planStack(program: PulumiProgram, options: PlanStackOptions = {}): Promise<StackPlan> {
    const { error, ...plan } = await tryPlanStack(program, options);
    if (error !== undefined) throw error;
    return plan;
}
