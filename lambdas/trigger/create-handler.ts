/**
 * Builds the Lambda handler function around {@link processTriggerBatch}: adds the Lambda context (request
 * id, function name, cold start) to every log line of the invocation.
 *
 * @module
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { GlueClient } from "@aws-sdk/client-glue";
import type { Context, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { processTriggerBatch } from "./process-batch";
import type { DatasetRoute } from "./routes";

/** Dependencies of the handler, created once per execution environment (cold start). */
export interface TriggerHandlerDependencies {
    readonly glue: GlueClient;
    readonly routes: readonly DatasetRoute[];
    /** Powertools logger; its lines carry `function_request_id` once the context is added. */
    readonly logger: Logger;
}

/** Signature of the trigger Lambda handler. */
export type TriggerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * Creates the SQS-fed trigger handler.
 *
 * @param deps - Glue client, routes and logger shared by all invocations of the execution environment.
 * @returns the handler: SQS event in, partial batch response out. It rejects only on a bug, never on a
 *   Glue error or bad message (those are reported per message).
 */
export function createTriggerHandler(deps: TriggerHandlerDependencies): TriggerHandler {
    return async (event, context) => {
        deps.logger.addContext(context);
        return processTriggerBatch(event, deps);
    };
}
