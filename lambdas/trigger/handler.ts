/**
 * Lambda entry point of the bronze trigger: S3 ObjectCreated -> SQS -> this handler -> a Glue bookmark run
 * that owns the objects (joined while `WAITING`/`STARTING`, or started with job run queuing).
 *
 * Configure the event source mapping with `FunctionResponseTypes: ["ReportBatchItemFailures"]`; the queue
 * needs a redrive policy to a dead-letter queue. The handler is `index.handler` in the bundle built by
 * `lambdas/build.ts`.
 *
 * Environment (validated once at cold start; an invalid value fails the init with a message naming the
 * field):
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `DATASET_ROUTES` | (required) | JSON array of `{ "dataset", "bucket", "prefix", "suffix", "jobName" }` |
 * | `POWERTOOLS_SERVICE_NAME` | `medallion-bronze-trigger` | `service` key of every log line |
 * | `POWERTOOLS_LOG_LEVEL` | `INFO` | log level |
 * | `POWERTOOLS_METRICS_NAMESPACE` | `MedallionLake/Trigger` | namespace of the embedded metrics |
 *
 * IAM: `glue:StartJobRun` and `glue:GetJobRuns` on the routed jobs, plus the SQS permissions of the event
 * source mapping.
 *
 * @see docs/trigger.md
 * @module
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { loadTriggerConfig, TriggerConfigError } from "./config";
import { createTriggerHandler, type TriggerHandler } from "./create-handler";
import { DEFAULT_SERVICE_NAME, TRIGGER_METRICS_NAMESPACE } from "./defaults";
import { createGlueClient } from "./glue-client";

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? DEFAULT_SERVICE_NAME;
const logger = new Logger({ serviceName });
const metrics = new Metrics({
    serviceName,
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? TRIGGER_METRICS_NAMESPACE,
});

function loadConfigOrExplain() {
    try {
        return loadTriggerConfig(process.env);
    } catch (error) {
        if (error instanceof TriggerConfigError) {
            logger.error("Invalid trigger configuration; fix the Lambda environment", {
                error: error.message,
            });
        }
        throw error;
    }
}

const config = loadConfigOrExplain();

/** The Lambda handler: `SQSEvent` in, `SQSBatchResponse` (partial batch failures) out. */
export const handler: TriggerHandler = createTriggerHandler({
    glue: createGlueClient(),
    routes: config.routes,
    logger,
    metrics,
});
