import { expect } from "chai";
import { bucketName, glueDatabaseName, iamRoleName, NAME_LIMITS, validateBucketName } from "../../lib/naming";

describe("naming", () => {
    it("builds <project>-<stack>-<role>-<account>-<region> bucket names", () => {
        expect(
            bucketName({
                project: "medallion-lake",
                stack: "dev",
                role: "bronze",
                accountId: "123456789012",
                region: "eu-west-1",
            }),
        ).to.equal("medallion-lake-dev-bronze-123456789012-eu-west-1");
    });

    it("shortens long bucket names to 63 characters with a deterministic hash, keeping account and region", () => {
        const args = {
            project: "medallion-lake",
            stack: "Feature.Very_Long-Branch-Name-For-Testing",
            role: "athena-results",
            accountId: "123456789012",
            region: "ap-southeast-2",
        };
        const name = bucketName(args);
        expect(name).to.have.length.at.most(NAME_LIMITS.bucketMax);
        expect(name).to.match(/^medallion-lake-feature-[a-z0-9-]*-[0-9a-f]{8}-123456789012-ap-southeast-2$/);
        expect(bucketName(args)).to.equal(name);
        expect(bucketName({ ...args, role: "athena-result" })).not.to.equal(name);
    });

    it("rejects bucket names that break S3 rules", () => {
        expect(() => validateBucketName("My_Bucket")).to.throw(
            'naming: S3 bucket name: got "My_Bucket"; must use only lowercase letters, digits, dots and hyphens, and start and end alphanumeric',
        );
        expect(() => validateBucketName("a..b")).to.throw(
            'naming: S3 bucket name: got "a..b"; must not contain two adjacent dots',
        );
        expect(() => validateBucketName("ab")).to.throw("must be 3-63 characters (is 2)");
        expect(() => validateBucketName("xn--lake")).to.throw("must not start with a reserved prefix");
    });

    it("keeps IAM role names within 64 characters", () => {
        const name = iamRoleName(
            { project: "medallion-lake", stack: "x".repeat(80) },
            "bronze-to-silver-flights",
        );
        expect(name).to.have.length(64);
        expect(iamRoleName({ project: "medallion-lake", stack: "dev" }, "crawler")).to.equal(
            "medallion-lake-dev-crawler",
        );
    });

    it("builds lowercase underscore Glue database names Athena can query", () => {
        expect(glueDatabaseName({ project: "medallion-lake", stack: "Dev-EU" }, "silver")).to.equal(
            "medallion_lake_dev_eu_silver",
        );
    });
});
