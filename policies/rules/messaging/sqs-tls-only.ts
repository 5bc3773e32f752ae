import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { groupByReference, ofTypes, stringProp } from "../../lib/stack-links";
import { tlsOnly } from "../../lib/tls-only-policies";
import { TYPES } from "../../lib/types";

function queueIdentifiers(queue: PolicyResource): (string | undefined)[] {
    return [stringProp(queue, "url"), stringProp(queue, "id"), stringProp(queue, "arn")];
}

/** Queue policies deny requests without TLS. */
export const sqsTlsOnly: StackValidationPolicy = {
    name: "sqs-tls-only",
    description:
        "Every SQS queue has a queue policy that denies any request made without TLS (aws:SecureTransport false), so messages never cross the network in clear text.",
    severity: "medium",
    remediationSteps:
        "Add to the queue's policy (Queue.policy or an aws.sqs.QueuePolicy) a statement: Deny, Principal *, sqs:*, on the queue ARN, when Bool aws:SecureTransport is false.",
    url: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html",
    validateStack: (args, reportViolation) => {
        const queues = ofTypes(args.resources, [TYPES.sqsQueue]);
        const policies = groupByReference(
            ofTypes(args.resources, [TYPES.sqsQueuePolicy]),
            "queueUrl",
            queues,
            queueIdentifiers,
        );
        for (const queue of queues) {
            const result = tlsOnly(queue, policies.get(queue) ?? []);
            for (const problem of result.invalid)
                reportViolation(`SQS queue ${queue.name}: ${problem}`, queue.urn);
            if (!result.tlsOnly) {
                reportViolation(
                    `SQS queue ${queue.name}: no policy denies requests without TLS; add a Deny on aws:SecureTransport false`,
                    queue.urn,
                );
            }
        }
    },
};
