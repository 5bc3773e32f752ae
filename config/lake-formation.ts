/**
 * The Lake Formation section of the stack config: the `medallion-lake:lakeFormation` key. Defaults come from
 * {@link LAKE_FORMATION_DEFAULTS}; nothing is restated here.
 *
 * ```yaml
 * medallion-lake:lakeFormation:
 *   enabled: true
 *   mode: lakeformation            # or hybrid
 *   admins: ["arn:aws:iam::123456789012:role/datalakeadmin"]
 *   consumers:
 *     - name: analysts
 *       principalArn: arn:aws:iam::123456789012:role/analysts
 *       zones: [gold]
 *       permissions: [DESCRIBE, SELECT]
 *   workflowRole:
 *     enabled: true
 * ```
 */
import { z } from "zod";
import { ZONES } from "../components/data-lake/data-lake";
import { LAKE_FORMATION_DEFAULTS } from "../components/lake-formation-admin/lake-formation-admin";
import { LAKE_FORMATION_MODES, TABLE_PERMISSIONS } from "../components/lake-formation-admin/permissions";

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/;

/** A role ARN; the account root user, which Lake Formation refuses as admin, is not one. */
const roleArn = z.string().regex(ROLE_ARN, "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
const principalArn = z
    .string()
    .regex(PRINCIPAL_ARN, "must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)");

const consumer = z.strictObject({
    /** Label of the consumer; names its grants. */
    name: z
        .string()
        .regex(
            /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
            "use 1-40 lowercase letters, digits and hyphens, starting and ending alphanumeric",
        ),
    principalArn,
    /** Zones whose LF-tag value the grant matches. */
    zones: z.array(z.enum(ZONES)).min(1, "list at least one zone"),
    /** Table permissions on the matched tables. */
    permissions: z
        .array(z.enum(TABLE_PERMISSIONS))
        .min(1, "list at least one permission")
        .default([...LAKE_FORMATION_DEFAULTS.consumerPermissions]),
});

/** Schema of the `lakeFormation` key (top level of the `medallion-lake` namespace). */
export const lakeFormationConfigShape = {
    lakeFormation: z
        .strictObject({
            /** Run the lake under Lake Formation. */
            enabled: z.boolean().default(LAKE_FORMATION_DEFAULTS.enabled),
            mode: z.enum(LAKE_FORMATION_MODES).default(LAKE_FORMATION_DEFAULTS.mode),
            /** Data lake admins besides the deploying principal and the admins already present. */
            admins: z.array(roleArn).default([]),
            /** Admins to remove from the ones already present. */
            formerAdmins: z.array(principalArn).default([]),
            /** Tag-based grants to consumer roles. */
            consumers: z.array(consumer).default([]),
            workflowRole: z
                .strictObject({ enabled: z.boolean().default(LAKE_FORMATION_DEFAULTS.workflowRole) })
                .prefault({}),
        })
        .superRefine((value, ctx) => {
            const admins = new Set(value.admins);
            value.consumers.forEach((c, i) => {
                if (admins.has(c.principalArn)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["consumers", i, "principalArn"],
                        message:
                            "is also in lakeFormation.admins; admins hold every permission already, and a grant to an admin makes `pulumi destroy` fail. Remove the consumer or the admin",
                    });
                }
            });
            const names = value.consumers.map((c) => c.name);
            names.forEach((name, i) => {
                if (names.indexOf(name) !== i) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["consumers", i, "name"],
                        message: `"${name}" is used by two consumers; rename one`,
                    });
                }
            });
            value.formerAdmins.forEach((arn, i) => {
                if (admins.has(arn)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["formerAdmins", i],
                        message: "is also in lakeFormation.admins; remove it from one of the two lists",
                    });
                }
            });
        })
        .prefault({}),
};
