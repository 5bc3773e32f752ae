/** The arguments of {@link LakeFormationAdmin}; every default is a field of {@link LAKE_FORMATION_DEFAULTS}. */
import type * as pulumi from "@pulumi/pulumi";
import type { DataLake } from "../data-lake/data-lake";
import type { DataAccessGrant, DatabaseDescribeGrant, TagConsumer } from "./grants";
import type { LakeFormationMode } from "./permissions";

/** The parts of the lake this component governs: a {@link DataLake} fits. */
export type GovernedLake = Pick<DataLake, "buckets" | "databases" | "keyArn" | "naming"> &
    Partial<Pick<DataLake, "accountId" | "region">>;

export interface LakeFormationAdminArgs {
    /** The lake whose zone buckets are registered and whose zone databases are tagged and granted. */
    lake: GovernedLake;
    /** 12-digit account id of the lake; scopes the workflow role's trust policy. @default `lake.accountId` */
    accountId?: string;
    /** Region of the lake, e.g. `eu-west-1`; picks the service principals' partition. @default `lake.region` */
    region?: string;
    /**
     * `lakeformation`: default permissions emptied, access through Lake Formation grants only.
     * `hybrid`: default permissions kept (`IAM_ALLOWED_PRINCIPALS` ALL) and hybrid access on the
     * locations, so IAM policies keep working while grants are rolled out. @default "lakeformation"
     */
    mode?: LakeFormationMode;
    /**
     * Data lake admin ARNs (IAM roles or users) besides the deploying principal and the admins already
     * present, e.g. the `datalakeadmin` role. @default []
     */
    admins?: pulumi.Input<string>[];
    /** Admin ARNs to remove from the admins already present (offboarding). @default [] */
    formerAdmins?: pulumi.Input<string>[];
    /** Hybrid access mode on each registered location. @default true in hybrid mode, false otherwise */
    hybridAccess?: boolean;
    /**
     * Access of Glue roles (ETL jobs, crawlers) to zones. A grantee's access levels on one zone are merged
     * into one grant per location, database and table. @default []
     */
    dataAccess?: DataAccessGrant[];
    /**
     * DESCRIBE on databases outside the zones, e.g. Spark's `default` database for each ETL job role in
     * Lake Formation mode. Each database must exist before the grant is made. @default []
     */
    databaseDescribes?: DatabaseDescribeGrant[];
    /** Tag-based grants: each consumer sees and reads the databases and tables of its zones. @default [] */
    consumers?: TagConsumer[];
    /** Key of the zone LF-tag. @default "zone" */
    zoneTagKey?: string;
    /** Create the workflow role. @default true */
    workflowRole?: boolean;
    /** Tags on the IAM roles. @default {} */
    tags?: Record<string, string>;
}
