import { expect } from "chai";
import { DEFAULT_LAKE_NAME, lakeNaming } from "../../components/data-lake/data-lake";
import {
    bucketName,
    claimPhysicalNames,
    glueDatabaseName,
    iamRoleName,
    NAME_LIMITS,
    resourceName,
    validateBucketName,
} from "../../lib/naming";
import { setupPulumiMocks } from "../support/pulumi-harness";

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

    it("puts a lake instance after the stack in every derived name", () => {
        const ctx = { project: "shop", stack: "dev", instance: "archive" };
        expect(
            bucketName({ ...ctx, role: "bronze", accountId: "210987654321", region: "eu-west-1" }),
        ).to.equal("shop-dev-archive-bronze-210987654321-eu-west-1");
        expect(iamRoleName(ctx, "orders")).to.equal("shop-dev-archive-orders");
        expect(glueDatabaseName(ctx, "gold")).to.equal("shop_dev_archive_gold");
        expect(resourceName(ctx, "lake")).to.equal("shop-dev-archive-lake");
    });

    it("gives a DataLake named other than DEFAULT_LAKE_NAME that name as its instance", () => {
        expect(DEFAULT_LAKE_NAME).to.equal("lake");
        const naming = { project: "shop", stack: "dev" };
        expect(lakeNaming("lake", naming)).to.deep.equal(naming);
        expect(lakeNaming("archive", naming)).to.deep.equal({ ...naming, instance: "archive" });
        expect(lakeNaming("archive", { ...naming, instance: "cold" })).to.deep.equal({
            ...naming,
            instance: "cold",
        });
    });

    it("claims physical names once per stack run: a second owner is refused, a new run starts empty", () => {
        setupPulumiMocks({}, "test");
        claimPhysicalNames("EtlJob a", [
            { kind: "Glue job", name: "j" },
            { kind: "Glue job", name: "j" },
        ]);
        claimPhysicalNames("EtlJob a", [{ kind: "Glue job", name: "j" }]);
        claimPhysicalNames("GlueCrawlerSet c", [{ kind: "Glue crawler", name: "j" }]);
        expect(() => claimPhysicalNames("EtlJob b", [{ kind: "Glue job", name: "j" }])).to.throw(
            'EtlJob b: Glue job name: got "j"; EtlJob a in this stack already plans this name; give one of them another component name',
        );
        setupPulumiMocks({}, "test");
        expect(() => claimPhysicalNames("EtlJob b", [{ kind: "Glue job", name: "j" }])).to.not.throw();
    });
});
