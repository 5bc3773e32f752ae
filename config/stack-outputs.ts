/**
 * The stack outputs of the program (`index.ts`): the names a user needs to land data and query the lake, each
 * documented here once. Optional parts are `undefined` when their component is off.
 */
import type { Dashboards } from "../components/dashboards/dashboards";
import type { DataLake } from "../components/data-lake/data-lake";
import type { DatasetPipeline } from "../components/dataset-pipeline/dataset-pipeline";
import type { EventStreamSource } from "../components/event-stream-source/event-stream-source";
import type { GlueSecurityConfiguration } from "../components/glue-security-configuration/glue-security-configuration";
import type { LakeFormationAdmin } from "../components/lake-formation-admin/lake-formation-admin";
import type { PostgresSource } from "../components/postgres-source/postgres-source";
import type { TableOptimizers } from "../components/table-optimizers/table-optimizers";
import type { TriggerLambda } from "../components/trigger-lambda/trigger-lambda";

/** The components the outputs come from. */
export interface StackParts {
    lake: DataLake;
    glueSecurity: GlueSecurityConfiguration;
    pipelines: readonly DatasetPipeline[];
    tableOptimizers?: TableOptimizers;
    lakeFormation?: LakeFormationAdmin;
    eventStream?: EventStreamSource;
    postgres?: PostgresSource;
    trigger?: TriggerLambda;
    dashboards?: Dashboards;
}

/** The stack outputs, by output name. */
export function stackOutputs(parts: StackParts) {
    const { lake, pipelines, eventStream, postgres, trigger, dashboards } = parts;
    return {
        /** Bucket name of each zone. */
        bucketNames: {
            bronze: lake.bucketNames.bronze,
            silver: lake.bucketNames.silver,
            gold: lake.bucketNames.gold,
        },
        /** Glue Data Catalog database of each zone. */
        databaseNames: lake.databaseNames,
        /** Athena workgroup for SQL on the lake. */
        athenaWorkgroup: lake.workgroup.name,
        /** Bucket of S3 server access logs. */
        accessLogsBucket: lake.accessLogsBucket.bucket,
        /** Bucket of Athena query results. */
        queryResultsBucket: lake.queryResultsBucket.bucket,
        /** ARN of the KMS key that encrypts the lake. */
        lakeKeyArn: lake.keyArn,
        /** Per dataset: the bronze crawler, bronze_to_silver and silver_to_gold job names (absent when not created). */
        etlPipelines: Object.fromEntries(
            pipelines.map((p) => [
                p.spec.name,
                {
                    ...(p.crawlerName === undefined ? {} : { crawler: p.crawlerName }),
                    bronzeToSilverJob: p.bronzeToSilver.jobName,
                    ...(p.silverToGold === undefined ? {} : { silverToGoldJob: p.silverToGold.jobName }),
                },
            ]),
        ),
        /** Name of the Glue security configuration every job and crawler runs with. */
        glueSecurityConfiguration: parts.glueSecurity.name,
        /** The role the Iceberg table optimizers run as. */
        tableOptimizersRoleArn: parts.tableOptimizers?.roleArn,
        /** Lake Formation data lake admins. */
        lakeFormationAdmins: parts.lakeFormation?.admins,
        /** Role for Lake Formation blueprints and Glue workflows (also undefined when not created). */
        lakeFormationWorkflowRoleArn: parts.lakeFormation?.workflowRole?.arn,
        /** The event stream: where producers send events and where they land. */
        eventStreamSource: eventStream && {
            deliveryStreamName: eventStream.deliveryStreamName,
            bronzeUri: eventStream.bronzeUri,
            schemaArn: eventStream.schema.arn,
            producerPolicyArn: eventStream.producerPolicy.arn,
        },
        /** The transactional source: database, simulator, connection and ingestion job. */
        postgresSource: postgres && {
            vpcId: postgres.network.vpcId,
            databaseAddress: postgres.database.instance.address,
            databaseSecretArn: postgres.database.secretArn,
            simulatorFunctionName: postgres.simulator.function.name,
            connectionName: postgres.connectionName,
            ingestionJobName: postgres.ingestion.jobName,
            bronzeUri: postgres.bronzeUri,
        },
        /** The bronze trigger (undefined when no dataset is deployed): its function, queues and alarm topic. */
        bronzeTrigger: trigger && {
            functionName: trigger.function.name,
            queueUrl: trigger.queue.url,
            deadLetterQueueUrl: trigger.deadLetterQueue.url,
            alarmTopicArn: trigger.alarmTopic.arn,
        },
        /** The QuickSight dashboard: its id and ARN and the Athena data source. */
        quickSightDashboard: dashboards && {
            dashboardId: dashboards.dashboardId,
            dashboardArn: dashboards.dashboardArn,
            dataSourceArn: dashboards.dataSource.arn,
        },
    };
}
