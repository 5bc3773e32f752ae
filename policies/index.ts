/**
 * Entry point of the medallion-lake CrossGuard policy pack, the one file that constructs the PolicyPack
 * (its constructor starts the gRPC server the Pulumi CLI talks to; tests and the offline plan import
 * `./rules` and `./evaluate` instead).
 *
 * ```sh
 * pulumi preview --policy-pack policies/
 * pulumi up --policy-pack policies/ --policy-pack-config policies/config.example.json
 * ```
 * See docs/policies.md for what each rule requires.
 */
import { PolicyPack } from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME } from "./defaults";
import { MEDALLION_POLICIES } from "./rules";

new PolicyPack(PACK_NAME, {
    policies: MEDALLION_POLICIES,
    enforcementLevel: PACK_ENFORCEMENT_LEVEL,
    displayName: "medallion-lake",
    description:
        "What the medallion-lake data lake promises: private, encrypted, TLS-only, logged and versioned buckets; rotated keys; least-privilege IAM and private resource policies; Lambda, Glue, Lake Formation, Athena, Firehose, RDS and network guardrails.",
    provider: "aws",
    tags: ["aws", "data-lake", "security"],
});
