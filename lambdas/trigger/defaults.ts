/**
 * Fixed names and defaults of the bronze trigger Lambda. Each value lives here once; the handler, its
 * tests and `docs/trigger.md` refer to these constants rather than repeating the literals.
 *
 * @module
 */

/**
 * Name of the Glue job argument with which a caller can hand a bronze_to_silver run an explicit list of
 * objects (a JSON array of `s3://<bucket>/<key>` URIs), bypassing the job bookmark. The trigger never
 * sets it: its runs are bookmark runs that list the dataset's bronze prefix at start (`docs/trigger.md`).
 * Kept for manual replays and for tools that read older runs.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html
 */
export const SOURCE_KEYS_ARGUMENT = "--source_keys";

/**
 * Environment variable holding the dataset routes (JSON array, see {@link DatasetRoute}).
 */
export const DATASET_ROUTES_ENV = "DATASET_ROUTES";

/**
 * Powertools service name used in every log line when `POWERTOOLS_SERVICE_NAME` is not set.
 *
 * @defaultValue `"medallion-bronze-trigger"`
 */
export const DEFAULT_SERVICE_NAME = "medallion-bronze-trigger";

/**
 * Key prefix a route matches when it sets none: the empty prefix matches every key of the bucket.
 *
 * @defaultValue `""`
 */
export const DEFAULT_ROUTE_PREFIX = "";

/**
 * Key suffix a route matches when it sets none: the empty suffix matches every key.
 *
 * @defaultValue `""`
 */
export const DEFAULT_ROUTE_SUFFIX = "";

/**
 * S3 event name prefix of the notifications that start job runs (`ObjectCreated:Put`, `:Post`, `:Copy`,
 * `:CompleteMultipartUpload`). Other S3 events that reach the queue are acknowledged and logged.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html
 */
export const OBJECT_CREATED_EVENT_PREFIX = "ObjectCreated:";

/**
 * `Event` value of the test message S3 sends to a destination when a notification is configured.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
export const S3_TEST_EVENT = "s3:TestEvent";

/**
 * Lambda function timeout the trigger is sized for, in seconds: per job of a batch one `GetJobRuns` and at
 * most one `StartJobRun`, each bounded by {@link TRIGGER_AWS_REQUEST_TIMEOUT_MS} and
 * {@link TRIGGER_AWS_MAX_ATTEMPTS}, and all cut off {@link TRIGGER_DEADLINE_MARGIN_MS} before this.
 *
 * @defaultValue `60`
 */
export const TRIGGER_FUNCTION_TIMEOUT_SECONDS = 60;

/**
 * Event source mapping `BatchSize`: up to 100 notifications per invocation, so a burst collapses into few
 * job runs (one per job per batch).
 *
 * @defaultValue `100`
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html
 */
export const TRIGGER_BATCH_SIZE = 100;

/**
 * Event source mapping `MaximumBatchingWindowInSeconds` (required above a batch size of 10): how long
 * Lambda gathers notifications before invoking.
 *
 * @defaultValue `30`
 */
export const TRIGGER_MAX_BATCHING_WINDOW_SECONDS = 30;

/**
 * Event source mapping `ScalingConfig.MaximumConcurrency`: at most 2 concurrent batches (the lowest value
 * Lambda accepts), so jobs that allow one concurrent run see little contention.
 *
 * @defaultValue `2`
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
 */
export const TRIGGER_MAX_CONCURRENCY = 2;

/**
 * Trigger queue `VisibilityTimeout`, in seconds: how long a refused message waits before SQS delivers it
 * again. At least six times the function timeout plus the batching window (AWS guidance), and several
 * times a typical bronze-to-silver job run, so a retry usually finds the job idle.
 *
 * @defaultValue `900`
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
export const TRIGGER_QUEUE_VISIBILITY_TIMEOUT_SECONDS = 900;

/**
 * Trigger queue redrive policy `maxReceiveCount`: a message refused this many times (about 2.5 hours at
 * the visibility timeout above) moves to the dead-letter queue.
 *
 * @defaultValue `10`
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 */
export const TRIGGER_QUEUE_MAX_RECEIVE_COUNT = 10;

/**
 * Job-level `JobRunQueuingEnabled` the stack sets on the routed bronze_to_silver jobs. It only governs
 * starts the trigger does not make (the job's schedule, a console start): the trigger's own runs ask for
 * queuing per run ({@link TRIGGER_RUN_QUEUING}), and Glue uses the run's value when the two differ.
 *
 * @defaultValue `false`
 * @see https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-jobs-job.html
 */
export const TRIGGER_ROUTED_JOB_RUN_QUEUING = false;

/**
 * `JobRunQueuingEnabled` of every `StartJobRun` the trigger makes: a start on a busy job (MaxConcurrentRuns
 * reached) becomes a `WAITING` run that Glue starts when the running one ends, instead of
 * `ConcurrentRunsExceededException`. That waiting run has not listed bronze yet, so it owns every object
 * that landed before it starts (see {@link TRIGGER_UNLISTED_RUN_STATES}).
 *
 * @defaultValue `true`
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_StartJobRun.html
 */
export const TRIGGER_RUN_QUEUING = true;

/**
 * Glue job run states in which a bookmark run has not listed its bronze prefix yet: `WAITING` (queued for
 * a concurrency slot or for resources) and `STARTING` (resources being allocated; the job script has not
 * started). Such a run reads every object of its dataset that landed before the listing (S3 LIST is
 * strongly consistent), so a notification whose object already landed can be deleted once such a run
 * exists. `RUNNING` is not in the set: the script may already have listed.
 *
 * @defaultValue `["WAITING", "STARTING"]`
 * @see https://docs.aws.amazon.com/glue/latest/dg/job-run-statuses.html
 */
export const TRIGGER_UNLISTED_RUN_STATES: readonly string[] = ["WAITING", "STARTING"];

/**
 * `MaxResults` of the one `GetJobRuns` page the trigger reads per job and batch (Glue lists the newest runs
 * first; an unlisted run is among the newest). A run beyond the page is not seen: the trigger then starts
 * one more queued run, which costs a run but loses nothing.
 *
 * @defaultValue `20`
 * @see https://docs.aws.amazon.com/glue/latest/webapi/API_GetJobRuns.html
 */
export const TRIGGER_JOB_RUNS_PAGE_SIZE = 20;

/**
 * TCP connection timeout of the Glue client, in milliseconds (`requestHandler.connectionTimeout`).
 *
 * @defaultValue `2_000`
 */
export const TRIGGER_AWS_CONNECTION_TIMEOUT_MS = 2_000;

/**
 * Time a Glue request may wait for its response once connected, in milliseconds
 * (`requestHandler.requestTimeout`); a hung call fails with a retryable `TimeoutError`.
 *
 * @defaultValue `5_000`
 */
export const TRIGGER_AWS_REQUEST_TIMEOUT_MS = 5_000;

/**
 * Attempts per Glue call (`maxAttempts`), with the SDK's `standard` retry mode: exponential backoff with
 * full jitter on throttling, 5xx and network errors, and a client-side retry quota.
 *
 * @defaultValue `3`
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
export const TRIGGER_AWS_MAX_ATTEMPTS = 3;

/** SDK retry mode of the Glue client. @defaultValue `"standard"` */
export const TRIGGER_AWS_RETRY_MODE = "standard";

/**
 * How long before the function timeout every pending Glue call is aborted, in milliseconds, so the
 * invocation still returns its partial batch response (the aborted jobs' messages are reported as failed)
 * instead of being killed with the whole batch.
 *
 * @defaultValue `5_000`
 */
export const TRIGGER_DEADLINE_MARGIN_MS = 5_000;

/**
 * CloudWatch namespace of the trigger's embedded metrics (dimension `service`).
 *
 * @defaultValue `"MedallionLake/Trigger"`
 */
export const TRIGGER_METRICS_NAMESPACE = "MedallionLake/Trigger";

/** Names of the trigger's embedded metrics, one value per invocation each. */
export const TRIGGER_METRIC_NAMES = {
    /** Objects of the batch routed to a dataset (Count). */
    objectsRouted: "ObjectsRouted",
    /** Objects whose messages were deleted because a run owns them (Count). */
    objectsOwned: "ObjectsOwned",
    /** `StartJobRun` calls Glue accepted (Count). */
    runsStarted: "JobRunsStarted",
    /** Jobs whose objects joined a run that had not listed yet, without a start (Count). */
    runsJoined: "JobRunsJoined",
    /** Messages reported as batch item failures, delivered again by SQS (Count). */
    itemsReturned: "BatchItemFailures",
    /** Malformed messages (they reach the dead-letter queue after `maxReceiveCount`) (Count). */
    malformed: "MalformedMessages",
    /** Age of the oldest message of the batch, from its `SentTimestamp` (Seconds). */
    oldestMessageAge: "OldestMessageAgeSeconds",
    /**
     * How long the run that owns the batch's objects has been waiting to list them, from its `StartedOn`
     * (Seconds): the age of the oldest pending object held by Glue rather than by SQS. The TriggerLambda
     * component alarms on its Maximum (`pendingRunAgeAlarmSeconds`).
     */
    pendingRunAge: "PendingRunAgeSeconds",
} as const;
