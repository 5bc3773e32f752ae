import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { PACK_DEFAULTS } from "../../defaults";
import { ruleConfig } from "../../lib/config";

/** Config of `glue-supported-version`. */
export interface GlueVersionConfig {
    /** Glue versions accepted. */
    versions: string[];
}

/** Glue jobs name a Glue version AWS still supports. */
export const glueSupportedVersion: ResourceValidationPolicy = {
    name: "glue-supported-version",
    description:
        "Every Glue job sets glueVersion explicitly to a version AWS still supports, since an unset version means 0.9 (end of support) and unsupported versions get no security patches.",
    severity: "medium",
    remediationSteps:
        "Set glueVersion on the aws.glue.Job (EtlJob sets ETL_JOB_DEFAULTS.glueVersion); this rule's versions config lists the accepted ones.",
    url: "https://docs.aws.amazon.com/glue/latest/dg/glue-version-support-policy.html",
    configSchema: {
        properties: {
            versions: {
                type: "array",
                items: { type: "string" },
                default: PACK_DEFAULTS.glueVersions,
                description: "Glue versions accepted.",
            },
        },
    },
    validateResource: validateResourceOfType(aws.glue.Job, (job, args, reportViolation) => {
        const { versions } = ruleConfig<GlueVersionConfig>(args, { versions: PACK_DEFAULTS.glueVersions });
        if (job.glueVersion === undefined) {
            reportViolation(
                `Glue job ${args.name}: glueVersion is not set, so Glue uses 0.9 (end of support); set one of ${versions.join(", ")}`,
            );
        } else if (!versions.includes(job.glueVersion)) {
            reportViolation(
                `Glue job ${args.name}: glueVersion ${job.glueVersion} is not supported; use one of ${versions.join(", ")}`,
            );
        }
    }),
};
