import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/** Workgroups enforce their configuration over client-side settings. */
export const athenaWorkgroupEnforced: ResourceValidationPolicy = {
    name: "athena-workgroup-enforced",
    description:
        "Every Athena workgroup has a configuration with enforceWorkgroupConfiguration on, so clients cannot override its result location, encryption or scan cutoff.",
    severity: "high",
    remediationSteps: "Set configuration.enforceWorkgroupConfiguration: true on the aws.athena.Workgroup.",
    url: "https://docs.aws.amazon.com/athena/latest/ug/workgroups-settings-override.html",
    validateResource: validateResourceOfType(aws.athena.Workgroup, (workgroup, args, reportViolation) => {
        if (workgroup.configuration?.enforceWorkgroupConfiguration !== true) {
            reportViolation(
                `Athena workgroup ${args.name}: clients may override its settings; set configuration.enforceWorkgroupConfiguration: true`,
            );
        }
    }),
};
