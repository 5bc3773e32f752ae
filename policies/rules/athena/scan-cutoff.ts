import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { ATHENA_MIN_BYTES_SCANNED_CUTOFF } from "../../shared-constants";

const MIB = 1024 ** 2;

/** Workgroups cap the bytes a query may scan. */
export const athenaScanCutoff: ResourceValidationPolicy = {
    name: "athena-scan-cutoff",
    description: `Every Athena workgroup sets a per-query bytes-scanned cutoff (at least Athena's ${ATHENA_MIN_BYTES_SCANNED_CUTOFF / MIB} MiB minimum), so one careless query over the lake cannot scan, and bill, without limit.`,
    severity: "medium",
    remediationSteps: `Set configuration.bytesScannedCutoffPerQuery, in bytes, to at least ${ATHENA_MIN_BYTES_SCANNED_CUTOFF} (the lake's own workgroup takes it from medallion-lake:athena.bytesScannedCutoffPerQuery).`,
    url: "https://docs.aws.amazon.com/athena/latest/ug/workgroups-setting-control-limits-cloudwatch.html",
    validateResource: validateResourceOfType(aws.athena.Workgroup, (workgroup, args, reportViolation) => {
        const cutoff = workgroup.configuration?.bytesScannedCutoffPerQuery;
        if (cutoff === undefined) {
            reportViolation(
                `Athena workgroup ${args.name}: no per-query scan cutoff; set configuration.bytesScannedCutoffPerQuery`,
            );
        } else if (cutoff < ATHENA_MIN_BYTES_SCANNED_CUTOFF) {
            reportViolation(
                `Athena workgroup ${args.name}: scan cutoff ${cutoff} bytes is below Athena's minimum ${ATHENA_MIN_BYTES_SCANNED_CUTOFF}; raise it`,
            );
        }
    }),
};
