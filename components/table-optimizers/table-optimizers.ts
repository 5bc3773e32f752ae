/**
 * TableOptimizers: the AWS Glue Data Catalog's managed table optimizers on the lake's Iceberg tables. Each
 * silver and gold table gets one `aws.glue.CatalogTableOptimizer` per enabled type: compaction (small files
 * into large ones), snapshot retention (expire old snapshots and their files) and orphan file deletion (files
 * no snapshot references). All of them run as one least-privilege role trusted by Glue of this account:
 * S3 on the tables' prefixes only, the lake key only through S3, `glue:GetTable`/`UpdateTable` on the named
 * tables, and the optimizers' own log groups.
 *
 * Every table must exist when its optimizers are created (Glue refuses an optimizer on a missing table); the
 * ETL jobs create theirs on their first run, so a new stack turns the optimizers on after that run.
 * Each optimizer run bills DPU-hours (https://aws.amazon.com/glue/pricing/).
 *
 * Follows https://docs.aws.amazon.com/glue/latest/dg/table-optimizers.html and
 * https://docs.aws.amazon.com/glue/latest/dg/optimization-prerequisites.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { withLakeTarget } from "../../lib/aws";
import { createGlueRole } from "../../lib/glue-role";
import { iamRoleName, kebab } from "../../lib/naming";
import { componentSubject } from "../../lib/problems";
import { glueDataAccess, type ZonePrefixUse } from "../lake-formation-admin/grants";
import type { DataAccessGrant } from "../lake-formation-admin/lake-formation-admin";
import type { TableOptimizersArgs } from "./args";
import { optimizedPrefixes, optimizerConfiguration, optimizerRoleStatements } from "./plan";
import { resolveTableOptimizerSettings, type TableOptimizerType } from "./settings";

export {
    COMPACTION_STRATEGIES,
    type CompactionOptions,
    type CompactionStrategy,
    type OptimizedTable,
    type OptimizedZone,
    type OptimizerLake,
    type OrphanFileDeletionOptions,
    type RetentionOptions,
    type TableOptimizersArgs,
} from "./args";
export {
    OPTIMIZER_CATALOG_ACTIONS,
    OPTIMIZER_KEY_ACTIONS,
    OPTIMIZER_OBJECT_ACTIONS,
    optimizerConfiguration,
    optimizerLogGroupArn,
    optimizerRoleStatements,
    TABLE_OPTIMIZER_LOG_GROUPS,
} from "./plan";
export {
    optimizerOptionProblems,
    resolveTableOptimizerSettings,
    TABLE_OPTIMIZER_DEFAULTS,
    TABLE_OPTIMIZER_LIMITS,
    TABLE_OPTIMIZER_TYPES,
    type TableOptimizerSettings,
    type TableOptimizerType,
} from "./settings";

/** The resource name suffix of each type: `orphan_file_deletion` becomes `orphan-file-deletion`. */
const TYPE_LABEL: Readonly<Record<TableOptimizerType, string>> = {
    compaction: "compaction",
    retention: "retention",
    orphan_file_deletion: "orphan-file-deletion",
};

/** The resource type of one optimizer (what waits for the Lake Formation grants). */
const OPTIMIZER_RESOURCE_TYPE = "aws:glue/catalogTableOptimizer:CatalogTableOptimizer";

/**
 * The managed optimizers of a set of silver and gold Iceberg tables, with one shared role.
 *
 * @throws ProblemsError from the constructor, listing every problem, when an option is out of AWS's range
 *   (`runRateInHours` outside 3-168, a count or a number of days below 1), the strategy is unknown, every
 *   type is disabled, `tables` is empty or lists a bronze table, a bad table name or prefix, or a table twice;
 *   each line names the option and the fix.
 */
export class TableOptimizers extends pulumi.ComponentResource {
    /** The role every optimizer runs as. */
    public readonly role: aws.iam.Role;
    /** The role ARN (pass it to `glueDataAccess` for the Lake Formation `optimize` grants). */
    public readonly roleArn: pulumi.Output<string>;
    /** The optimizers by `<zone>.<table>` and type, e.g. `optimizers["silver.flights"].compaction`. */
    public readonly optimizers: Record<
        string,
        Partial<Record<TableOptimizerType, aws.glue.CatalogTableOptimizer>>
    >;
    /** The table prefixes per zone, for `glueDataAccess(label, roleArn, { optimizes: prefixes })`. */
    public readonly prefixes: ZonePrefixUse[];
    /** The Lake Formation `optimize` grants of the role (grantee: the component name), for `LakeFormationAdmin` `dataAccess`. */
    public readonly dataAccess: readonly DataAccessGrant[];

    constructor(name: string, input: TableOptimizersArgs, opts?: pulumi.ComponentResourceOptions) {
        const args = withLakeTarget(componentSubject("TableOptimizers", name), input);
        const wait = args.grantsReady?.waitFor(name, [OPTIMIZER_RESOURCE_TYPE]);
        super(
            "medallion-lake:index:TableOptimizers",
            name,
            {},
            {
                ...opts,
                transformations: [...(opts?.transformations ?? []), ...(wait ? [wait] : [])],
            },
        );
        const settings = resolveTableOptimizerSettings(name, args);
        this.prefixes = optimizedPrefixes(settings);
        const { role, policy } = createGlueRole(
            name,
            {
                roleName: iamRoleName(args.lake.naming, name),
                description: `Glue table optimizers of the ${args.lake.naming.project} ${args.lake.naming.stack} Iceberg tables`,
                accountId: args.accountId,
                region: args.region,
                statements: optimizerRoleStatements(args, settings),
                tags: { ...args.tags },
            },
            this,
        );
        this.role = role;
        this.roleArn = role.arn;

        this.optimizers = {};
        for (const table of settings.tables) {
            const byType: Partial<Record<TableOptimizerType, aws.glue.CatalogTableOptimizer>> = {};
            for (const type of settings.types) {
                byType[type] = new aws.glue.CatalogTableOptimizer(
                    `${name}-${table.zone}-${kebab(table.table)}-${TYPE_LABEL[type]}`,
                    {
                        catalogId: args.accountId,
                        databaseName: args.lake.databaseNames[table.zone],
                        tableName: table.table,
                        type,
                        configuration: optimizerConfiguration(type, settings, this.roleArn),
                    },
                    { parent: this, dependsOn: [policy] },
                );
            }
            this.optimizers[`${table.zone}.${table.table}`] = byType;
        }

        this.dataAccess = glueDataAccess(name, this.roleArn, { optimizes: this.prefixes });
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
