import { expect } from "chai";
import {
    countByType,
    missingStackFileMessage,
    planEnvironment,
    renderMermaid,
    renderTree,
    shortType,
} from "../../scripts/plan";
import { REPO_ROOT, type Recorder, readStackConfig, runProgram } from "../support/pulumi-harness";

describe("offline plan (npm run plan)", () => {
    let recorder: Recorder;
    before(async () => {
        ({ recorder } = await runProgram(readStackConfig("dev"), "dev"));
    });

    it("names a missing stack file, the stacks that exist and how to create it", () => {
        expect(missingStackFileMessage("dev")).to.equal(undefined);
        const message = missingStackFileMessage("nope");
        expect(message).to.contain(
            `No stack file for stack "nope": ${REPO_ROOT}/Pulumi.nope.yaml does not exist.`,
        );
        expect(message).to.contain("Stacks with a file here: dev");
        expect(message).to.contain("`pulumi stack init nope`");
        expect(message).to.contain("copy Pulumi.dev.yaml to Pulumi.nope.yaml");
    });

    it("answers the mocks with the stack's region and first allowed account", () => {
        expect(planEnvironment(readStackConfig("dev"))).to.deep.equal({
            region: "eu-west-1",
            accountId: "123456789012",
            callerArn: "arn:aws:sts::123456789012:assumed-role/platform-deployer/ci-session",
        });
        expect(
            planEnvironment({ "aws:region": "us-east-1", "aws:allowedAccountIds": '["234567890123"]' }),
        ).to.deep.include({ region: "us-east-1", accountId: "234567890123" });
        expect(planEnvironment({})).to.deep.equal({});
    });

    it("shortens type tokens for display", () => {
        expect(shortType("aws:s3/bucket:Bucket")).to.equal("s3.Bucket");
        expect(shortType("medallion-lake:index:DataLake")).to.equal("DataLake");
    });

    it("shows each bucket with its physical name and its S3 settings on one line", () => {
        const line = renderTree(recorder).find((l) => l.includes("s3.Bucket lake-bronze "));
        expect(line).to.equal(
            "  - s3.Bucket lake-bronze  (medallion-lake-dev-bronze-123456789012-eu-west-1)  [public-access, ownership, encryption, versioning, policy, logging, lifecycle]",
        );
    });

    it("nests resources under their component", () => {
        const tree = renderTree(recorder);
        expect(tree).to.include("+ DataLake lake");
        expect(tree).to.include("  - athena.Workgroup lake-workgroup  (medallion-lake-dev-lake)");
    });

    it("names every bronze crawler and Glue job with its physical name", () => {
        const glue = renderTree(recorder)
            .filter((l) => /^ {2}- glue\.(Crawler|Job) /.test(l))
            .sort();
        const datasets = ["flights", "sales", "tweets"];
        expect(glue).to.deep.equal(
            [
                ...datasets.map(
                    (d) => `  - glue.Crawler bronze-crawler-${d}  (medallion-lake-dev-bronze-crawler-${d})`,
                ),
                ...datasets.flatMap((d) =>
                    ["bronze-to-silver", "silver-to-gold"].map(
                        (job) => `  - glue.Job ${d}-${job}-job  (medallion-lake-dev-${d}-${job})`,
                    ),
                ),
            ].sort(),
        );
    });

    it("counts resources by type, matching what was registered", () => {
        const counts = new Map(countByType(recorder));
        expect(counts.get("aws:s3/bucket:Bucket")).to.equal(recorder.ofType("aws:s3/bucket:Bucket").length);
        expect(counts.get("aws:s3/bucket:Bucket")).to.be.at.least(6);
        const total = [...counts.values()].reduce((a, b) => a + b, 0);
        expect(total).to.equal(recorder.resources.length);
    });

    it("draws a Mermaid flowchart with a subgraph per component and dependency edges", () => {
        const mermaid = renderMermaid(recorder);
        expect(mermaid.startsWith("flowchart LR\n")).to.equal(true);
        expect(mermaid).to.match(/subgraph n\d+\["DataLake: lake"\]/);
        const keyId = recorder.resources.findIndex((r) => r.name === "lake-key");
        const aliasId = recorder.resources.findIndex((r) => r.name === "lake-key-alias");
        expect(mermaid).to.contain(`n${keyId} --> n${aliasId}`);
        expect(mermaid).not.to.contain("bucketVersioning");
    });
});
