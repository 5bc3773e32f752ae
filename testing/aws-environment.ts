/**
 * What the mocked AWS answers: the account, region and caller identity the mocks report, and the Lake
 * Formation admins already in the account.
 */

/** Account id the mocks answer with unless told otherwise (AWS's documentation example account). */
export const TEST_ACCOUNT_ID = "123456789012";
/** Region the mocks answer with unless told otherwise. */
export const TEST_REGION = "eu-west-1";
/** Pulumi project the mocks run under unless told otherwise. */
export const TEST_PROJECT = "medallion-lake";

/** What the mocked AWS answers. Override any field per test. */
export interface MockAwsEnvironment {
    /** Account of the caller identity and of every ARN the mocks make up (12 digits). */
    accountId: string;
    /** Region `aws.getRegion` returns and every regional ARN carries. */
    region: string;
    /** ARN the caller identity returns (an assumed-role session by default). */
    callerArn: string;
    /** Lake Formation admins already present in the account (`getDataLakeSettings`). */
    existingLakeFormationAdmins: string[];
}

/** The environment the mocks answer with when a test overrides nothing. */
export const DEFAULT_AWS_ENVIRONMENT: MockAwsEnvironment = {
    accountId: TEST_ACCOUNT_ID,
    region: TEST_REGION,
    callerArn: `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/platform-deployer/ci-session`,
    existingLakeFormationAdmins: [],
};
