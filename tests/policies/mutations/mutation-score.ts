/**
 * Runs the mutation table against a stack with the offline evaluation: applies each mutation to a copy
 * of the stack and decides whether the pack caught it (a mandatory violation of the expected rule that
 * names the changed resource).
 */
import { type EvaluatedResource, evaluatePolicies, type PolicyViolation } from "../../../policies/evaluate";
import type { Mutation, ResourceRef } from "./mutations";

/** What the evaluation said about one mutation. */
export interface MutationOutcome {
    mutation: Mutation;
    /** True when a mandatory violation of the expected rule names the resource. */
    caught: boolean;
    /** The mandatory violations of the mutated stack, as `rule: message`. */
    mandatory: string[];
}

function locate(stack: EvaluatedResource[], target: ResourceRef): EvaluatedResource {
    const found = stack.filter((r) => r.type === target.type && r.name === target.name);
    if (found.length !== 1) {
        throw new Error(`expected one ${target.type} named ${target.name}, found ${found.length}`);
    }
    return found[0];
}

/**
 * The stack with the mutation applied. The stack itself is not changed: the table's changes return new
 * objects (inputs may hold promises, such as archives, so they are not deep-copied).
 */
export function mutate(stack: EvaluatedResource[], mutation: Mutation): EvaluatedResource[] {
    if (mutation.add !== undefined) return [...stack, ...mutation.add(stack)];
    const change = mutation.change;
    if (change === undefined) throw new Error(`mutation "${mutation.name}" neither changes nor adds`);
    const target = locate(stack, mutation.target);
    return stack.map((r) => {
        if (r !== target) return r;
        const inputs = change({ ...r.inputs });
        // A property the change removes no longer depends on anything, as the engine would record it.
        const propertyDependencies = Object.fromEntries(
            Object.entries(r.propertyDependencies ?? {}).filter(
                ([property]) => inputs[property] !== undefined,
            ),
        );
        return { ...r, inputs, outputs: change({ ...(r.outputs ?? r.inputs) }), propertyDependencies };
    });
}

/** True when the violation is of `rule`, mandatory, and names the resource by URN or logical name. */
export function names(violation: PolicyViolation, rule: string, resource: EvaluatedResource): boolean {
    return (
        violation.policyName === rule &&
        violation.enforcementLevel === "mandatory" &&
        (violation.urn === resource.urn || violation.message.includes(resource.name))
    );
}

/** Applies and evaluates one mutation. */
export async function runMutation(stack: EvaluatedResource[], mutation: Mutation): Promise<MutationOutcome> {
    const mutated = mutate(stack, mutation);
    const violations = await evaluatePolicies(mutated);
    const reported = locate(mutated, mutation.reportedOn ?? mutation.target);
    return {
        mutation,
        caught: violations.some((v) => names(v, mutation.rule, reported)),
        mandatory: violations
            .filter((v) => v.enforcementLevel === "mandatory")
            .map((v) => `${v.policyName}: ${v.message}`),
    };
}

/** Caught mutations over all mutations, in percent. */
export function mutationScore(outcomes: MutationOutcome[]): number {
    return outcomes.length === 0 ? 0 : (100 * outcomes.filter((o) => o.caught).length) / outcomes.length;
}
