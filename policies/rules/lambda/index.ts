/** The Lambda rules. */
import { lambdaEnvironmentEncrypted } from "./environment-encrypted";
import { lambdaFailureDestination } from "./failure-destination";
import { lambdaPermissionSameAccount } from "./permission-same-account";
import { lambdaPermissionSourceScoped } from "./permission-source-scoped";
import { lambdaSupportedRuntime } from "./supported-runtime";
import { lambdaUrlAuth } from "./url-auth";

export const LAMBDA_POLICIES = [
    lambdaPermissionSourceScoped,
    lambdaPermissionSameAccount,
    lambdaSupportedRuntime,
    lambdaFailureDestination,
    lambdaEnvironmentEncrypted,
    lambdaUrlAuth,
];
export { functionNameOf } from "./failure-destination";
export { supportedRuntimesOn } from "./supported-runtime";
export {
    lambdaEnvironmentEncrypted,
    lambdaFailureDestination,
    lambdaPermissionSameAccount,
    lambdaPermissionSourceScoped,
    lambdaSupportedRuntime,
    lambdaUrlAuth,
};
