/**
 * GlueSecurityConfiguration: the Glue security configuration jobs and crawlers attach so that everything
 * Glue writes is encrypted with the lake's KMS key: S3 output (SSE-KMS), CloudWatch logs (SSE-KMS) and job
 * bookmarks (client-side, CSE-KMS).
 *
 * Follows https://docs.aws.amazon.com/glue/latest/dg/encryption-security-configuration.html
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { claimPhysicalNames } from "../../lib/naming";
import { componentSubject } from "../../lib/problems";
import type { GlueSecurityConfigurationArgs } from "./args";
import { GLUE_SECURITY_CONFIGURATION_MODES, resolveGlueSecurityConfigurationSettings } from "./settings";

export type { GlueSecurityConfigurationArgs } from "./args";
export { GLUE_SECURITY_CONFIGURATION_MODES } from "./settings";

/**
 * One Glue security configuration encrypting S3 output, CloudWatch logs and job bookmarks with one key.
 *
 * @throws ProblemsError when `name` has characters Glue refuses.
 */
export class GlueSecurityConfiguration extends pulumi.ComponentResource {
    /** Physical name, known before deployment (jobs and crawlers reference it and derive log group names). */
    public readonly name: string;
    /** The security configuration resource. */
    public readonly configuration: aws.glue.SecurityConfiguration;

    constructor(name: string, args: GlueSecurityConfigurationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("medallion-lake:index:GlueSecurityConfiguration", name, {}, opts);
        this.name = resolveGlueSecurityConfigurationSettings(name, args).name;
        claimPhysicalNames(componentSubject("GlueSecurityConfiguration", name), [
            { kind: "Glue security configuration", name: this.name },
        ]);
        const modes = GLUE_SECURITY_CONFIGURATION_MODES;
        this.configuration = new aws.glue.SecurityConfiguration(
            `${name}-config`,
            {
                name: this.name,
                encryptionConfiguration: {
                    s3Encryption: { s3EncryptionMode: modes.s3, kmsKeyArn: args.kmsKeyArn },
                    cloudwatchEncryption: {
                        cloudwatchEncryptionMode: modes.cloudWatch,
                        kmsKeyArn: args.kmsKeyArn,
                    },
                    jobBookmarksEncryption: {
                        jobBookmarksEncryptionMode: modes.jobBookmarks,
                        kmsKeyArn: args.kmsKeyArn,
                    },
                },
            },
            { parent: this },
        );
        this.registerOutputs({ name: this.name });
    }
}
