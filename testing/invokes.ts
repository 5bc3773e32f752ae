/**
 * What the mocked AWS answers to the invokes (data source calls) the components make: caller identity,
 * region, partition, session context and Lake Formation settings. Any other invoke answers `{}`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { MockAwsEnvironment } from "./aws-environment";
import type { PropertyMap } from "./recorder";

/** The mocked result of one invoke. */
export function mockInvoke(args: pulumi.runtime.MockCallArgs, env: MockAwsEnvironment): PropertyMap {
    switch (args.token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                accountId: env.accountId,
                arn: env.callerArn,
                userId: "AROAEXAMPLE:ci-session",
                id: env.accountId,
            };
        case "aws:index/getRegion:getRegion":
            return { name: env.region, region: env.region, id: env.region };
        case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
        case "aws:iam/getSessionContext:getSessionContext": {
            const match = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(String(args.inputs.arn));
            const issuerArn = match ? `arn:aws:iam::${match[1]}:role/${match[2]}` : String(args.inputs.arn);
            return {
                arn: args.inputs.arn,
                issuerArn,
                issuerName: match?.[2] ?? "",
                sessionName: match?.[3] ?? "",
            };
        }
        case "aws:lakeformation/getDataLakeSettings:getDataLakeSettings":
            return { admins: env.existingLakeFormationAdmins, readOnlyAdmins: [] };
        default:
            return {};
    }
}
