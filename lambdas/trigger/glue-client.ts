/**
 * The trigger's Glue client: explicit connection and request timeouts, and the SDK's `standard` retry
 * strategy (exponential backoff with full jitter on throttling, 5xx and network errors), so no Glue call
 * can outlive the function.
 *
 * @see https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/node-configuring-maxsockets.html
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 * @module
 */
import { GlueClient, type GlueClientConfig } from "@aws-sdk/client-glue";
import {
    TRIGGER_AWS_CONNECTION_TIMEOUT_MS,
    TRIGGER_AWS_MAX_ATTEMPTS,
    TRIGGER_AWS_REQUEST_TIMEOUT_MS,
    TRIGGER_AWS_RETRY_MODE,
} from "./defaults";

/** Timeouts and attempts of {@link createGlueClient}; each defaults to its constant in `defaults.ts`. */
export interface GlueClientLimits {
    /** @defaultValue {@link TRIGGER_AWS_CONNECTION_TIMEOUT_MS} */
    readonly connectionTimeoutMs?: number;
    /** @defaultValue {@link TRIGGER_AWS_REQUEST_TIMEOUT_MS} */
    readonly requestTimeoutMs?: number;
    /** @defaultValue {@link TRIGGER_AWS_MAX_ATTEMPTS} */
    readonly maxAttempts?: number;
}

/**
 * Worst-case duration of one Glue call in milliseconds: every attempt hitting both timeouts, plus the
 * standard strategy's largest backoffs between attempts (throttling base 500 ms, doubling, full jitter).
 *
 * @param limits - the client's limits.
 * @returns the bound, in milliseconds.
 */
export function worstCaseCallMs(limits: GlueClientLimits = {}): number {
    const attempts = limits.maxAttempts ?? TRIGGER_AWS_MAX_ATTEMPTS;
    const perAttempt =
        (limits.connectionTimeoutMs ?? TRIGGER_AWS_CONNECTION_TIMEOUT_MS) +
        (limits.requestTimeoutMs ?? TRIGGER_AWS_REQUEST_TIMEOUT_MS);
    let backoff = 0;
    for (let retry = 1; retry < attempts; retry++) backoff += 500 * 2 ** retry;
    return attempts * perAttempt + backoff;
}

/**
 * Creates the Glue client of the trigger.
 *
 * @param config - extra client settings (region, endpoint, credentials in tests); they cannot override
 *   the limits.
 * @param limits - timeouts and attempts.
 * @returns a `GlueClient` with `requestHandler: { connectionTimeout, requestTimeout }`,
 *   `retryMode: "standard"` and `maxAttempts`.
 */
export function createGlueClient(config: GlueClientConfig = {}, limits: GlueClientLimits = {}): GlueClient {
    return new GlueClient({
        ...config,
        maxAttempts: limits.maxAttempts ?? TRIGGER_AWS_MAX_ATTEMPTS,
        retryMode: TRIGGER_AWS_RETRY_MODE,
        requestHandler: {
            connectionTimeout: limits.connectionTimeoutMs ?? TRIGGER_AWS_CONNECTION_TIMEOUT_MS,
            requestTimeout: limits.requestTimeoutMs ?? TRIGGER_AWS_REQUEST_TIMEOUT_MS,
        },
    });
}
