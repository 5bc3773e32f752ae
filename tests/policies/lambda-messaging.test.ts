import { expect } from "chai";
import { PACK_DEFAULTS } from "../../policies/defaults";
import type { EvaluatedResource } from "../../policies/evaluate";
import { TYPES } from "../../policies/lib/types";
import {
    functionNameOf,
    lambdaFailureDestination,
    lambdaPermissionSourceScoped,
    lambdaSupportedRuntime,
    supportedRuntimesOn,
} from "../../policies/rules/lambda";
import { snsEncrypted, snsTlsOnly, sqsEncrypted, sqsTlsOnly } from "../../policies/rules/messaging";
import { ACCOUNT, doc, KEY_ARN, resource, urnOf } from "./support/fixtures";
import { runResourceRule, runStackRule } from "./support/rule-runner";

const REGION = "eu-west-1";
const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
const queueUrl = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

function denyInsecure(service: string, arn: string): Record<string, unknown> {
    return {
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: `${service}:*`,
        Resource: arn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

function queue(name: string, props: Record<string, unknown> = {}): EvaluatedResource {
    return resource(TYPES.sqsQueue, name, { name, arn: queueArn(name), url: queueUrl(name), ...props });
}

function fn(name: string, props: Record<string, unknown> = {}): EvaluatedResource {
    return resource(TYPES.lambdaFunction, name, {
        name,
        arn: functionArn(name),
        runtime: "nodejs22.x",
        ...props,
    });
}

describe("Lambda rules", () => {
    describe("lambda-permission-source-scoped", () => {
        it("passes a service permission with a source ARN and an account permission", async () => {
            const scoped = await runResourceRule(lambdaPermissionSourceScoped, {
                type: TYPES.lambdaPermission,
                props: {
                    principal: "events.amazonaws.com",
                    sourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/r`,
                },
            });
            expect(scoped.violations).to.deep.equal([]);
            const account = await runResourceRule(lambdaPermissionSourceScoped, {
                type: TYPES.lambdaPermission,
                props: { principal: ACCOUNT },
            });
            expect(account.violations).to.deep.equal([]);
        });

        it("flags a service permission without source and a permission to *", async () => {
            const open = await runResourceRule(lambdaPermissionSourceScoped, {
                type: TYPES.lambdaPermission,
                name: "allow-s3",
                props: { principal: "s3.amazonaws.com" },
            });
            expect(open.violations).to.deep.equal([
                "Lambda permission allow-s3: lets s3.amazonaws.com invoke on behalf of any account; set sourceArn or sourceAccount",
            ]);
            const star = await runResourceRule(lambdaPermissionSourceScoped, {
                type: TYPES.lambdaPermission,
                name: "public",
                props: { principal: "*" },
            });
            expect(star.violations).to.deep.equal([
                "Lambda permission public: grants invoke to *; name the service or account",
            ]);
        });
    });

    describe("lambda-supported-runtime", () => {
        const onDay = (asOf: string) => ({ "lambda-supported-runtime": { asOf } });
        const run = (runtime: string | undefined, asOf: string) =>
            runResourceRule(
                lambdaSupportedRuntime,
                { type: TYPES.lambdaFunction, name: "f", props: runtime === undefined ? {} : { runtime } },
                onDay(asOf),
            );

        it("passes a runtime the day before its deprecation date and flags it from that date on", async () => {
            expect((await run("nodejs20.x", "2026-04-29")).violations).to.deep.equal([]);
            const deprecated = await run("nodejs20.x", "2026-04-30");
            expect(deprecated.violations).to.have.length(1);
            expect(deprecated.violations[0]).to.match(
                /^Lambda function f: runtime nodejs20\.x is deprecated since 2026-04-30; use one of dotnet8, dotnet10, /,
            );
            expect(deprecated.violations[0]).to.not.match(/nodejs20\.x,/);
        });

        it("on 2026-11-21 flags nodejs20.x, ruby3.2, python3.10, dotnet8 and provided.al2, passes nodejs22.x", async () => {
            const day = "2026-11-21";
            expect((await run("nodejs22.x", day)).violations).to.deep.equal([]);
            expect((await run("python3.11", day)).violations).to.deep.equal([]);
            for (const [runtime, since] of [
                ["nodejs20.x", "2026-04-30"],
                ["ruby3.2", "2026-03-31"],
                ["python3.10", "2026-10-31"],
                ["dotnet8", "2026-11-10"],
                ["provided.al2", "2026-07-31"],
            ]) {
                const outcome = await run(runtime, day);
                expect(outcome.violations[0], runtime).to.equal(
                    `Lambda function f: runtime ${runtime} is deprecated since ${since}; use one of dotnet10, java8.al2, java11, java17, java21, java25, nodejs22.x, nodejs24.x, provided.al2023, python3.11, python3.12, python3.13, python3.14, ruby3.3, ruby3.4`,
                );
            }
        });

        it("flags nodejs22.x (the lake's runtime) from 2027-04-30, a runtime it has no date for, and a missing runtime", async () => {
            expect((await run("nodejs22.x", "2027-04-29")).violations).to.deep.equal([]);
            expect((await run("nodejs22.x", "2027-04-30")).violations[0]).to.match(
                /^Lambda function f: runtime nodejs22\.x is deprecated since 2027-04-30; /,
            );
            expect((await run("nodejs18.x", "2026-11-21")).violations[0]).to.match(
                /^Lambda function f: runtime nodejs18\.x is not one this rule knows a deprecation date for; use one of dotnet10, /,
            );
            expect((await run(undefined, "2026-11-21")).violations[0]).to.match(
                /^Lambda function f: runtime is not set; use one of dotnet10, /,
            );
        });

        it("compares with today when asOf is unset", async () => {
            const today = new Date().toISOString().slice(0, 10);
            const outcome = await runResourceRule(lambdaSupportedRuntime, {
                type: TYPES.lambdaFunction,
                name: "f",
                props: { runtime: "nodejs20.x" },
            });
            expect(outcome.violations).to.deep.equal((await run("nodejs20.x", today)).violations);
            expect(supportedRuntimesOn(PACK_DEFAULTS.lambdaRuntimeDeprecations, today)).to.not.include(
                "nodejs20.x",
            );
        });

        it("reads the runtimes table from the pack config, and skips container images", async () => {
            const config = {
                "lambda-supported-runtime": { runtimes: { "python3.13": "2029-06-30" }, asOf: "2026-11-21" },
            };
            const outcome = await runResourceRule(
                lambdaSupportedRuntime,
                { type: TYPES.lambdaFunction, name: "f", props: { runtime: "nodejs22.x" } },
                config,
            );
            expect(outcome.violations).to.deep.equal([
                "Lambda function f: runtime nodejs22.x is not one this rule knows a deprecation date for; use one of python3.13",
            ]);
            const image = await runResourceRule(lambdaSupportedRuntime, {
                type: TYPES.lambdaFunction,
                props: { packageType: "Image" },
            });
            expect(image.notApplicable).to.equal("container image functions bring their own runtime");
        });

        it("refuses a malformed asOf or deprecation date, naming the setting", () => {
            expect(() => supportedRuntimesOn({ "nodejs22.x": "2027-04-30" }, "21/11/2026")).to.throw(
                'lambda-supported-runtime.asOf: "21/11/2026" is not a day; write it YYYY-MM-DD',
            );
            expect(() => supportedRuntimesOn({ "nodejs22.x": "2027-02-30" }, "2026-11-21")).to.throw(
                'lambda-supported-runtime.runtimes.nodejs22.x: "2027-02-30" is not a day',
            );
            expect(() =>
                supportedRuntimesOn(["nodejs22.x"] as unknown as Record<string, string>, "2026-11-21"),
            ).to.throw(
                "lambda-supported-runtime.runtimes: expected an object of runtime identifier to deprecation day",
            );
        });
    });

    describe("lambda-failure-destination", () => {
        it("passes an SQS-fed function whose queue has a dead-letter queue (inline redrive policy)", async () => {
            const redrivePolicy = JSON.stringify({
                deadLetterTargetArn: queueArn("dlq"),
                maxReceiveCount: 5,
            });
            const outcome = await runStackRule(lambdaFailureDestination, [
                fn("trigger"),
                queue("events", { redrivePolicy }),
                queue("dlq"),
                resource(TYPES.lambdaEventSourceMapping, "trigger-source", {
                    functionName: functionArn("trigger"),
                    eventSourceArn: queueArn("events"),
                }),
            ]);
            expect(outcome.violations).to.deep.equal([]);
        });

        it("passes a function with a separate RedrivePolicy on its source queue, linked by property dependencies", async () => {
            const events = queue("events");
            const trigger = fn("trigger");
            const mapping = resource(TYPES.lambdaEventSourceMapping, "m", {});
            mapping.propertyDependencies = {
                functionName: [trigger.urn as string],
                eventSourceArn: [events.urn as string],
            };
            const redrive = resource(TYPES.sqsRedrivePolicy, "redrive", {
                queueUrl: queueUrl("events"),
                redrivePolicy: JSON.stringify({ deadLetterTargetArn: queueArn("dlq"), maxReceiveCount: 5 }),
            });
            const outcome = await runStackRule(lambdaFailureDestination, [trigger, events, mapping, redrive]);
            expect(outcome.violations).to.deep.equal([]);
        });

        it("passes an async function with an on-failure destination or a DLQ", async () => {
            const outcome = await runStackRule(lambdaFailureDestination, [
                fn("simulator"),
                resource(TYPES.lambdaEventInvokeConfig, "simulator-async", {
                    functionName: "simulator",
                    destinationConfig: { onFailure: { destination: queueArn("failures") } },
                }),
                fn("other", { deadLetterConfig: { targetArn: queueArn("dlq") } }),
            ]);
            expect(outcome.violations).to.deep.equal([]);
        });

        it("flags a function whose failures are dropped, including an SQS source without a redrive policy", async () => {
            const outcome = await runStackRule(lambdaFailureDestination, [
                fn("trigger"),
                queue("events"),
                resource(TYPES.lambdaEventSourceMapping, "m", {
                    functionName: "trigger",
                    eventSourceArn: queueArn("events"),
                }),
            ]);
            expect(outcome.violations).to.deep.equal([
                "Lambda function trigger: failed events are dropped; set deadLetterConfig, an on-failure destination, or a redrive policy on its SQS source",
            ]);
            expect(outcome.urns).to.deep.equal([urnOf(TYPES.lambdaFunction, "trigger")]);
        });

        it("reads function names out of function ARNs, qualified or not", () => {
            expect(functionNameOf(functionArn("trigger"))).to.equal("trigger");
            expect(functionNameOf(`${functionArn("trigger")}:live`)).to.equal("trigger");
            expect(functionNameOf("trigger")).to.equal("trigger");
        });
    });
});

describe("SQS and SNS rules", () => {
    it("sqs-encrypted passes a KMS or SQS-managed queue and flags an unencrypted one", async () => {
        for (const props of [{ kmsMasterKeyId: KEY_ARN }, { sqsManagedSseEnabled: true }]) {
            const outcome = await runResourceRule(sqsEncrypted, { type: TYPES.sqsQueue, props });
            expect(outcome.violations).to.deep.equal([]);
        }
        const plain = await runResourceRule(sqsEncrypted, {
            type: TYPES.sqsQueue,
            name: "q",
            props: { sqsManagedSseEnabled: false },
        });
        expect(plain.violations).to.deep.equal([
            "SQS queue q: no encryption at rest is set; set kmsMasterKeyId to the lake key or sqsManagedSseEnabled: true",
        ]);
    });

    it("sqs-tls-only passes a QueuePolicy or an inline policy with the TLS deny, and flags a queue without", async () => {
        const outcome = await runStackRule(sqsTlsOnly, [
            queue("events"),
            resource(TYPES.sqsQueuePolicy, "events-policy", {
                queueUrl: queueUrl("events"),
                policy: doc(denyInsecure("sqs", queueArn("events"))),
            }),
            queue("dlq", { policy: doc(denyInsecure("sqs", queueArn("dlq"))) }),
            queue("open"),
        ]);
        expect(outcome.violations).to.deep.equal([
            "SQS queue open: no policy denies requests without TLS; add a Deny on aws:SecureTransport false",
        ]);
        expect(outcome.urns).to.deep.equal([urnOf(TYPES.sqsQueue, "open")]);
    });

    it("sns-encrypted passes a KMS topic and flags a plain one", async () => {
        const ok = await runResourceRule(snsEncrypted, {
            type: TYPES.snsTopic,
            props: { kmsMasterKeyId: KEY_ARN },
        });
        expect(ok.violations).to.deep.equal([]);
        const plain = await runResourceRule(snsEncrypted, {
            type: TYPES.snsTopic,
            name: "alarms",
            props: {},
        });
        expect(plain.violations).to.deep.equal([
            "SNS topic alarms: not encrypted at rest; set kmsMasterKeyId to the lake key",
        ]);
    });

    it("sns-tls-only passes a TopicPolicy with the TLS deny and flags a topic without", async () => {
        const topicArn = (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;
        const outcome = await runStackRule(snsTlsOnly, [
            resource(TYPES.snsTopic, "alarms", { arn: topicArn("alarms") }),
            resource(TYPES.snsTopicPolicy, "alarms-policy", {
                arn: topicArn("alarms"),
                policy: doc(denyInsecure("sns", topicArn("alarms"))),
            }),
            resource(TYPES.snsTopic, "open", { arn: topicArn("open") }),
        ]);
        expect(outcome.violations).to.deep.equal([
            "SNS topic open: no policy denies requests without TLS; add a Deny on aws:SecureTransport false",
        ]);
    });
});
