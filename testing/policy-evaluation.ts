/**
 * The offline policy evaluation (`policies/evaluate.ts`), loaded on first use: the pack's rules run on
 * `@pulumi/policy`, which a consumer installs only to evaluate policies (`npm install --save-dev
 * @pulumi/policy@^1.21.0`), so the rest of the kit loads without it.
 */
import type { EvaluatedResource, EvaluateOptions, PolicyViolation } from "../policies/evaluate";

type PolicyEvaluation = typeof import("../policies/evaluate");

/**
 * Loads the evaluation with `load`.
 * @throws Error naming `@pulumi/policy` and how to install it when `load` cannot find that package
 */
export function loadPolicyEvaluation(
    load: () => PolicyEvaluation = () => require("../policies/evaluate"),
): PolicyEvaluation {
    try {
        return load();
    } catch (error) {
        const missing = (error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND";
        if (missing && String((error as Error).message).includes("@pulumi/policy")) {
            throw new Error(
                "evaluatePolicies needs @pulumi/policy, the package the policy rules run on: install it next to medallion-lake with `npm install --save-dev @pulumi/policy@^1.21.0`",
                { cause: error },
            );
        }
        throw error;
    }
}

/**
 * Runs the medallion-lake CrossGuard pack (or `options.policies`) over recorded resources, as
 * `pulumi preview --policy-pack` would, and returns what the rules report, in rule order. Rules set to
 * `disabled` in `options.config` are skipped. Pass `plan.resources` from `planStack`.
 * @throws Error when @pulumi/policy is not installed, or when a rule fails (a bug, not a violation)
 */
export function evaluatePolicies(
    resources: EvaluatedResource[],
    options: EvaluateOptions = {},
): Promise<PolicyViolation[]> {
    return loadPolicyEvaluation().evaluatePolicies(resources, options);
}
