import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { groupByReference, ofTypes, stringProp } from "../../lib/stack-links";
import { tlsOnly } from "../../lib/tls-only-policies";
import { TYPES } from "../../lib/types";

function topicIdentifiers(topic: PolicyResource): (string | undefined)[] {
    return [stringProp(topic, "arn"), stringProp(topic, "id")];
}

/** Topic policies deny requests without TLS. */
export const snsTlsOnly: StackValidationPolicy = {
    name: "sns-tls-only",
    description:
        "Every SNS topic has a topic policy that denies any publish or subscribe request made without TLS (aws:SecureTransport false), so notifications never cross the network in clear text.",
    severity: "medium",
    remediationSteps:
        "Add to the topic's policy (Topic.policy or an aws.sns.TopicPolicy) a statement: Deny, Principal *, sns:*, on the topic ARN, when Bool aws:SecureTransport is false.",
    url: "https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit",
    validateStack: (args, reportViolation) => {
        const topics = ofTypes(args.resources, [TYPES.snsTopic]);
        const policies = groupByReference(
            ofTypes(args.resources, [TYPES.snsTopicPolicy]),
            "arn",
            topics,
            topicIdentifiers,
        );
        for (const topic of topics) {
            const result = tlsOnly(topic, policies.get(topic) ?? []);
            for (const problem of result.invalid)
                reportViolation(`SNS topic ${topic.name}: ${problem}`, topic.urn);
            if (!result.tlsOnly) {
                reportViolation(
                    `SNS topic ${topic.name}: no policy denies requests without TLS; add a Deny on aws:SecureTransport false`,
                    topic.urn,
                );
            }
        }
    },
};
