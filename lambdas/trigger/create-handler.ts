/**
 * Builds the Lambda handler function around {@link processTriggerBatch}: adds the Lambda context (request
 * id, function name, cold start) to every log line of the invocation, names the invocation as the
 * OpenLineage parent of the runs it starts (`lineage-parent.ts`), sets the invocation's deadline for Glue
 * calls, and publishes the invocation's embedded metrics.
 *
 * @module
 */
import type { GlueClient } from "@aws-sdk/client-glue";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { TRIGGER_DEADLINE_MARGIN_MS } from "./defaults";
import { lineageParentOf } from "./lineage-parent";
import { processTriggerBatch, type TriggerLogger, type TriggerMetrics } from "./process-batch";
import type { DatasetRoute } from "./routes";

/** Dependencies of the handler, created once per execution environment (cold start). */
export interface TriggerHandlerDependencies {
    readonly glue: GlueClient;
    readonly routes: readonly DatasetRoute[];
    /** Powertools logger; its lines carry `function_request_id` once the context is added. */
    readonly logger: TriggerLogger & { addContext?(context: Context): void };
    /** Powertools metrics; published (one EMF line) at the end of every invocation. */
    readonly metrics?: TriggerMetrics & { publishStoredMetrics(): void };
    /** Current time in epoch milliseconds. @defaultValue `Date.now` */
    readonly now?: () => number;
    /**
     * Milliseconds before the function timeout at which pending Glue calls are aborted.
     * @defaultValue {@link TRIGGER_DEADLINE_MARGIN_MS}
     */
    readonly deadlineMarginMs?: number;
}

/** Signature of the trigger Lambda handler. */
export type TriggerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * Creates the SQS-fed trigger handler.
 *
 * @param deps - Glue client, routes, logger and metrics shared by all invocations of the environment.
 * @returns the handler: SQS event in, partial batch response out. It rejects only on a bug, never on a
 *   Glue error or bad message (those are reported per message). An invocation whose request id is not a
 *   UUID (never in Lambda) logs a warning and starts its runs without a lineage parent.
 */
export function createTriggerHandler(deps: TriggerHandlerDependencies): TriggerHandler {
    return async (event, context) => {
        deps.logger.addContext?.(context);
        const budget =
            context.getRemainingTimeInMillis() - (deps.deadlineMarginMs ?? TRIGGER_DEADLINE_MARGIN_MS);
        const abortSignal = AbortSignal.timeout(Math.max(1, budget));
        const lineageParent = lineageParentOf(context);
        if (lineageParent === undefined) {
            deps.logger.warn(
                "Request id is not a UUID; the runs this invocation starts name no lineage parent",
                {
                    awsRequestId: context.awsRequestId,
                    functionName: context.functionName,
                },
            );
        }
        try {
            return await processTriggerBatch(event, { ...deps, abortSignal, lineageParent });
        } finally {
            deps.metrics?.publishStoredMetrics();
        }
    };
}
