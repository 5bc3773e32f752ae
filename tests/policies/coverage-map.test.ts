import { readFileSync } from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { PACK_DEFAULTS } from "../../policies/defaults";
import { MEDALLION_POLICIES } from "../../policies/rules";
import { REPO_ROOT } from "../support/pulumi-harness";
import { MUTATIONS } from "./mutations/mutations";

const DOC = readFileSync(path.join(REPO_ROOT, "docs", "policies.md"), "utf8");

/** The text between two headings of docs/policies.md. */
function section(from: string, to: string): string {
    const start = DOC.indexOf(from);
    const end = DOC.indexOf(to, start);
    expect(start, from).to.be.greaterThan(-1);
    expect(end, to).to.be.greaterThan(start);
    return DOC.slice(start, end);
}

const MAP = section("## Coverage map", "## Mutation tests");
const RULE_IDS = MEDALLION_POLICIES.map((p) => p.name);

/** Rows of the map tables: their first cell (the control) and last cell (the pack rule or the reason). */
const ROWS = MAP.split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| control") && !line.startsWith("| ---"))
    .map((line) => line.split(" | ").map((cell) => cell.replace(/^\| /, "").replace(/ \|$/, "")));

describe("docs/policies.md coverage map and mutation score", () => {
    it("maps every rule registered in the pack", () => {
        for (const rule of RULE_IDS) expect(MAP, rule).to.include(`\`${rule}\``);
    });

    it("names only rules the pack has", () => {
        const cited = [...MAP.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((m) => m[1]);
        expect(cited.length).to.be.greaterThan(RULE_IDS.length);
        for (const rule of cited) expect(RULE_IDS, rule).to.include(rule);
    });

    it("lists the Security Hub and cdk-nag controls of the lake's services, each with a rule or a reason", () => {
        const controls = ROWS.map((row) => row[0]);
        const securityHub = [
            "S3.1",
            "S3.2",
            "S3.3",
            "S3.5",
            "S3.6",
            "S3.8",
            "S3.9",
            "S3.12",
            "S3.13",
            "KMS.1",
            "KMS.2",
            "KMS.3",
            "KMS.4",
            "KMS.5",
            "IAM.1",
            "IAM.2",
            "IAM.3",
            "IAM.21",
            "Lambda.1",
            "Lambda.2",
            "Lambda.3",
            "Lambda.5",
            "SQS.1",
            "SQS.3",
            "SNS.1",
            "SNS.4",
            "Glue.4",
            "Athena.1",
            "DataFirehose.1",
            "RDS.2",
            "RDS.3",
            "RDS.5",
            "RDS.8",
            "RDS.9",
            "RDS.10",
            "RDS.11",
            "RDS.13",
            "RDS.23",
            "EC2.2",
            "EC2.6",
            "EC2.18",
            "EC2.19",
            "SecretsManager.1",
        ];
        for (const id of securityHub) {
            expect(
                controls.some((c) => c.startsWith("Security Hub") && c.split(/[ ,]+/).includes(id)),
                id,
            ).to.equal(true);
        }
        const cdkNag = [
            "S1",
            "S2",
            "S10",
            "KMS5",
            "IAM4",
            "IAM5",
            "L1",
            "SQS2",
            "SQS3",
            "SQS4",
            "SNS2",
            "SNS3",
            "GL1",
            "GL3",
            "ATH1",
            "KDF1",
            "RDS2",
            "RDS3",
            "RDS6",
            "RDS10",
            "RDS11",
            "RDS13",
            "EC23",
            "VPC7",
            "SMG4",
        ];
        for (const id of cdkNag) {
            expect(
                controls.some((c) => c.startsWith("cdk-nag") && c.split(/[ ,]+/).includes(id)),
                id,
            ).to.equal(true);
        }
        for (const row of ROWS) {
            expect(row, row[0]).to.have.length(3);
            const answer = row[2];
            const covered = RULE_IDS.some((rule) => answer.includes(`\`${rule}\``));
            expect(covered || /^(n\/a|not checked|not required|not applied)/.test(answer), row[0]).to.equal(
                true,
            );
        }
    });

    it("reports the mutation score of the mutation tests' table", () => {
        expect(MUTATIONS.length).to.be.at.least(40);
        expect(DOC).to.include(
            `Mutation score: 100 % (${MUTATIONS.length} of ${MUTATIONS.length} mutations caught).`,
        );
    });

    it("lists the new rules' settings with their defaults from PACK_DEFAULTS and the config schemas", () => {
        const rows: [string, string, unknown, string][] = [
            ["iam-resource-policy-private", "allowedAccounts", PACK_DEFAULTS.allowedAccounts, "none"],
            ["lambda-permission-same-account", "allowedAccounts", PACK_DEFAULTS.allowedAccounts, "none"],
            [
                "iam-no-wildcard-arn",
                "allowedWildcardTypes",
                PACK_DEFAULTS.allowedWildcardTypes,
                PACK_DEFAULTS.allowedWildcardTypes.join(", "),
            ],
            ["rds-deletion-protection", "devEnvironments", PACK_DEFAULTS.devEnvironments, "dev"],
            ["rds-deletion-protection", "environmentTagKey", PACK_DEFAULTS.environmentTagKey, "environment"],
            ["rds-backup-retention", "devEnvironments", PACK_DEFAULTS.devEnvironments, "dev"],
            ["rds-backup-retention", "environmentTagKey", PACK_DEFAULTS.environmentTagKey, "environment"],
            ["rds-backup-retention", "minRetentionDays", PACK_DEFAULTS.rdsMinBackupRetentionDays, "7"],
            [
                "rds-current-ca",
                "certificateAuthorities",
                PACK_DEFAULTS.rdsCertificateAuthorities,
                PACK_DEFAULTS.rdsCertificateAuthorities.join(", "),
            ],
        ];
        for (const [rule, setting, value, shown] of rows) {
            expect(DOC).to.include(`| \`${rule}\` | \`${setting}\` | ${shown} |`);
            const schema = MEDALLION_POLICIES.find((p) => p.name === rule)?.configSchema?.properties[setting];
            expect(schema?.default, `${rule}.${setting}`).to.deep.equal(value);
        }
        expect(PACK_DEFAULTS.allowedAccounts).to.deep.equal([]);
        expect(PACK_DEFAULTS.rdsMinBackupRetentionDays).to.equal(7);
    });
});
