import type { ResourceValidationPolicy } from "@pulumi/policy";
import { PACK_DEFAULTS } from "../../defaults";
import { ruleConfig } from "../../lib/config";
import { rdsDatabaseOf } from "../../lib/rds";

/** Config of `rds-current-ca`. */
export interface CurrentCaConfig {
    /** Certificate authorities accepted. */
    certificateAuthorities: string[];
}

/** RDS instances present a certificate from a current CA. */
export const rdsCurrentCa: ResourceValidationPolicy = {
    name: "rds-current-ca",
    description: `Every RDS instance names its server certificate authority explicitly and uses a current one (${PACK_DEFAULTS.rdsCertificateAuthorities.join(", ")} by default), so clients that verify TLS keep connecting and no certificate expires unnoticed.`,
    severity: "medium",
    remediationSteps:
        'Set caCertIdentifier on the aws.rds.Instance to one of the rule\'s certificateAuthorities (e.g. "rds-ca-rsa2048-g1") and give clients the matching bundle.',
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL-certificate-rotation.html",
    configSchema: {
        properties: {
            certificateAuthorities: {
                type: "array",
                items: { type: "string" },
                default: PACK_DEFAULTS.rdsCertificateAuthorities,
                description: "RDS certificate authorities accepted.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const db = rdsDatabaseOf(args, true);
        const { certificateAuthorities } = ruleConfig<CurrentCaConfig>(args, {
            certificateAuthorities: PACK_DEFAULTS.rdsCertificateAuthorities,
        });
        const ca = db.props.caCertIdentifier;
        if (ca === undefined || !certificateAuthorities.includes(ca)) {
            reportViolation(
                `RDS instance ${args.name}: certificate authority ${ca ?? "not set (the region's default)"}; set caCertIdentifier to one of ${certificateAuthorities.join(", ")}`,
            );
        }
    },
};
