import { expect } from "chai";
import { PACK_DEFAULTS } from "../../policies/defaults";
import { TYPES } from "../../policies/lib/types";
import {
    RDS_POLICIES,
    rdsAutoMinorUpgrade,
    rdsBackupRetention,
    rdsCurrentCa,
    rdsDeletionProtection,
    rdsIamAuthentication,
    rdsLogExports,
    rdsNotPublic,
    rdsStorageEncrypted,
} from "../../policies/rules/rds";
import { KEY_ARN } from "./support/fixtures";
import { runResourceRule } from "./support/rule-runner";

/** A production PostgreSQL instance with every setting the RDS rules ask for. */
const SECURE = {
    engine: "postgres",
    storageEncrypted: true,
    kmsKeyId: KEY_ARN,
    publiclyAccessible: false,
    iamDatabaseAuthenticationEnabled: true,
    deletionProtection: true,
    backupRetentionPeriod: 7,
    autoMinorVersionUpgrade: true,
    enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
    caCertIdentifier: "rds-ca-rsa2048-g1",
    tags: { environment: "prod" },
};

const instance = (props: Record<string, unknown> = {}) => ({
    type: TYPES.rdsInstance,
    name: "source-db",
    props: { ...SECURE, ...props },
});

describe("RDS rules", () => {
    it("every RDS rule passes a production instance with the secure settings", async () => {
        for (const policy of RDS_POLICIES) {
            expect((await runResourceRule(policy, instance())).violations, policy.name).to.deep.equal([]);
        }
    });

    const cases: [string, typeof rdsStorageEncrypted, Record<string, unknown>, string][] = [
        [
            "rds-storage-encrypted",
            rdsStorageEncrypted,
            { storageEncrypted: false },
            "RDS instance source-db: storage is not encrypted; set storageEncrypted: true with kmsKeyId",
        ],
        [
            "rds-not-public",
            rdsNotPublic,
            { publiclyAccessible: true },
            "RDS instance source-db: publicly accessible; set publiclyAccessible: false",
        ],
        [
            "rds-iam-authentication",
            rdsIamAuthentication,
            { iamDatabaseAuthenticationEnabled: false },
            "RDS instance source-db: IAM database authentication is off; set iamDatabaseAuthenticationEnabled: true",
        ],
        [
            "rds-deletion-protection",
            rdsDeletionProtection,
            { deletionProtection: false },
            "RDS instance source-db: deletion protection is off outside dev; set deletionProtection: true",
        ],
        [
            "rds-backup-retention",
            rdsBackupRetention,
            { backupRetentionPeriod: 1 },
            "RDS instance source-db: keeps backups 1 day(s) outside dev; set backupRetentionPeriod to at least 7",
        ],
        [
            "rds-auto-minor-upgrade",
            rdsAutoMinorUpgrade,
            { autoMinorVersionUpgrade: false },
            "RDS instance source-db: automatic minor version upgrades are off; set autoMinorVersionUpgrade: true",
        ],
        [
            "rds-log-exports",
            rdsLogExports,
            { enabledCloudwatchLogsExports: [] },
            "RDS instance source-db: exports no logs to CloudWatch Logs; set enabledCloudwatchLogsExports",
        ],
        [
            "rds-current-ca",
            rdsCurrentCa,
            { caCertIdentifier: "rds-ca-2019" },
            "RDS instance source-db: certificate authority rds-ca-2019; set caCertIdentifier to one of rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1",
        ],
    ];
    for (const [name, policy, change, message] of cases) {
        it(`${name} flags ${JSON.stringify(change)}`, async () => {
            expect((await runResourceRule(policy, instance(change))).violations).to.deep.equal([message]);
        });
    }

    it("relaxes deletion protection and backups for a database tagged with a dev environment (config)", async () => {
        const dev = instance({
            deletionProtection: false,
            backupRetentionPeriod: 1,
            tags: { environment: "dev" },
        });
        for (const policy of [rdsDeletionProtection, rdsBackupRetention]) {
            const outcome = await runResourceRule(policy, dev);
            expect(outcome.notApplicable, policy.name).to.equal("environment dev is dev");
            const strict = await runResourceRule(policy, dev, { [policy.name]: { devEnvironments: [] } });
            expect(strict.violations, policy.name).to.have.length(1);
        }
        expect(PACK_DEFAULTS.devEnvironments).to.deep.equal(["dev"]);
        const untagged = instance({ deletionProtection: false, tags: {} });
        expect((await runResourceRule(rdsDeletionProtection, untagged)).violations).to.have.length(1);
    });

    it("checks clusters for the settings they share with instances", async () => {
        const cluster = { type: TYPES.rdsCluster, name: "aurora", props: { storageEncrypted: false } };
        expect((await runResourceRule(rdsStorageEncrypted, cluster)).violations).to.deep.equal([
            "RDS cluster aurora: storage is not encrypted; set storageEncrypted: true with kmsKeyId",
        ]);
        expect((await runResourceRule(rdsNotPublic, cluster)).notApplicable).to.equal(
            `applies to ${TYPES.rdsInstance}`,
        );
    });
});
