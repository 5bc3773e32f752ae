/**
 * What the lake does not yet do to pass its own pack (issue 16, item 2), applied to the all-features stack
 * before the mutations so that each mutation starts from a stack with no mandatory violation. Each entry
 * names the rule the unfixed stack violates; the mutation tests check that it still does, so an entry must
 * be deleted in the change that fixes the lake (and then the stack itself passes without it).
 */
import type { EvaluatedResource } from "../../../policies/evaluate";
import { TYPES } from "../../../policies/lib/types";
import { ACCOUNT } from "../support/fixtures";
import { added, type Props } from "./edit";

/** The key of the mocked stack (`lake-key`). */
export const LAKE_KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/lake-key-key-id`;

/** One fix the lake still needs. */
export interface PendingLakeFix {
    /** What the lake must change, as the report to the next engineer says it. */
    fix: string;
    /** The rule the stack violates until the fix lands. */
    rule: string;
    apply(resources: EvaluatedResource[]): EvaluatedResource[];
}

/** Applies `change` to the inputs and outputs of every resource `select` picks. */
function changeEach(
    resources: EvaluatedResource[],
    select: (r: EvaluatedResource) => boolean,
    change: (props: Props) => Props,
): EvaluatedResource[] {
    return resources.map((r) =>
        select(r) ? { ...r, inputs: change(r.inputs), outputs: change(r.outputs ?? r.inputs) } : r,
    );
}

/** A policy for an endpoint: the stack's account only. */
function endpointPolicy(props: Props): Props {
    const policy = JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: "*",
                Action: "*",
                Resource: "*",
                Condition: {
                    StringEquals: { "aws:ResourceAccount": ACCOUNT, "aws:PrincipalAccount": ACCOUNT },
                },
            },
        ],
    });
    return { ...props, policy };
}

export const PENDING_LAKE_FIXES: PendingLakeFix[] = [
    {
        fix: "every Lambda function sets kmsKeyArn to the lake key",
        rule: "lambda-environment-encrypted",
        apply: (resources) =>
            changeEach(
                resources,
                (r) => r.type === TYPES.lambdaFunction,
                (props) => ({ ...props, kmsKeyArn: LAKE_KEY_ARN }),
            ),
    },
    {
        fix: "the PostgreSQL source turns on IAM database authentication",
        rule: "rds-iam-authentication",
        apply: (resources) =>
            changeEach(
                resources,
                (r) => r.type === TYPES.rdsInstance,
                (props) => ({ ...props, iamDatabaseAuthenticationEnabled: true }),
            ),
    },
    {
        fix: "every VPC endpoint of the PostgreSQL source carries a policy scoped to the lake's resources",
        rule: "network-vpc-endpoint-policy",
        apply: (resources) => changeEach(resources, (r) => r.type === TYPES.vpcEndpoint, endpointPolicy),
    },
];
