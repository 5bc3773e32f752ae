/**
 * Dataset routes of the bronze trigger as the TriggerLambda component takes them (job name and ARN may be
 * Outputs), their validation, and the `DATASET_ROUTES` environment value the handler reads
 * (`lambdas/trigger/config.ts`).
 * Follows https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html
 */
import type * as pulumi from "@pulumi/pulumi";
import { DATASET_ROUTES_ENV } from "../../lambdas/trigger/defaults";
import { type DatasetRoute, findOverlappingRoutes, routeObjectFilter } from "../../lambdas/trigger/routes";
import { s3NotificationFilter } from "../../lib/bronze-objects";
import type { Problem } from "../../lib/problems";
import { asProblems } from "./settings";

/**
 * Powertools variable the component sets to the function's name, so the embedded metrics' `service`
 * dimension (and the logs' `service` key) tell apart the trigger functions of several stacks in one account.
 */
export const TRIGGER_SERVICE_NAME_ENV = "POWERTOOLS_SERVICE_NAME";

/** Total size, in bytes, Lambda allows for all environment variables of a function. */
export const LAMBDA_ENVIRONMENT_MAX_BYTES = 4096;

/** One dataset's route: the bronze objects under `prefix` ending in `suffix` start the job `jobName`. */
export interface TriggerRoute {
    /** Dataset name, unique across routes (also the id of its S3 notification filter). */
    dataset: string;
    /** Key prefix in the bronze bucket, e.g. `flights/`; `""` matches every key. */
    prefix: string;
    /** Key suffix, e.g. `.csv`; `""` matches every key. */
    suffix: string;
    /** Name of the Glue job that loads the dataset into silver. */
    jobName: pulumi.Input<string>;
    /** ARN of that job; the function may start runs of these jobs only. */
    jobArn: pulumi.Input<string>;
}

/** S3 event types sent to the queue (every way an object is created: put, post, copy, multipart). */
export const TRIGGER_S3_EVENTS = ["s3:ObjectCreated:*"] as const;

/** One queue filter of the bronze bucket's notification configuration (without the queue ARN). */
export interface TriggerQueueNotification {
    /** The route's dataset. */
    id: string;
    /** {@link TRIGGER_S3_EVENTS}. */
    events: string[];
    /** The route's prefix; absent when it is `""` (S3 refuses an empty filter value). */
    filterPrefix?: string;
    /** The route's suffix; absent when it is `""`. */
    filterSuffix?: string;
}

/**
 * The queue filters the TriggerLambda component writes to the bronze bucket: one per route, id = dataset,
 * `s3:ObjectCreated:*`, the route's prefix and suffix. The component adds the queue ARN; tests that
 * configure a bucket through the S3 API use the same filters.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html
 */
export function triggerQueueNotifications(
    routes: readonly Pick<TriggerRoute, "dataset" | "prefix" | "suffix">[],
): TriggerQueueNotification[] {
    return routes.map((route) => ({
        id: route.dataset,
        events: [...TRIGGER_S3_EVENTS],
        ...s3NotificationFilter(routeObjectFilter(route)),
    }));
}

/** Longest id S3 accepts for a notification configuration (the route's dataset name). */
export const S3_NOTIFICATION_ID_MAX = 255;

/** Problems of the routes: at least one, unique non-empty dataset names, no overlapping key filters. */
export function triggerRouteProblems(routes: readonly TriggerRoute[]): Problem[] {
    if (routes.length === 0) {
        return [
            {
                option: "routes",
                got: "no route",
                fix: "add one route per dataset (dataset, prefix, suffix, job), or pass its pipeline",
            },
        ];
    }
    const problems: { field: string; message: string }[] = [];
    routes.forEach((route, index) => {
        if (route.dataset === "" || route.dataset.length > S3_NOTIFICATION_ID_MAX) {
            problems.push({
                field: `routes[${index}].dataset`,
                message: `got ${JSON.stringify(route.dataset)}; use a name of 1-${S3_NOTIFICATION_ID_MAX} characters`,
            });
        }
        const first = routes.findIndex((other) => other.dataset === route.dataset);
        if (first !== index) {
            problems.push({
                field: `routes[${index}].dataset`,
                message: `"${route.dataset}" is already routed at index ${first}; give each dataset one route`,
            });
        }
    });
    const asRoutes: DatasetRoute[] = routes.map((r) => ({ ...r, bucket: "bronze", jobName: r.dataset }));
    for (const [i, j] of findOverlappingRoutes(asRoutes)) {
        problems.push({
            field: `routes[${j}]`,
            message: `"${routes[j]?.dataset}" (prefix "${routes[j]?.prefix}", suffix "${routes[j]?.suffix}") overlaps "${routes[i]?.dataset}" (prefix "${routes[i]?.prefix}", suffix "${routes[i]?.suffix}"); S3 refuses overlapping notification filters, make the prefixes or suffixes disjoint`,
        });
    }
    return asProblems(problems);
}

/**
 * The `DATASET_ROUTES` value of the function (the handler's contract, `lambdas/trigger/config.ts`).
 * @param otherVariables - the function's other environment variables, which share Lambda's 4 KB.
 * @throws Error when the JSON exceeds what Lambda's 4 KB environment leaves for it.
 */
export function datasetRoutesEnvironment(
    routes: readonly DatasetRoute[],
    otherVariables: Readonly<Record<string, string>> = {},
): string {
    const json = JSON.stringify(routes);
    const others = Object.entries(otherVariables).reduce(
        (total, [key, value]) => total + Buffer.byteLength(key) + Buffer.byteLength(value),
        0,
    );
    const bytes = Buffer.byteLength(DATASET_ROUTES_ENV) + Buffer.byteLength(json) + others;
    if (bytes > LAMBDA_ENVIRONMENT_MAX_BYTES) {
        throw new Error(
            `${DATASET_ROUTES_ENV} of the trigger function takes ${bytes} bytes with ${routes.length} routes; Lambda allows ${LAMBDA_ENVIRONMENT_MAX_BYTES} bytes of environment. Shorten dataset names, prefixes or job names`,
        );
    }
    return json;
}

/**
 * Every environment variable of the trigger function: `DATASET_ROUTES` and {@link TRIGGER_SERVICE_NAME_ENV}
 * (the function's name, which the pending-run alarm reads as the metrics' `service` dimension).
 * @throws Error when they exceed Lambda's 4 KB environment (see {@link datasetRoutesEnvironment}).
 */
export function triggerFunctionVariables(
    routes: readonly DatasetRoute[],
    functionName: string,
): Record<string, string> {
    const others = { [TRIGGER_SERVICE_NAME_ENV]: functionName };
    return { [DATASET_ROUTES_ENV]: datasetRoutesEnvironment(routes, others), ...others };
}
