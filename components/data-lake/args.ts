/** The arguments of {@link DataLake}; every default is a field of {@link DATA_LAKE_DEFAULTS}. */
import type * as pulumi from "@pulumi/pulumi";
import type { Zone } from "../../lib/lake-layout";
import type { NameContext } from "../../lib/naming";
import type { ZoneLifecycle } from "./lifecycle";

export interface DataLakeArgs {
    /** 12-digit account id the lake is deployed to; part of every bucket name. */
    accountId: string;
    /**
     * Region the lake is deployed to, e.g. `eu-west-1`; part of every bucket name. Must be one of
     * `KNOWN_REGIONS` (lib/aws.ts).
     */
    region: string;
    /**
     * Project and stack that prefix every physical name, and the lake `instance` after them.
     * @default `pulumi.getProject()`, `pulumi.getStack()`, and instance = the component name unless it is
     *   `DEFAULT_LAKE_NAME` (`lake`)
     */
    naming?: NameContext;
    /**
     * ARN of a KMS key to encrypt the lake with. It must be in `region` (S3 SSE-KMS uses a key of the
     * bucket's region). It may belong to another account (a central key account): its key policy must then
     * grant this account's roles, S3 and CloudWatch Logs. Checked when given as a plain string.
     * @default a new customer-managed key with rotation and alias `alias/<project>-<stack>-lake`
     */
    kmsKeyArn?: pulumi.Input<string>;
    /** Waiting period before a deleted key is destroyed, in days (7-30). @default 30 */
    kmsKeyDeletionWindowDays?: number;
    /** S3 versioning on every bucket. @default true */
    versioning?: boolean;
    /**
     * Keep buckets, data and the key on `pulumi destroy`. When false, buckets are emptied and deleted.
     * @default true
     */
    retainOnDelete?: boolean;
    /**
     * Lifecycle per zone, merged over {@link DATA_LAKE_DEFAULTS.lifecycle}; a field set to `undefined` turns
     * that transition off. S3 minimums are enforced (STANDARD_IA >= 30 days, GLACIER >= STANDARD_IA + 30).
     */
    lifecycle?: Partial<Record<Zone, ZoneLifecycle>>;
    /** Days before incomplete multipart uploads are aborted. @default 1 */
    abortIncompleteMultipartUploadDays?: number;
    /** Days access logs are kept. @default 365 */
    accessLogsExpireAfterDays?: number;
    /** Days Athena query results are kept. @default 30 */
    queryResultsExpireAfterDays?: number;
    /** Athena per-query scan cutoff, in bytes (at least 10 MiB). @default 10737418240 (10 GiB) */
    athenaBytesScannedCutoffPerQuery?: number;
    /**
     * Register the account's Glue Data Catalog encryption settings in `region`
     * (`aws.glue.DataCatalogEncryptionSettings`): metadata at rest with SSE-KMS and connection passwords
     * encrypted, both with the lake key. The settings are one per account and region, so only one stack of
     * an account and region may manage them: set false when the account (or another stack) manages them,
     * and disable the pack's `glue-catalog-encryption` rule for that stack.
     * https://docs.aws.amazon.com/glue/latest/dg/encrypt-glue-data-catalog.html
     * @default true
     */
    catalogEncryption?: boolean;
    /** Tags on every taggable resource; no key may start with `aws:` (reserved by AWS). @default {} */
    tags?: Record<string, string>;
}
