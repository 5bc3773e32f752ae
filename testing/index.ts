/**
 * medallion-lake/testing: what a consumer's unit tests use to test a stack built from the components,
 * offline (no AWS credentials, no Pulumi CLI), with any test runner:
 * - the mock harness: {@link setupPulumiMocks} installs Pulumi's mocks with realistic outputs for every
 *   resource type the components use (awsx VPC and RDS included) and records every resource;
 * - {@link planStack}: runs a program function under the mocks and returns its resources and outputs;
 * - {@link evaluatePolicies}: runs the package's CrossGuard pack (or any rules) over those resources, as
 *   `pulumi preview --policy-pack` would (needs `@pulumi/policy` installed).
 *
 * ```ts
 * import { evaluatePolicies, planStack } from "medallion-lake/testing";
 * const plan = await planStack(() => { new DataLake("lake", { ... }); });
 * const violations = await evaluatePolicies(plan.resources);
 * ```
 *
 * @module
 */
export type { EvaluatedResource, EvaluateOptions, PolicyViolation } from "../policies/evaluate";
export {
    DEFAULT_AWS_ENVIRONMENT,
    type MockAwsEnvironment,
    TEST_ACCOUNT_ID,
    TEST_PROJECT,
    TEST_REGION,
} from "./aws-environment";
export { resolve, settle, setupPulumiMocks } from "./mocks";
export {
    type PlanStackOptions,
    type PulumiProgram,
    planStack,
    type StackPlan,
    type StackPlanAttempt,
    tryPlanStack,
} from "./plan-stack";
export { evaluatePolicies } from "./policy-evaluation";
export { type PropertyMap, type RecordedInvoke, type RecordedResource, Recorder } from "./recorder";
export { flattenConfig, readStackConfig } from "./stack-config";
