/**
 * Calls one rule directly, as CrossGuard would (no CLI, no gRPC): builds the validation arguments with the
 * pack's own builders and collects what the rule reports.
 */
import type { PolicyPackConfig, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    type EvaluatedResource,
    NotApplicable,
    policyResources,
    resourceValidationArgs,
    stackValidationArgs,
} from "../../../policies/evaluate";

/** What a rule said about its input. */
export interface RuleOutcome {
    /** Violation messages, in report order. */
    violations: string[];
    /** URNs the violations were reported against (stack rules), in report order. */
    urns: (string | undefined)[];
    /** The reason given to `notApplicable()`, when the rule declined the input. */
    notApplicable?: string;
}

/** A resource for a resource rule: type and inputs, with a default name. */
export interface ResourceInput {
    type: string;
    props: Record<string, unknown>;
    name?: string;
}

/** Runs a resource rule on one resource's inputs. */
export async function runResourceRule(
    policy: ResourceValidationPolicy,
    resource: ResourceInput,
    config?: PolicyPackConfig,
): Promise<RuleOutcome> {
    const outcome: RuleOutcome = { violations: [], urns: [] };
    const args = resourceValidationArgs(
        { type: resource.type, name: resource.name ?? "subject", inputs: resource.props },
        policy.name,
        config,
    );
    const validations = [policy.validateResource ?? []].flat();
    try {
        for (const validate of validations) {
            await validate(args, (message) => {
                outcome.violations.push(message);
                outcome.urns.push(args.urn);
            });
        }
    } catch (error) {
        if (!(error instanceof NotApplicable)) throw error;
        outcome.notApplicable = error.reason;
    }
    return outcome;
}

/** Runs a stack rule on a set of resources (their `outputs`, or inputs, are what the rule sees). */
export async function runStackRule(
    policy: StackValidationPolicy,
    resources: EvaluatedResource[],
    config?: PolicyPackConfig,
): Promise<RuleOutcome> {
    const outcome: RuleOutcome = { violations: [], urns: [] };
    const args = stackValidationArgs(policyResources(resources), policy.name, config);
    try {
        await policy.validateStack(args, (message, urn) => {
            outcome.violations.push(message);
            outcome.urns.push(urn);
        });
    } catch (error) {
        if (!(error instanceof NotApplicable)) throw error;
        outcome.notApplicable = error.reason;
    }
    return outcome;
}
