import type { ResourceValidationPolicy } from "@pulumi/policy";
import { rdsDatabaseOf } from "../../lib/rds";

/** RDS storage is encrypted. */
export const rdsStorageEncrypted: ResourceValidationPolicy = {
    name: "rds-storage-encrypted",
    description:
        "Every RDS instance and cluster encrypts its storage (and so its snapshots, backups and replicas) with KMS, because the transactional source holds the rows the lake ingests.",
    severity: "high",
    remediationSteps:
        "Set storageEncrypted: true and kmsKeyId to the lake key on the aws.rds.Instance or aws.rds.Cluster (an existing database is encrypted by restoring an encrypted snapshot copy).",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
    validateResource: (args, reportViolation) => {
        const db = rdsDatabaseOf(args);
        if (db.props.storageEncrypted !== true) {
            reportViolation(
                `RDS ${db.kind} ${args.name}: storage is not encrypted; set storageEncrypted: true with kmsKeyId`,
            );
        }
    },
};
