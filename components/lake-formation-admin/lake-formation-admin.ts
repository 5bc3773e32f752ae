/**
 * LakeFormationAdmin: runs the lake under AWS Lake Formation. It sets the data lake admins and default
 * permissions, registers each zone bucket with a dedicated role, tags the zone databases with the `zone`
 * LF-tag, grants Glue roles and consumers what they need, and creates the workflow role.
 *
 * The sharp edges of the Lake Formation API it handles:
 * - `PutDataLakeSettings` replaces the whole admin list: the list sent is the deploying principal, the
 *   configured admins and the admins already present (read with `getDataLakeSettings`), so none is wiped.
 *   The other settings it does not manage (read-only admins, trusted owners, parameters, external
 *   filtering) are passed through unchanged for the same reason.
 * - Default permissions (`IAM_ALLOWED_PRINCIPALS` ALL) must be emptied for Lake Formation to take effect;
 *   they are kept in hybrid mode. A change of mode replaces the settings resource, because the provider
 *   does not clear those lists on update (pulumi/pulumi-aws#4366).
 * - Parallel grants fail with ConcurrentModificationException: every grant depends on the one before it,
 *   in a deterministic order, and on the settings.
 * - A grant to an admin makes `pulumi destroy` fail: such a grant is refused with an error.
 * - Destroying the settings would empty the admin list: the settings resource is retained on delete.
 *
 * Follows https://docs.aws.amazon.com/lake-formation/latest/dg/change-settings.html,
 * https://docs.aws.amazon.com/lake-formation/latest/dg/register-data-lake.html and
 * https://docs.aws.amazon.com/lake-formation/latest/dg/tag-based-access-control.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { servicePrincipal, withLakeTarget } from "../../lib/aws";
import { serviceTrustPolicy } from "../../lib/iam";
import { ZONES, type Zone } from "../../lib/lake-layout";
import { claimPhysicalNames, iamRoleName } from "../../lib/naming";
import { componentSubject, ProblemsError, problemFromLine } from "../../lib/problems";
import { dataLakeAdmins } from "./admins";
import type { GovernedLake, LakeFormationAdminArgs } from "./args";
import type { GrantTarget, PlannedGrant } from "./grants";
import { grantTargetProblem, IAM_ALLOWED_PRINCIPALS, type LakeFormationMode, lexical } from "./permissions";
import { lakeFormationTrustPolicy, registrationAccessPolicy, workflowRolePolicy } from "./policies";
import { LAKE_FORMATION_DEFAULTS, resolveLakeFormationSettings } from "./settings";

export type { GovernedLake, LakeFormationAdminArgs } from "./args";
export type { DataAccessGrant, DatabaseDescribeGrant, TagConsumer } from "./grants";
export {
    LAKE_FORMATION_DEFAULTS,
    type LakeFormationSettings,
    resolveLakeFormationSettings,
} from "./settings";

/**
 * Lake Formation governance of the lake.
 *
 * @throws ProblemsError from the constructor, listing every problem, when a grant or label is invalid, or a grant targets a configured
 *   admin or `IAM_ALLOWED_PRINCIPALS` in Lake Formation mode; the message names the argument and the fix.
 *   The same checks run at deployment once the deploying principal and the existing admins are known.
 */
export class LakeFormationAdmin extends pulumi.ComponentResource {
    /** The governance mode. */
    public readonly mode: LakeFormationMode;
    /** The account's data lake settings (admins and default permissions); retained on delete. */
    public readonly settings: aws.lakeformation.DataLakeSettings;
    /** The admin list sent to Lake Formation: sorted, without duplicates. */
    public readonly admins: pulumi.Output<string[]>;
    /** The IAM role behind the deploying session (or the deploying IAM user), always an admin. */
    public readonly deployerArn: pulumi.Output<string>;
    /** The role Lake Formation assumes to vend credentials for the zone buckets. */
    public readonly registrationRole: aws.iam.Role;
    /** The Lake Formation registration of each zone bucket. */
    public readonly registrations: Record<Zone, aws.lakeformation.Resource>;
    /** The zone LF-tag (values bronze, gold, silver). */
    public readonly zoneTag: aws.lakeformation.LfTag;
    /** The zone LF-tag on each zone database. */
    public readonly databaseTags: Record<Zone, aws.lakeformation.ResourceLfTags>;
    /** Every grant, in the order they are made. */
    public readonly grants: aws.lakeformation.Permissions[];
    /** The workflow role; undefined when `workflowRole` is false. */
    public readonly workflowRole?: aws.iam.Role;
    private readonly grantsByOwner = new Map<string, aws.lakeformation.Permissions[]>();
    /** `LakeFormationAdmin <name>`, the subject of the problems found at deployment. */
    private readonly subject: string;

    constructor(name: string, input: LakeFormationAdminArgs, opts?: pulumi.ComponentResourceOptions) {
        const args = withLakeTarget(componentSubject("LakeFormationAdmin", name), input);
        super("medallion-lake:index:LakeFormationAdmin", name, {}, opts);
        const d = LAKE_FORMATION_DEFAULTS;
        const { mode, hybridAccess, plan } = resolveLakeFormationSettings(name, args);
        this.mode = mode;
        this.subject = componentSubject("LakeFormationAdmin", name);
        const naming = args.lake.naming;
        claimPhysicalNames(this.subject, [
            {
                kind: "Lake Formation data lake settings of account and region",
                name: `${args.accountId} ${args.region}`,
                fix: "an account and region have one set of data lake settings: govern every lake of the stack with one LakeFormationAdmin",
            },
            { kind: "IAM role", name: iamRoleName(naming, "lf-registration") },
        ]);
        const tags = { ...args.tags };

        // --- Data lake settings: admins and default permissions ---
        const caller = aws.getCallerIdentityOutput({}, { parent: this });
        this.deployerArn = aws.iam.getSessionContextOutput({ arn: caller.arn }, { parent: this }).issuerArn;
        const current = aws.lakeformation.getDataLakeSettingsOutput({}, { parent: this });
        this.admins = pulumi
            .all([this.deployerArn, args.admins ?? [], current.admins, args.formerAdmins ?? []])
            .apply(([deployer, configured, existing, former]) =>
                dataLakeAdmins({ deployer, configured, existing: existing ?? [], former }),
            );
        const defaultPermissions =
            this.mode === "hybrid" ? [{ principal: IAM_ALLOWED_PRINCIPALS, permissions: ["ALL"] }] : [];
        this.settings = new aws.lakeformation.DataLakeSettings(
            `${name}-settings`,
            {
                admins: this.admins,
                createDatabaseDefaultPermissions: defaultPermissions,
                createTableDefaultPermissions: defaultPermissions,
                readOnlyAdmins: current.readOnlyAdmins.apply((a) => lexical(a ?? [])),
                trustedResourceOwners: current.trustedResourceOwners,
                parameters: current.parameters,
                allowExternalDataFiltering: current.allowExternalDataFiltering,
                externalDataFilteringAllowLists: current.externalDataFilteringAllowLists,
                authorizedSessionTagValueLists: current.authorizedSessionTagValueLists,
                allowFullTableExternalDataAccess: current.allowFullTableExternalDataAccess,
            },
            {
                parent: this,
                retainOnDelete: true,
                replaceOnChanges: ["createDatabaseDefaultPermissions", "createTableDefaultPermissions"],
            },
        );
        const afterSettings = { parent: this, dependsOn: [this.settings] };

        // --- Registration of each zone bucket ---
        this.registrationRole = new aws.iam.Role(
            `${name}-registration-role`,
            {
                name: iamRoleName(naming, "lf-registration"),
                description: `Lake Formation vends credentials for the ${naming.project} ${naming.stack} zone buckets`,
                assumeRolePolicy: lakeFormationTrustPolicy(args.region),
                tags,
            },
            { parent: this },
        );
        const registrationAccess = new aws.iam.RolePolicy(
            `${name}-registration-access`,
            {
                role: this.registrationRole.id,
                policy: registrationAccessPolicy(
                    ZONES.map((zone) => args.lake.buckets[zone].arn),
                    args.lake.keyArn,
                ),
            },
            { parent: this },
        );
        this.registrations = {} as Record<Zone, aws.lakeformation.Resource>;
        for (const zone of ZONES) {
            this.registrations[zone] = new aws.lakeformation.Resource(
                `${name}-${zone}-location`,
                {
                    arn: args.lake.buckets[zone].arn,
                    roleArn: this.registrationRole.arn,
                    useServiceLinkedRole: false,
                    hybridAccessEnabled: hybridAccess,
                },
                { parent: this, dependsOn: [this.settings, registrationAccess] },
            );
        }

        // --- LF-tags on the zone databases ---
        this.zoneTag = new aws.lakeformation.LfTag(
            `${name}-zone-tag`,
            { key: args.zoneTagKey ?? d.zoneTagKey, values: lexical(ZONES) },
            afterSettings,
        );
        this.databaseTags = {} as Record<Zone, aws.lakeformation.ResourceLfTags>;
        let previousTag: pulumi.Resource = this.zoneTag;
        for (const zone of ZONES) {
            previousTag = this.databaseTags[zone] = new aws.lakeformation.ResourceLfTags(
                `${name}-${zone}-db-tags`,
                {
                    database: { name: args.lake.databases[zone].name },
                    lfTags: [{ key: this.zoneTag.key, value: zone }],
                },
                { parent: this, dependsOn: [this.settings, previousTag] },
            );
        }

        // --- Grants, one at a time, after every registration and tag ---
        // A grant is replaced on any change (every input is force-new) and its delete revokes the permissions
        // in its state: created before the old one is deleted, the new grant would lose what both share.
        const foundations: pulumi.Resource[] = [...ZONES.map((z) => this.registrations[z]), previousTag];
        this.grants = [];
        const byKey = new Map<string, aws.lakeformation.Permissions>();
        for (const grant of plan) {
            const dependsOn: pulumi.Resource[] = [this.settings];
            const previous = this.grants.at(-1);
            dependsOn.push(...(previous ? [previous] : foundations));
            if (grant.after) dependsOn.push(byKey.get(grant.after) as aws.lakeformation.Permissions);
            dependsOn.push(...this.prerequisites(grant.target));
            const resource = new aws.lakeformation.Permissions(
                `${name}-grant-${grant.key}`,
                {
                    principal: this.checkedPrincipal(grant),
                    permissions: grant.permissions,
                    ...this.grantTarget(grant.target, args.lake),
                },
                { parent: this, dependsOn: [...new Set(dependsOn)], deleteBeforeReplace: true },
            );
            this.grants.push(resource);
            byKey.set(grant.key, resource);
            this.grantsByOwner.set(grant.owner, [...(this.grantsByOwner.get(grant.owner) ?? []), resource]);
        }

        // --- Workflow role ---
        if (args.workflowRole ?? d.workflowRole) {
            this.workflowRole = new aws.iam.Role(
                `${name}-workflow-role`,
                {
                    name: iamRoleName(naming, "lf-workflow"),
                    description: `Lake Formation blueprints and Glue workflows of the ${naming.project} ${naming.stack} lake`,
                    assumeRolePolicy: serviceTrustPolicy(
                        servicePrincipal("glue", args.region),
                        args.accountId,
                    ),
                    tags,
                },
                { parent: this },
            );
            new aws.iam.RolePolicy(
                `${name}-workflow-access`,
                {
                    role: this.workflowRole.id,
                    policy: workflowRolePolicy(this.workflowRole.arn, args.region),
                },
                { parent: this },
            );
        }

        this.registerOutputs({
            admins: this.admins,
            registrationRoleArn: this.registrationRole.arn,
            workflowRoleArn: this.workflowRole?.arn,
        });
    }

    /**
     * The grants of one grantee (a `dataAccess` grantee label or a consumer name), in order; pass them to
     * `dependsOn` of the job or crawler that uses that principal.
     * @throws Error when no grant has that label.
     */
    grantsFor(owner: string): aws.lakeformation.Permissions[] {
        const found = this.grantsByOwner.get(owner);
        if (found === undefined) {
            const known = [...this.grantsByOwner.keys()].join(", ") || "none";
            throw new Error(
                `LakeFormationAdmin.grantsFor: no grants for "${owner}"; known grantees: ${known}`,
            );
        }
        return [...found];
    }

    /** The principal, failing the deployment when it turns out to be an admin or IAM_ALLOWED_PRINCIPALS. */
    private checkedPrincipal(grant: PlannedGrant): pulumi.Output<string> {
        return pulumi.all([grant.principal, this.admins]).apply(([principal, admins]) => {
            const problem = grantTargetProblem(principal, admins, this.mode, grant.field);
            if (problem !== undefined) throw new ProblemsError(this.subject, [problemFromLine(problem)]);
            return principal;
        });
    }

    /** Resources a grant needs besides the settings: the registered location, or the tagged databases. */
    private prerequisites(target: GrantTarget): pulumi.Resource[] {
        switch (target.kind) {
            case "dataLocation":
                return [this.registrations[target.zone]];
            case "tagDatabases":
            case "tagTables":
                return target.zones.map((zone) => this.databaseTags[zone]);
            default:
                return [];
        }
    }

    private grantTarget(
        target: GrantTarget,
        lake: GovernedLake,
    ): Pick<aws.lakeformation.PermissionsArgs, "dataLocation" | "database" | "table" | "lfTagPolicy"> {
        switch (target.kind) {
            case "dataLocation": {
                const bucketArn = lake.buckets[target.zone].arn;
                const arn =
                    target.prefix === undefined
                        ? bucketArn
                        : pulumi.interpolate`${bucketArn}/${target.prefix.replace(/\/+$/, "")}`;
                return { dataLocation: { arn } };
            }
            case "database":
                return { database: { name: lake.databases[target.zone].name } };
            case "namedDatabase":
                return { database: { name: target.name } };
            case "table": {
                const databaseName = lake.databases[target.zone].name;
                return {
                    table:
                        target.table === undefined
                            ? { databaseName, wildcard: true }
                            : { databaseName, name: target.table },
                };
            }
            case "tagDatabases":
            case "tagTables":
                return {
                    lfTagPolicy: {
                        resourceType: target.kind === "tagDatabases" ? "DATABASE" : "TABLE",
                        expressions: [{ key: this.zoneTag.key, values: target.zones }],
                    },
                };
        }
    }
}
