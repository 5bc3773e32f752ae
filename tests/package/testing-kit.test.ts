/**
 * The testing kit a consumer imports as `medallion-lake/testing` (testing/): `planStack` runs a program
 * function under the mocks, the mocks answer with realistic outputs, the policy evaluation runs over a plan,
 * and the kit ships on its own: nothing in testing/ imports tests/.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import ts from "typescript";
import { DataLake } from "../../components";
import { planStack, readStackConfig, settle, setupPulumiMocks, tryPlanStack } from "../../testing";
import { evaluatePolicies, loadPolicyEvaluation } from "../../testing/policy-evaluation";
import { REPO_ROOT } from "../support/pulumi-harness";

describe("testing kit (medallion-lake/testing)", () => {
    describe("planStack", () => {
        it("returns every resource the program registered and its outputs, resolved", async () => {
            const plan = await planStack(
                () => {
                    const lake = new DataLake("lake", { accountId: "210987654321", region: "us-east-1" });
                    return { bronze: lake.buckets.bronze.bucket, nested: { arn: lake.keyArn } };
                },
                { aws: { accountId: "210987654321", region: "us-east-1" }, stack: "ci", project: "shop" },
            );
            expect(plan.resources).to.equal(plan.recorder.resources);
            expect(plan.recorder.ofType("aws:s3/bucket:Bucket")).to.have.length(6);
            expect(plan.recorder.named("lake", "medallion-lake:index:DataLake").custom).to.equal(false);
            expect(plan.outputs).to.deep.equal({
                bronze: "shop-ci-bronze-210987654321-us-east-1",
                nested: { arn: "arn:aws:kms:us-east-1:210987654321:key/lake-key-key-id" },
            });
        });

        it("hands the program the stack config, non-strings JSON-encoded, and replaces it on each run", async () => {
            const read = () => {
                const config = new pulumi.Config("shop");
                return { owner: config.get("owner"), zones: config.getObject<string[]>("zones") };
            };
            const first = await planStack(read, {
                config: { "shop:owner": "data", "shop:zones": ["a", "b"] },
            });
            expect(first.outputs).to.deep.equal({ owner: "data", zones: ["a", "b"] });
            const second = await planStack(read);
            expect(second.outputs).to.deep.equal({ owner: undefined, zones: undefined });
        });

        it("reads a stack file the way Pulumi hands it to the program", () => {
            const dev = readStackConfig("dev", REPO_ROOT);
            expect(dev["aws:region"]).to.equal("eu-west-1");
            expect(JSON.parse(dev["aws:allowedAccountIds"])).to.deep.equal(["123456789012"]);
        });

        it("rethrows what the program throws; tryPlanStack reports it with what was registered before", async () => {
            const program = async () => {
                new aws.sqs.Queue("first", { name: "first" });
                throw new Error("bad args");
            };
            let thrown: unknown;
            await planStack(program).catch((error) => {
                thrown = error;
            });
            expect((thrown as Error).message).to.equal("bad args");
            const attempt = await tryPlanStack(program);
            expect((attempt.error as Error).message).to.equal("bad args");
            expect(attempt.resources.map((r) => r.name)).to.deep.equal(["first"]);
        });
    });

    describe("mocked outputs", () => {
        it("answer with each service's documented ARN format, in the mocked account and region", async () => {
            const recorder = setupPulumiMocks({ accountId: "210987654321", region: "us-east-1" });
            new aws.athena.Workgroup("wg", { name: "wg" });
            new aws.cloudwatch.MetricAlarm("alarm", {
                name: "alarm",
                comparisonOperator: "GreaterThanThreshold",
                evaluationPeriods: 1,
            });
            new aws.glue.Connection("conn", { name: "conn" });
            new aws.scheduler.Schedule("sched", {
                name: "sched",
                scheduleExpression: "rate(1 hour)",
                flexibleTimeWindow: { mode: "OFF" },
                target: { arn: "arn:aws:lambda:us-east-1:210987654321:function:f", roleArn: "r" },
            });
            new aws.rds.SubnetGroup("subnets", { name: "subnets", subnetIds: ["subnet-1"] });
            new aws.kms.Alias("alias", { name: "alias/lake", targetKeyId: "k" });
            new aws.lambda.Function("fn", { name: "fn", role: "r", runtime: "nodejs22.x", handler: "h" });
            await settle();
            const arn = (name: string) => recorder.named(name).outputs.arn;
            const prefix = (service: string) => `arn:aws:${service}:us-east-1:210987654321`;
            expect(arn("wg")).to.equal(`${prefix("athena")}:workgroup/wg`);
            expect(arn("alarm")).to.equal(`${prefix("cloudwatch")}:alarm:alarm`);
            expect(arn("conn")).to.equal(`${prefix("glue")}:connection/conn`);
            expect(arn("sched")).to.equal(`${prefix("scheduler")}:schedule/default/sched`);
            expect(arn("subnets")).to.equal(`${prefix("rds")}:subgrp:subnets`);
            expect(arn("alias")).to.equal(`${prefix("kms")}:alias/lake`);
            expect(recorder.named("fn").outputs).to.deep.include({
                arn: `${prefix("lambda")}:function:fn`,
                qualifiedArn: `${prefix("lambda")}:function:fn:$LATEST`,
            });
        });
    });

    describe("policy evaluation", () => {
        it("reports a rule's violation on a planned resource, with the rule's id and enforcement level", async () => {
            const plan = await planStack(() => {
                new aws.s3.Bucket("open", { bucket: "open-bucket" });
            });
            const violations = await evaluatePolicies(plan.resources);
            const urn = plan.recorder.named("open").urn;
            const names = violations.filter((v) => v.urn === urn).map((v) => v.policyName);
            expect(names).to.include("s3-public-access-block");
        });

        it("says how to install @pulumi/policy when it is missing", () => {
            const missing = Object.assign(new Error("Cannot find module '@pulumi/policy'"), {
                code: "MODULE_NOT_FOUND",
            });
            expect(() =>
                loadPolicyEvaluation(() => {
                    throw missing;
                }),
            ).to.throw("npm install --save-dev @pulumi/policy@^1.21.0");
            const other = Object.assign(new Error("Cannot find module './rules'"), {
                code: "MODULE_NOT_FOUND",
            });
            expect(() =>
                loadPolicyEvaluation(() => {
                    throw other;
                }),
            ).to.throw("Cannot find module './rules'");
        });
    });

    it("ships on its own: nothing in testing/ imports tests/ or scripts/", () => {
        const dir = path.join(REPO_ROOT, "testing");
        const imports = readdirSync(dir)
            .filter((file) => file.endsWith(".ts"))
            .flatMap((file) => {
                const source = ts.createSourceFile(
                    file,
                    readFileSync(path.join(dir, file), "utf8"),
                    ts.ScriptTarget.Latest,
                    true,
                );
                const specifiers: string[] = [];
                const visit = (node: ts.Node) => {
                    if (
                        ts.isStringLiteral(node) &&
                        (ts.isImportDeclaration(node.parent) ||
                            ts.isExportDeclaration(node.parent) ||
                            ts.isCallExpression(node.parent))
                    )
                        specifiers.push(node.text);
                    ts.forEachChild(node, visit);
                };
                visit(source);
                return specifiers.map((s) => `${file}: ${s}`);
            });
        expect(imports).to.include("policy-evaluation.ts: ../policies/evaluate");
        expect(imports.filter((i) => /\.\.\/(\.\.\/)?(tests|scripts)\b/.test(i))).to.deep.equal([]);
    });
});
