import { expect } from "chai";
import {
    countByType,
    missingStackFileMessage,
    planEnvironment,
    renderMermaid,
    renderTree,
    shortType,
} from "../../scripts/plan";
import { renderZoneMermaid, zoneGraph } from "../../scripts/zone-diagram";
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
        // Each under its DatasetPipeline (depth 0) and its GlueCrawlerSet or EtlJob (depth 1).
        const glue = renderTree(recorder)
            .filter((l) => /^ {4}- glue\.(Crawler|Job) /.test(l))
            .sort();
        const datasets = ["flights", "sales", "tweets"];
        expect(glue).to.deep.equal(
            [
                ...datasets.map(
                    (d) => `    - glue.Crawler ${d}-crawler-bronze  (medallion-lake-dev-${d}-crawler-bronze)`,
                ),
                ...datasets.flatMap((d) =>
                    ["bronze-to-silver", "silver-to-gold"].map(
                        (job) => `    - glue.Job ${d}-${job}-job  (medallion-lake-dev-${d}-${job})`,
                    ),
                ),
            ].sort(),
        );
        expect(renderTree(recorder)).to.include("+ DatasetPipeline flights");
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

    describe("zone diagram", () => {
        const DATASETS = ["flights", "sales", "tweets"];
        const b2s = (d: string) => `job_${d}_bronze_to_silver_job`;
        const s2g = (d: string) => `job_${d}_silver_to_gold_job`;

        it("has the dev stack's zones, trigger, jobs and crawlers as its nodes: 5 and 3 per dataset (14), not hundreds", () => {
            const { nodes } = zoneGraph(recorder);
            expect(nodes.map((n) => `${n.kind} ${n.label} ${n.detail}`)).to.have.members([
                ...["bronze", "silver", "gold"].map(
                    (z) => `zone ${z} medallion-lake-dev-${z}-123456789012-eu-west-1`,
                ),
                "queue SQS queue medallion-lake-dev-bronze-trigger",
                "function Lambda medallion-lake-dev-bronze-trigger",
                ...DATASETS.flatMap((d) => [
                    `job ${d}-bronze-to-silver medallion-lake-dev-${d}-bronze-to-silver`,
                    `job ${d}-silver-to-gold medallion-lake-dev-${d}-silver-to-gold`,
                    `crawler ${d}-crawler-bronze medallion-lake-dev-${d}-crawler-bronze`,
                ]),
            ]);
            expect(nodes.filter((n) => n.kind === "zone").map((n) => n.group)).to.deep.equal([
                "DataLake lake",
                "DataLake lake",
                "DataLake lake",
            ]);
            expect(nodes.find((n) => n.kind === "function")?.group).to.equal("TriggerLambda bronze-trigger");
        });

        it("draws how data and runs move: trigger to bronze_to_silver, zone to zone through the jobs, run-after, crawls", () => {
            const { edges } = zoneGraph(recorder);
            expect(edges.map((e) => `${e.from} -${e.label}-> ${e.to}`)).to.have.members([
                "zone_lake_bronze -ObjectCreated flights/*.csv, sales/*.csv, tweets/*.json.gz-> queue_bronze_trigger_queue",
                "queue_bronze_trigger_queue -batches-> function_bronze_trigger_function",
                ...DATASETS.flatMap((d) => [
                    `function_bronze_trigger_function -StartJobRun-> ${b2s(d)}`,
                    `zone_lake_bronze -reads-> ${b2s(d)}`,
                    `${b2s(d)} -writes-> zone_lake_silver`,
                    `zone_lake_silver -reads-> ${s2g(d)}`,
                    `${s2g(d)} -writes-> zone_lake_gold`,
                    `${b2s(d)} -on SUCCEEDED-> ${s2g(d)}`,
                    `zone_lake_bronze -crawls-> crawler_${d}_crawler_bronze`,
                ]),
            ]);
        });

        it("renders as a Mermaid flowchart with the lake and the trigger as subgraphs and labelled edges", () => {
            const mermaid = renderZoneMermaid(zoneGraph(recorder));
            expect(mermaid.startsWith("flowchart LR\n")).to.equal(true);
            expect(mermaid).to.contain('  subgraph group0["DataLake lake"]\n');
            expect(mermaid).to.contain('  subgraph group1["TriggerLambda bronze-trigger"]\n');
            expect(mermaid).to.contain(
                '    zone_lake_bronze[("bronze<br/><small>medallion-lake-dev-bronze-123456789012-eu-west-1</small>")]\n',
            );
            expect(mermaid).to.contain(
                '  job_flights_bronze_to_silver_job -->|"on SUCCEEDED"| job_flights_silver_to_gold_job\n',
            );
            expect(mermaid.split("\n").filter((l) => l.includes("-->"))).to.have.length(
                2 + 7 * DATASETS.length,
            );
        });

        it("shows the sources when the stack has them: Firehose into bronze, PostgreSQL through the JDBC job", async () => {
            const config = {
                ...readStackConfig("dev"),
                "medallion-lake:sources": JSON.stringify({
                    postgres: { enabled: true },
                    eventStream: { enabled: true },
                }),
            };
            const { recorder: withSources } = await runProgram(config, "dev");
            const { nodes, edges } = zoneGraph(withSources);
            expect(
                nodes.filter((n) => n.kind === "source").map((n) => `${n.label} ${n.detail}`),
            ).to.have.members([
                "Firehose stream medallion-lake-dev-tweets-events",
                "postgres database medallion-lake-dev-transactional-db",
            ]);
            expect(edges.map((e) => `${e.from} -${e.label}-> ${e.to}`)).to.include.members([
                "source_event_stream_stream -delivers tweets/-> zone_lake_bronze",
                "source_transactional_db -JDBC-> job_transactional_ingestion_job",
                "schedule_transactional_ingestion_schedule -starts-> job_transactional_ingestion_job",
                "job_transactional_ingestion_job -writes-> zone_lake_bronze",
            ]);
            // Only the lake's own zone buckets are drawn, never the access-logs or artifacts buckets.
            expect(nodes.filter((n) => n.kind === "zone")).to.have.length(3);
        });
    });
});
