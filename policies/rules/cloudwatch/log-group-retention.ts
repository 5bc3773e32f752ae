import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/** Log groups expire their events. */
export const cloudwatchLogGroupRetention: ResourceValidationPolicy = {
    name: "cloudwatch-log-group-retention",
    description:
        "Every CloudWatch log group sets a retention period, because the default keeps Glue and Lambda logs, which may quote lake data, forever.",
    severity: "low",
    remediationSteps:
        "Set retentionInDays on the aws.cloudwatch.LogGroup (a value CloudWatch accepts, e.g. 30 or 365).",
    url: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
    validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, args, reportViolation) => {
        if (group.retentionInDays === undefined || group.retentionInDays <= 0) {
            reportViolation(
                `log group ${group.name ?? args.name}: events never expire; set retentionInDays (e.g. 30)`,
            );
        }
    }),
};
