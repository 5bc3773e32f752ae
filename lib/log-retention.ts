/**
 * Retention periods CloudWatch Logs accepts for a log group (`retentionInDays`). Any other value is refused
 * by `PutRetentionPolicy`, so components check their retention argument against this list before deploying.
 * Follows https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */

/** Every `retentionInDays` value CloudWatch Logs accepts, ascending. */
export const CLOUDWATCH_LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Whether CloudWatch Logs accepts `days` as a log group retention. */
export function isLogRetentionDays(days: number): boolean {
    return (CLOUDWATCH_LOG_RETENTION_DAYS as readonly number[]).includes(days);
}

/**
 * Why `days` is not a valid retention, naming the nearest allowed values; `undefined` when it is valid.
 *
 * @example logRetentionProblem(45) // "CloudWatch Logs accepts only ...; use 30 or 60"
 */
export function logRetentionProblem(days: number): string | undefined {
    if (isLogRetentionDays(days)) return undefined;
    const below = [...CLOUDWATCH_LOG_RETENTION_DAYS].reverse().find((d) => d < days);
    const above = CLOUDWATCH_LOG_RETENTION_DAYS.find((d) => d > days);
    const nearest = [below, above].filter((d) => d !== undefined).join(" or ");
    return `CloudWatch Logs accepts only ${CLOUDWATCH_LOG_RETENTION_DAYS.join(", ")} days; use ${nearest}`;
}
