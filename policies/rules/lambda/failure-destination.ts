import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ofTypes, referencedBy, stringProp } from "../../lib/stack-links";
import { TYPES } from "../../lib/types";
import { isSet } from "../../lib/unknowns";

/** The function name in a name, a function ARN or a qualified ARN (`...:function:<name>[:<qualifier>]`). */
export function functionNameOf(nameOrArn: string): string {
    const match = /:function:([^:]+)/.exec(nameOrArn);
    return match ? match[1] : nameOrArn;
}

function functionIdentifiers(fn: PolicyResource): (string | undefined)[] {
    return [stringProp(fn, "name"), stringProp(fn, "arn")];
}

function queueIdentifiers(queue: PolicyResource): (string | undefined)[] {
    return [stringProp(queue, "arn"), stringProp(queue, "url"), stringProp(queue, "id")];
}

/** True when the redrive policy in `property` names a dead-letter queue (or will, once deployed). */
function namesDeadLetterQueue(resource: PolicyResource, property: string): boolean {
    if (!isSet(() => resource.props[property])) return false;
    const text = stringProp(resource, property);
    return text === undefined || text.includes("deadLetterTargetArn");
}

/** True when the queue sends messages it cannot deliver to a dead-letter queue. */
function queueHasDeadLetterQueue(queue: PolicyResource, resources: PolicyResource[]): boolean {
    if (namesDeadLetterQueue(queue, "redrivePolicy")) return true;
    return ofTypes(resources, [TYPES.sqsRedrivePolicy]).some(
        (p) =>
            referencedBy(p, "queueUrl", [queue], queueIdentifiers).length > 0 &&
            namesDeadLetterQueue(p, "redrivePolicy"),
    );
}

/** How a function's failed events are kept, or undefined when they are lost. */
function failurePath(fn: PolicyResource, resources: PolicyResource[]): string | undefined {
    if (isSet(() => fn.props.deadLetterConfig?.targetArn)) return "dead-letter queue";
    const refersToFn = (r: PolicyResource) =>
        referencedBy(r, "functionName", [fn], functionIdentifiers, functionNameOf).length > 0;
    const invokeConfigs = ofTypes(resources, [TYPES.lambdaEventInvokeConfig]).filter(refersToFn);
    if (invokeConfigs.some((c) => isSet(() => c.props.destinationConfig?.onFailure?.destination))) {
        return "on-failure destination";
    }
    const queues = ofTypes(resources, [TYPES.sqsQueue]);
    for (const mapping of ofTypes(resources, [TYPES.lambdaEventSourceMapping]).filter(refersToFn)) {
        if (isSet(() => mapping.props.destinationConfig?.onFailure?.destinationArn)) {
            return "event source on-failure destination";
        }
        const sources = referencedBy(mapping, "eventSourceArn", queues, queueIdentifiers);
        if (sources.some((q) => queueHasDeadLetterQueue(q, resources)))
            return "source queue's dead-letter queue";
    }
    return undefined;
}

/** Every function's failures end somewhere they can be inspected and replayed. */
export const lambdaFailureDestination: StackValidationPolicy = {
    name: "lambda-failure-destination",
    description:
        "Every Lambda function sends events it fails to process to a dead-letter queue or on-failure destination (for an SQS-fed function: its source queue has a redrive policy), so no failed event is silently lost.",
    severity: "high",
    remediationSteps:
        "Set deadLetterConfig.targetArn, or register an aws.lambda.FunctionEventInvokeConfig with destinationConfig.onFailure; for an SQS event source, give the queue a redrivePolicy with deadLetterTargetArn.",
    url: "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html",
    validateStack: (args, reportViolation) => {
        for (const fn of ofTypes(args.resources, [TYPES.lambdaFunction])) {
            if (failurePath(fn, args.resources) === undefined) {
                reportViolation(
                    `Lambda function ${stringProp(fn, "name") ?? fn.name}: failed events are dropped; set deadLetterConfig, an on-failure destination, or a redrive policy on its SQS source`,
                    fn.urn,
                );
            }
        }
    },
};
