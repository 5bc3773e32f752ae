import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { PACK_DEFAULTS } from "../../defaults";
import { ruleConfig } from "../../lib/config";

/** Config of `glue-job-timeout`. */
export interface GlueTimeoutConfig {
    /** Longest accepted timeout, in minutes. */
    maxTimeoutMinutes: number;
}

/** Glue command of streaming jobs, which run until stopped and so have no timeout to check. */
export const GLUE_STREAMING_COMMAND = "gluestreaming";

/** Batch Glue jobs set an explicit timeout no longer than the configured maximum. */
export const glueJobTimeout: ResourceValidationPolicy = {
    name: "glue-job-timeout",
    description: `Every batch Glue job sets an explicit timeout of at most the configured maximum (${PACK_DEFAULTS.glueMaxTimeoutMinutes} minutes by default), so a stuck run is stopped instead of billing DPUs for the service's 2-day default.`,
    severity: "medium",
    remediationSteps:
        "Set timeout (minutes) on the aws.glue.Job (EtlJob sets ETL_JOB_DEFAULTS.timeoutMinutes unless told otherwise); raise this rule's maxTimeoutMinutes config only for a job that needs it.",
    url: "https://docs.aws.amazon.com/glue/latest/dg/add-job.html",
    configSchema: {
        properties: {
            maxTimeoutMinutes: {
                type: "integer",
                minimum: 1,
                maximum: 10080,
                default: PACK_DEFAULTS.glueMaxTimeoutMinutes,
                description: "Longest accepted Glue job timeout, in minutes.",
            },
        },
    },
    validateResource: validateResourceOfType(aws.glue.Job, (job, args, reportViolation) => {
        if (job.command?.name === GLUE_STREAMING_COMMAND)
            args.notApplicable("streaming jobs run until stopped");
        const { maxTimeoutMinutes } = ruleConfig<GlueTimeoutConfig>(args, {
            maxTimeoutMinutes: PACK_DEFAULTS.glueMaxTimeoutMinutes,
        });
        if (job.timeout === undefined) {
            reportViolation(
                `Glue job ${args.name}: no timeout, so a stuck run bills for 2 days; set timeout (1 to ${maxTimeoutMinutes} minutes)`,
            );
        } else if (job.timeout < 1 || job.timeout > maxTimeoutMinutes) {
            reportViolation(
                `Glue job ${args.name}: timeout ${job.timeout} minutes is outside 1 to ${maxTimeoutMinutes}; lower it or raise the rule's maxTimeoutMinutes`,
            );
        }
    }),
};
