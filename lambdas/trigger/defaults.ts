/**
 * Fixed names and defaults of the bronze trigger Lambda. Each value lives here once; the handler, its
 * tests and `docs/trigger.md` refer to these constants rather than repeating the literals.
 *
 * @module
 */

/**
 * Name of the Glue job argument that carries the bronze objects a run must process.
 *
 * Value: a JSON array of `s3://<bucket>/<key>` URIs with URL-decoded keys, for example
 * `["s3://lake-bronze/flights/2024/01/part 1.csv"]`. This is a contract with the Glue jobs
 * (`getResolvedOptions(sys.argv, ["source_keys"])`) and is deliberately not configurable.
 *
 * @see https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html
 */
export const SOURCE_KEYS_ARGUMENT = "--source_keys";

/**
 * Budget, in bytes (UTF-8), for the `--source_keys` value of one job run: a conservative budget chosen by
 * this project, not a documented AWS limit.
 *
 * AWS documents no size limit for `StartJobRun` `Arguments`. Two limits apply in practice: the job reads
 * `--source_keys` from its command line (`sys.argv`), and Linux refuses a single argument string of
 * 128 KiB (131,072 bytes, `MAX_ARG_STRLEN`) or more ("argument list too long"); and users report
 * `InvalidInputException: Request size limit exceeded` for `StartJobRun` requests of about 180 KB
 * (https://github.com/awsdocs/aws-glue-developer-guide/issues/55). 100,000 bytes stays under both with
 * room for quoting. Objects of messages that would overflow it are left for a later batch (reported as
 * batch item failures), so no run is started with a longer value.
 *
 * @defaultValue `100_000`
 * @see https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html
 */
export const SOURCE_KEYS_MAX_BYTES = 100_000;

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
 * Lambda function timeout the trigger is sized for, in seconds: one batch makes at most one `StartJobRun`
 * call per job, each retried by the SDK on throttling.
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
 * `JobRunQueuingEnabled` of the Glue jobs the trigger routes to: off. With queuing on, `StartJobRun` on a
 * busy job returns a `WAITING` run instead of raising `ConcurrentRunsExceededException`, so a burst becomes
 * one waiting run per batch, held by Glue where no trigger alarm sees it. With queuing off, the trigger
 * reports the messages as failed, SQS delivers them again after the visibility timeout (merged with newer
 * objects into fewer, larger runs), and the queue's age and the dead-letter queue alarm. This is the path
 * the integration tests exercise (`tests/integration/trigger-burst.test.ts`).
 *
 * @defaultValue `false`
 * @see https://docs.aws.amazon.com/glue/latest/dg/job-run-statuses.html
 */
export const TRIGGER_ROUTED_JOB_RUN_QUEUING = false;
