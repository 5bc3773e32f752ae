/** The arguments of {@link GlueSecurityConfiguration}. */
import type * as pulumi from "@pulumi/pulumi";
import type { NameContext } from "../../lib/naming";

export interface GlueSecurityConfigurationArgs {
    /** Project and stack that prefix the physical name. */
    naming: NameContext;
    /** ARN of the KMS key (the lake key) that encrypts S3 output, CloudWatch logs and job bookmarks. */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * Physical name. Glue puts it into the names of encrypted log groups, so jobs and crawlers scope their
     * log permissions with it. @default `<project>-<stack>-<component name>`
     */
    name?: string;
}
