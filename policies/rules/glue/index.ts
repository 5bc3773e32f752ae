/** The Glue rules. */
import { glueCatalogEncryption } from "./catalog-encryption";
import { glueJobTimeout } from "./job-timeout";
import { glueNoSecretArguments } from "./no-secret-arguments";
import { glueSecurityConfiguration } from "./security-configuration";
import { glueSupportedVersion } from "./supported-version";

export const GLUE_POLICIES = [
    glueSecurityConfiguration,
    glueJobTimeout,
    glueSupportedVersion,
    glueNoSecretArguments,
    glueCatalogEncryption,
];
export {
    glueCatalogEncryption,
    glueJobTimeout,
    glueNoSecretArguments,
    glueSecurityConfiguration,
    glueSupportedVersion,
};
