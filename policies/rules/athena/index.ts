/** The Athena rules. */
import { athenaResultsEncrypted } from "./results-encrypted";
import { athenaScanCutoff } from "./scan-cutoff";
import { athenaWorkgroupEnforced } from "./workgroup-enforced";

export const ATHENA_POLICIES = [athenaWorkgroupEnforced, athenaResultsEncrypted, athenaScanCutoff];
export { athenaResultsEncrypted, athenaScanCutoff, athenaWorkgroupEnforced };
