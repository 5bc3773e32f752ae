/** The Lambda rules. */
import { lambdaFailureDestination } from "./failure-destination";
import { lambdaPermissionSourceScoped } from "./permission-source-scoped";
import { lambdaSupportedRuntime } from "./supported-runtime";

export const LAMBDA_POLICIES = [
    lambdaPermissionSourceScoped,
    lambdaSupportedRuntime,
    lambdaFailureDestination,
];
export { functionNameOf } from "./failure-destination";
export { supportedRuntimesOn } from "./supported-runtime";
export { lambdaFailureDestination, lambdaPermissionSourceScoped, lambdaSupportedRuntime };
