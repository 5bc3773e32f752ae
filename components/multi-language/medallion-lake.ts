/**
 * MedallionLake: the multi-language facade of the package. It takes only plain, schema-friendly inputs
 * (strings, numbers, booleans, string lists and string maps) so Pulumi's component analyzer can describe it
 * and `pulumi package add` can generate SDKs for Python, Go, .NET and YAML, and composes the TypeScript
 * components as `index.ts` (the repo's program) does: a DataLake, a GlueSecurityConfiguration, one
 * DatasetPipeline per dataset spec and, unless `trigger: false`, the TriggerLambda routing bronze objects to
 * the pipelines. Lake Formation, sources, table optimizers and dashboards stay TypeScript-only for now.
 *
 * Follows https://www.pulumi.com/docs/iac/guides/building-extending/packages/source-based-plugin/
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { NameContext } from "../../lib/naming";
import { loadDatasetSpecs } from "../../spec/dataset-specs";
import { DataLake, DEFAULT_LAKE_NAME } from "../data-lake/data-lake";
import { DatasetPipeline, shippedPipelineCode } from "../dataset-pipeline/dataset-pipeline";
import { GlueSecurityConfiguration } from "../glue-security-configuration/glue-security-configuration";
import { TriggerLambda } from "../trigger-lambda/trigger-lambda";

/** Defaults of MedallionLakeArgs, read by the code and quoted by docs/components.md#multi-language. */
export const MEDALLION_LAKE_DEFAULTS = {
    /** The dataset specs the package ships (`datasets/` at the package root, beside the spec schema). */
    datasetsDir: path.dirname(path.dirname(shippedPipelineCode().specSchemaFile)),
    /** Build the TriggerLambda that starts each pipeline when its bronze objects land. */
    trigger: true,
} as const;

/**
 * The DataLake's naming, as if it bore the facade's name (its child is `<name>-lake`): the instance is the
 * facade's name unless that is `DEFAULT_LAKE_NAME` (`lake`), so a single `lake` keeps the plain
 * `<project>-<stack>-<role>` names and a second MedallionLake in the stack gets its own.
 */
function lakeNaming(name: string): NameContext {
    return {
        project: pulumi.getProject(),
        stack: pulumi.getStack(),
        instance: name === DEFAULT_LAKE_NAME ? "" : name,
    };
}

/**
 * Inputs of MedallionLake. Every field is plain (known at preview), since DataLake derives bucket names
 * from the identity and DatasetPipeline reads the spec files while the program runs.
 */
export interface MedallionLakeArgs {
    /** 12-digit AWS account id the lake is deployed to; part of every bucket name. */
    accountId: string;
    /** AWS region of the lake, e.g. `eu-west-1`. */
    region: string;
    /**
     * Directory of the dataset specs (`*.yaml` and `schema/dataset-spec.schema.json`, docs/datasets.md).
     * @default MEDALLION_LAKE_DEFAULTS.datasetsDir, the specs this package ships
     */
    datasetsDir?: string;
    /**
     * Dataset names (each spec's `name`) to deploy, in this order.
     * @default every spec under `datasetsDir`
     */
    datasets?: string[];
    /** Build the TriggerLambda (bronze notification, queue, function, alarms). @default true */
    trigger?: boolean;
    /** Addresses subscribed to the trigger's alarm topic (each confirms by email). @default none */
    alarmEmails?: string[];
    /** Tags on every taggable resource; no key may start with `aws:`. @default {} */
    tags?: { [key: string]: string };
}

/**
 * A medallion lake from plain inputs: buckets, key, catalog and workgroup, the Glue jobs of every dataset
 * and the bronze trigger. Its outputs are names and ARNs, the values other languages wire into their own
 * resources.
 *
 * @throws DatasetSpecError when a spec under `datasetsDir` is invalid or a name in `datasets` is unknown
 *   (the error names `datasets` and lists the known names); the errors of DataLake, DatasetPipeline and
 *   TriggerLambda for bad identity, tags or alarm emails.
 */
export class MedallionLake extends pulumi.ComponentResource {
    /** Bronze (raw) bucket name. */
    public readonly bronzeBucketName: pulumi.Output<string>;
    /** Silver (cleaned, Iceberg) bucket name. */
    public readonly silverBucketName: pulumi.Output<string>;
    /** Gold (aggregated) bucket name. */
    public readonly goldBucketName: pulumi.Output<string>;
    /** Bucket holding the Glue scripts and the shipped Python package. */
    public readonly artifactsBucketName: pulumi.Output<string>;
    /** ARN of the KMS key that encrypts the lake. */
    public readonly keyArn: pulumi.Output<string>;
    /** Glue databases by zone, in the order bronze, silver, gold. */
    public readonly databaseNames: pulumi.Output<string[]>;
    /** Athena workgroup for queries on the lake. */
    public readonly workgroupName: pulumi.Output<string>;
    /** Glue job names of every dataset: its bronze_to_silver job, then its silver_to_gold job if it has one. */
    public readonly jobNames: pulumi.Output<string[]>;
    /** The datasets deployed, by spec `name`. */
    public readonly datasetNames: pulumi.Output<string[]>;
    /** The trigger's alarm topic ARN; unset with `trigger: false`. */
    public readonly alarmTopicArn?: pulumi.Output<string>;

    constructor(name: string, args: MedallionLakeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("medallion-lake:index:MedallionLake", name, {}, opts);
        const datasetsDir = args.datasetsDir ?? MEDALLION_LAKE_DEFAULTS.datasetsDir;
        const specs = loadDatasetSpecs(datasetsDir, { names: args.datasets, namesField: "datasets" });
        const tags = args.tags ?? {};
        const parent = { parent: this };

        const lake = new DataLake(
            `${name}-lake`,
            { accountId: args.accountId, region: args.region, naming: lakeNaming(name), tags },
            parent,
        );
        const identity = { accountId: lake.accountId, region: lake.region, naming: lake.naming };
        const glueSecurity = new GlueSecurityConfiguration(
            `${name}-glue-security`,
            { ...identity, kmsKeyArn: lake.keyArn },
            parent,
        );
        const pipelines = specs.map(
            (spec) =>
                new DatasetPipeline(
                    `${name}-${spec.spec.name}`,
                    { lake, spec, jobs: { securityConfiguration: glueSecurity }, tags },
                    parent,
                ),
        );
        const trigger =
            (args.trigger ?? MEDALLION_LAKE_DEFAULTS.trigger) && pipelines.length > 0
                ? new TriggerLambda(
                      `${name}-trigger`,
                      {
                          ...identity,
                          bronzeBucket: lake.buckets.bronze,
                          kmsKeyArn: lake.keyArn,
                          pipelines,
                          alarmEmails: args.alarmEmails,
                          tags,
                      },
                      parent,
                  )
                : undefined;

        this.bronzeBucketName = pulumi.output(lake.bucketNames.bronze);
        this.silverBucketName = pulumi.output(lake.bucketNames.silver);
        this.goldBucketName = pulumi.output(lake.bucketNames.gold);
        this.artifactsBucketName = pulumi.output(lake.bucketNames.artifacts);
        this.keyArn = lake.keyArn;
        this.databaseNames = pulumi.output([
            lake.databaseNames.bronze,
            lake.databaseNames.silver,
            lake.databaseNames.gold,
        ]);
        this.workgroupName = lake.workgroup.name;
        this.jobNames = pulumi.all(
            pipelines.flatMap((p) => [
                p.bronzeToSilver.jobName,
                ...(p.silverToGold ? [p.silverToGold.jobName] : []),
            ]),
        );
        this.datasetNames = pulumi.output(pipelines.map((p) => p.spec.name));
        this.alarmTopicArn = trigger?.alarmTopic.arn;
        this.registerOutputs({
            bronzeBucketName: this.bronzeBucketName,
            silverBucketName: this.silverBucketName,
            goldBucketName: this.goldBucketName,
            artifactsBucketName: this.artifactsBucketName,
            keyArn: this.keyArn,
            databaseNames: this.databaseNames,
            workgroupName: this.workgroupName,
            jobNames: this.jobNames,
            datasetNames: this.datasetNames,
            alarmTopicArn: this.alarmTopicArn,
        });
    }
}
