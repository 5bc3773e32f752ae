import { partition } from "@aws-sdk/core/client";
import { expect } from "chai";
import {
    accountRootArn,
    KNOWN_REGIONS,
    partitionOf,
    REGION_PATTERN,
    regionProblem,
    regionsOfPartition,
} from "../../lib/aws";

/** The SDK's partition of a region; `description` is set only for regions its table lists. */
const sdkPartition = (region: string) => partition(region) as { name: string; description?: string };

describe("lib/aws", () => {
    // Partition ids and region patterns as in the AWS SDK's endpoint partition table (partitions.json).
    const PARTITION_OF_REGION: Record<string, string> = {
        "eu-west-1": "aws",
        "us-east-1": "aws",
        "il-central-1": "aws",
        "mx-central-1": "aws",
        "cn-north-1": "aws-cn",
        "cn-northwest-1": "aws-cn",
        "us-gov-west-1": "aws-us-gov",
        "us-iso-east-1": "aws-iso",
        "us-isob-east-1": "aws-iso-b",
        "eu-isoe-west-1": "aws-iso-e",
        "us-isof-south-1": "aws-iso-f",
    };

    for (const [region, partition] of Object.entries(PARTITION_OF_REGION)) {
        it(`${region} is a region code in partition ${partition}`, () => {
            expect(REGION_PATTERN.test(region), region).to.equal(true);
            expect(partitionOf(region)).to.equal(partition);
        });
    }

    it("knows the region of every partition above, and no region twice", () => {
        for (const region of Object.keys(PARTITION_OF_REGION))
            expect(KNOWN_REGIONS, region).to.include(region);
        expect(new Set(KNOWN_REGIONS).size).to.equal(KNOWN_REGIONS.length);
        expect(KNOWN_REGIONS).to.deep.equal([...KNOWN_REGIONS].sort());
    });

    it("agrees with the AWS SDK's partition table: each known region is listed there, in the same partition", () => {
        const disagreements = KNOWN_REGIONS.map((region) => [region, sdkPartition(region)] as const)
            .filter(([region, p]) => p.description === undefined || p.name !== partitionOf(region))
            .map(([region, p]) => `${region}: SDK says ${p.name} (${p.description ?? "not listed"})`);
        expect(disagreements).to.deep.equal([]);
        expect(sdkPartition("eu-west-9").description, "the SDK does not list eu-west-9").to.equal(undefined);
    });

    it("accepts a known region and explains an unknown or malformed one", () => {
        expect(regionProblem("eu-west-1")).to.equal(undefined);
        expect(regionProblem("us-gov-west-1")).to.equal(undefined);
        expect(regionProblem("europe-1")).to.equal("use a region code such as eu-west-1 or us-east-1");
        expect(regionProblem("us-gov-north-7")).to.equal(
            "us-gov-north-7 is not a region of the aws-us-gov partition; use one of us-gov-east-1, us-gov-west-1 (a region newer than the installed @pulumi/aws needs a provider upgrade)",
        );
        expect(regionsOfPartition("aws-cn")).to.deep.equal(["cn-north-1", "cn-northwest-1"]);
    });

    it("builds the account root ARN in the region's partition", () => {
        expect(accountRootArn({ accountId: "123456789012", region: "us-isof-south-1" })).to.equal(
            "arn:aws-iso-f:iam::123456789012:root",
        );
        expect(accountRootArn({ accountId: "123456789012", region: "eu-isoe-west-1" })).to.equal(
            "arn:aws-iso-e:iam::123456789012:root",
        );
    });
});
