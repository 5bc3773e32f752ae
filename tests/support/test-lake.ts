import * as aws from "@pulumi/aws";
import type { EtlJobLake } from "../../components/etl-job/etl-job";
import { TEST_ACCOUNT_ID, TEST_REGION } from "./pulumi-harness";

/** The naming every component test builds under: project `medallion-lake`, stack `test`. */
export const TEST_NAMING = { project: "medallion-lake", stack: "test" } as const;

/** Short, fixed bucket names for a stand-in lake, so expected ARNs read plainly in assertions. */
export const TEST_BUCKETS = {
    bronze: "lake-bronze",
    silver: "lake-silver",
    gold: "lake-gold",
    accessLogs: "lake-logs",
    artifacts: "lake-artifacts",
} as const;

/** The lake's KMS key ARN in the stand-in lake. */
export const TEST_KEY_ARN = `arn:aws:kms:${TEST_REGION}:${TEST_ACCOUNT_ID}:key/lake-key`;

/** `arn:aws:s3:::<bucket>` */
export const s3Arn = (bucket: string): string => `arn:aws:s3:::${bucket}`;

/**
 * A stand-in for a `DataLake` as the jobs and sources consume it: the test names above and a real (mocked)
 * artifacts bucket. Call it under mocks (after `setupPulumiMocks`), since it registers that bucket.
 */
export function testLake(): EtlJobLake {
    return {
        naming: TEST_NAMING,
        bucketNames: TEST_BUCKETS,
        artifactsBucket: new aws.s3.Bucket("artifacts", { bucket: TEST_BUCKETS.artifacts }),
        keyArn: TEST_KEY_ARN,
    };
}
