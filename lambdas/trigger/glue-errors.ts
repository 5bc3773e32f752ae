/**
 * Classifies errors of Glue `StartJobRun` into retryable (the run can start later: concurrency, throttling,
 * service faults) and non-retryable (configuration errors such as a missing job or a denied role).
 *
 * Both kinds fail the job's messages (they are never dropped); the class only changes the log level and
 * tells the operator whether waiting helps. The SDK's own retry strategy (`TRIGGER_AWS_MAX_ATTEMPTS`, `standard`
 * mode) has already retried throttling, 5xx and network errors before the error reaches this code.
 *
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_StartJobRun.html#API_StartJobRun_Errors
 * @module
 */

/**
 * Error names of `StartJobRun` that clear up by themselves, so SQS redelivery will eventually succeed.
 *
 * - `ConcurrentRunsExceededException`: the job already runs `MaxConcurrentRuns` runs.
 * - `ResourceNumberLimitExceededException`: the account's concurrent job run or DPU quota is in use.
 * - `ThrottlingException`, `OperationTimeoutException`, `InternalServiceException`: transient service side.
 * - `TimeoutError`, `AbortError`: the client's request timeout or the invocation's deadline cut the call.
 */
export const RETRYABLE_GLUE_ERROR_NAMES: ReadonlySet<string> = new Set([
    "ConcurrentRunsExceededException",
    "ResourceNumberLimitExceededException",
    "ThrottlingException",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "OperationTimeoutException",
    "InternalServiceException",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "TimeoutError",
    "RequestTimeout",
    "RequestTimeoutException",
    "AbortError",
]);

/** What the trigger knows about a failed `StartJobRun`. */
export interface StartJobRunFailure {
    /** Error name, for example `"ConcurrentRunsExceededException"`. */
    readonly errorName: string;
    /** Error message as the service or SDK returned it. */
    readonly errorMessage: string;
    /** `true` when a later delivery of the same messages can succeed without a configuration change. */
    readonly retryable: boolean;
}

interface SdkErrorShape {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: unknown };
}

/**
 * Classifies an error thrown by `GlueClient.send(new StartJobRunCommand(...))`.
 *
 * Retryable when the name is in {@link RETRYABLE_GLUE_ERROR_NAMES}, when the SDK marked it `$retryable`,
 * when the HTTP status is 429 or 5xx, or when no response arrived at all (a Node.js network error: a `code`
 * such as `ECONNRESET` and no `$metadata.httpStatusCode`). Everything else (4xx such as `EntityNotFoundException`,
 * `InvalidInputException`, `AccessDeniedException`) is non-retryable.
 *
 * @param error - anything thrown.
 * @returns name, message and retryability.
 */
export function classifyStartJobRunError(error: unknown): StartJobRunFailure {
    const shape: SdkErrorShape = typeof error === "object" && error !== null ? (error as SdkErrorShape) : {};
    const errorName = typeof shape.name === "string" && shape.name !== "" ? shape.name : "UnknownError";
    const errorMessage = typeof shape.message === "string" ? shape.message : String(error);
    const status = shape.$metadata?.httpStatusCode;
    const retryable =
        RETRYABLE_GLUE_ERROR_NAMES.has(errorName) ||
        shape.$retryable !== undefined ||
        (typeof status === "number" && (status === 429 || status >= 500)) ||
        (typeof status !== "number" && typeof shape.code === "string");
    return { errorName, errorMessage, retryable };
}
