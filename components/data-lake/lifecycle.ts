/**
 * S3 lifecycle rules for the lake's zones and the minimums S3 enforces on them.
 * Follows https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html
 */
import { type Problem, problem } from "../../lib/problems";

/** Minimums S3 enforces on lifecycle transitions, in days. */
export const S3_LIFECYCLE_MINIMUMS = {
    /** Objects must stay at least 30 days in STANDARD before a transition to STANDARD_IA. */
    standardIaMinDays: 30,
    /** Objects must stay at least 30 days in STANDARD_IA before a transition to GLACIER. */
    glacierAfterIaMinDays: 30,
} as const;

/** Lifecycle of one zone's objects. Every value is a number of days since the object was created. */
export interface ZoneLifecycle {
    /** Days before current objects move to STANDARD_IA; at least 30. Omit to stay in STANDARD. */
    infrequentAccessAfterDays?: number;
    /**
     * Days before current objects move to GLACIER (Flexible Retrieval); at least 30 days after the
     * STANDARD_IA transition when there is one. Omit to never archive (Athena cannot read archived objects).
     */
    glacierAfterDays?: number;
    /** Days before current objects expire. Omit to keep them. */
    expireAfterDays?: number;
    /** Days a noncurrent (overwritten or deleted) version is kept before it expires. */
    noncurrentVersionExpireAfterDays?: number;
}

/**
 * Lists what S3 would refuse (or what would lose data) in a zone lifecycle. An empty list means valid; each
 * problem's option is the {@link ZoneLifecycle} field.
 */
export function lifecycleProblems(lifecycle: ZoneLifecycle): Problem[] {
    const problems: Problem[] = [];
    const { infrequentAccessAfterDays: ia, glacierAfterDays: glacier, expireAfterDays: expire } = lifecycle;
    if (ia !== undefined && ia < S3_LIFECYCLE_MINIMUMS.standardIaMinDays) {
        problems.push(
            problem(
                "infrequentAccessAfterDays",
                ia,
                `S3 requires at least ${S3_LIFECYCLE_MINIMUMS.standardIaMinDays} days before STANDARD_IA. Set it to ${S3_LIFECYCLE_MINIMUMS.standardIaMinDays} or more, or remove it`,
            ),
        );
    }
    if (
        glacier !== undefined &&
        ia !== undefined &&
        glacier < ia + S3_LIFECYCLE_MINIMUMS.glacierAfterIaMinDays
    ) {
        problems.push(
            problem(
                "glacierAfterDays",
                glacier,
                `S3 requires GLACIER at least ${S3_LIFECYCLE_MINIMUMS.glacierAfterIaMinDays} days after STANDARD_IA (${ia}). Set it to ${ia + S3_LIFECYCLE_MINIMUMS.glacierAfterIaMinDays} or more`,
            ),
        );
    }
    const lastTransition = Math.max(ia ?? 0, glacier ?? 0);
    if (expire !== undefined && expire <= lastTransition) {
        problems.push(
            problem(
                "expireAfterDays",
                expire,
                `objects would expire before or when they transition (day ${lastTransition}). Set it above ${lastTransition}`,
            ),
        );
    }
    return problems;
}
