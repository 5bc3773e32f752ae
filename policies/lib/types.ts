/**
 * Type tokens of the @pulumi/aws v7 resources the rules look at, read from the provider's own classes so a
 * token can neither be mistyped nor name a resource v7 does not have.
 * Follows https://www.pulumi.com/docs/iac/using-pulumi/crossguard/core-concepts/ (`isType` compares tokens).
 */
import * as aws from "@pulumi/aws";

/** The static `__pulumiType` of a resource class, e.g. `aws:s3/bucket:Bucket`. */
export function pulumiTypeOf(resourceClass: object): string {
    const token = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
    if (typeof token !== "string" || token === "") {
        throw new Error("pulumiTypeOf: the class has no __pulumiType; pass a provider resource class");
    }
    return token;
}

/** Type tokens by the name the rules use. */
export const TYPES = {
    bucket: pulumiTypeOf(aws.s3.Bucket),
    /** `aws:s3/bucketV2:BucketV2`: deprecated in v7 in favour of `aws.s3.Bucket`, but still a bucket. */
    bucketV2: pulumiTypeOf(aws.s3.BucketV2),
    bucketPublicAccessBlock: pulumiTypeOf(aws.s3.BucketPublicAccessBlock),
    bucketOwnershipControls: pulumiTypeOf(aws.s3.BucketOwnershipControls),
    bucketEncryption: pulumiTypeOf(aws.s3.BucketServerSideEncryptionConfiguration),
    bucketEncryptionV2: pulumiTypeOf(aws.s3.BucketServerSideEncryptionConfigurationV2),
    bucketPolicy: pulumiTypeOf(aws.s3.BucketPolicy),
    bucketLogging: pulumiTypeOf(aws.s3.BucketLogging),
    bucketLoggingV2: pulumiTypeOf(aws.s3.BucketLoggingV2),
    bucketLifecycle: pulumiTypeOf(aws.s3.BucketLifecycleConfiguration),
    bucketLifecycleV2: pulumiTypeOf(aws.s3.BucketLifecycleConfigurationV2),
    bucketVersioning: pulumiTypeOf(aws.s3.BucketVersioning),
    bucketVersioningV2: pulumiTypeOf(aws.s3.BucketVersioningV2),
    kmsKey: pulumiTypeOf(aws.kms.Key),
    kmsKeyPolicy: pulumiTypeOf(aws.kms.KeyPolicy),
    iamRole: pulumiTypeOf(aws.iam.Role),
    iamRolePolicy: pulumiTypeOf(aws.iam.RolePolicy),
    iamPolicy: pulumiTypeOf(aws.iam.Policy),
    iamUserPolicy: pulumiTypeOf(aws.iam.UserPolicy),
    iamGroupPolicy: pulumiTypeOf(aws.iam.GroupPolicy),
    iamRolePolicyAttachment: pulumiTypeOf(aws.iam.RolePolicyAttachment),
    iamUserPolicyAttachment: pulumiTypeOf(aws.iam.UserPolicyAttachment),
    iamGroupPolicyAttachment: pulumiTypeOf(aws.iam.GroupPolicyAttachment),
    iamPolicyAttachment: pulumiTypeOf(aws.iam.PolicyAttachment),
    iamRolePolicyAttachmentsExclusive: pulumiTypeOf(aws.iam.RolePolicyAttachmentsExclusive),
    iamUserPolicyAttachmentsExclusive: pulumiTypeOf(aws.iam.UserPolicyAttachmentsExclusive),
    iamGroupPolicyAttachmentsExclusive: pulumiTypeOf(aws.iam.GroupPolicyAttachmentsExclusive),
    lambdaFunction: pulumiTypeOf(aws.lambda.Function),
    lambdaPermission: pulumiTypeOf(aws.lambda.Permission),
    lambdaEventInvokeConfig: pulumiTypeOf(aws.lambda.FunctionEventInvokeConfig),
    lambdaEventSourceMapping: pulumiTypeOf(aws.lambda.EventSourceMapping),
    sqsQueue: pulumiTypeOf(aws.sqs.Queue),
    sqsQueuePolicy: pulumiTypeOf(aws.sqs.QueuePolicy),
    sqsRedrivePolicy: pulumiTypeOf(aws.sqs.RedrivePolicy),
    snsTopic: pulumiTypeOf(aws.sns.Topic),
    snsTopicPolicy: pulumiTypeOf(aws.sns.TopicPolicy),
    glueJob: pulumiTypeOf(aws.glue.Job),
    glueCrawler: pulumiTypeOf(aws.glue.Crawler),
    glueCatalogDatabase: pulumiTypeOf(aws.glue.CatalogDatabase),
    glueSecurityConfiguration: pulumiTypeOf(aws.glue.SecurityConfiguration),
    lakeFormationSettings: pulumiTypeOf(aws.lakeformation.DataLakeSettings),
    lakeFormationPermissions: pulumiTypeOf(aws.lakeformation.Permissions),
    lakeFormationResource: pulumiTypeOf(aws.lakeformation.Resource),
    secretPolicy: pulumiTypeOf(aws.secretsmanager.SecretPolicy),
    athenaWorkgroup: pulumiTypeOf(aws.athena.Workgroup),
    logGroup: pulumiTypeOf(aws.cloudwatch.LogGroup),
    bucketAcl: pulumiTypeOf(aws.s3.BucketAcl),
    bucketAclV2: pulumiTypeOf(aws.s3.BucketAclV2),
    lambdaFunctionUrl: pulumiTypeOf(aws.lambda.FunctionUrl),
    glueResourcePolicy: pulumiTypeOf(aws.glue.ResourcePolicy),
    glueCatalogEncryption: pulumiTypeOf(aws.glue.DataCatalogEncryptionSettings),
    rdsInstance: pulumiTypeOf(aws.rds.Instance),
    rdsCluster: pulumiTypeOf(aws.rds.Cluster),
    firehoseStream: pulumiTypeOf(aws.kinesis.FirehoseDeliveryStream),
    securityGroup: pulumiTypeOf(aws.ec2.SecurityGroup),
    securityGroupRule: pulumiTypeOf(aws.ec2.SecurityGroupRule),
    securityGroupIngressRule: pulumiTypeOf(aws.vpc.SecurityGroupIngressRule),
    vpcEndpoint: pulumiTypeOf(aws.ec2.VpcEndpoint),
    vpcEndpointPolicy: pulumiTypeOf(aws.ec2.VpcEndpointPolicy),
} as const;

/** RDS databases: instances and (Aurora / Multi-AZ) clusters; the RDS rules check both. */
export const RDS_DATABASE_TYPES = [TYPES.rdsInstance, TYPES.rdsCluster] as const;

/** S3 bucket types, current and deprecated (`BucketV2`): every S3 rule checks both. */
export const S3_BUCKET_TYPES = [TYPES.bucket, TYPES.bucketV2] as const;

/** The S3 configuration resources of one kind, current and deprecated (`...V2`) types alike. */
export const S3_SUB_RESOURCE_TYPES = {
    publicAccessBlock: [TYPES.bucketPublicAccessBlock],
    ownershipControls: [TYPES.bucketOwnershipControls],
    encryption: [TYPES.bucketEncryption, TYPES.bucketEncryptionV2],
    policy: [TYPES.bucketPolicy],
    logging: [TYPES.bucketLogging, TYPES.bucketLoggingV2],
    lifecycle: [TYPES.bucketLifecycle, TYPES.bucketLifecycleV2],
    versioning: [TYPES.bucketVersioning, TYPES.bucketVersioningV2],
} as const;
