import { expect } from "chai";
import { accountRootArn, partitionOf, REGION_PATTERN } from "../../lib/aws";

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

    it("builds the account root ARN in the region's partition", () => {
        expect(accountRootArn({ accountId: "123456789012", region: "us-isof-south-1" })).to.equal(
            "arn:aws-iso-f:iam::123456789012:root",
        );
        expect(accountRootArn({ accountId: "123456789012", region: "eu-isoe-west-1" })).to.equal(
            "arn:aws-iso-e:iam::123456789012:root",
        );
    });
});
