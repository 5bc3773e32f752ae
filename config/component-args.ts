/**
 * The validated stack config as component arguments: what `index.ts` hands each component, so the program
 * stays a short composition. Each function maps config keys one to one; defaults stay in the components.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { DataLakeArgs } from "../components/data-lake/data-lake";
import type { PipelineJobSettings } from "../components/dataset-pipeline/args";
import {
    compressionForSuffix,
    type EventStreamSourceArgs,
} from "../components/event-stream-source/event-stream-source";
import type { GlueSecurityConfiguration } from "../components/glue-security-configuration/glue-security-configuration";
import { type LoadedDatasetSpec, loadDatasetSpecs } from "../spec/dataset-specs";
import { lineageJobArguments } from "./etl";
import { zoneLifecycleOverrides } from "./lake";
import type { StackConfig } from "./stack-config";

/** Tags of every resource: the config's `tags` and `medallion-lake:stack` = the stack name. */
export function stackTags(config: StackConfig): Record<string, string> {
    return { ...config.tags, "medallion-lake:stack": config.stack };
}

/** `DataLakeArgs` from the storage keys (`kmsKeyArn`, `versioning`, `lifecycle`, `athena`, ...). */
export function toDataLakeArgs(config: StackConfig): DataLakeArgs {
    return {
        accountId: config.accountId,
        region: config.region,
        naming: { project: config.project, stack: config.stack },
        kmsKeyArn: config.kmsKeyArn,
        kmsKeyDeletionWindowDays: config.kmsKeyDeletionWindowDays,
        versioning: config.versioning,
        catalogEncryption: config.catalogEncryption,
        retainOnDelete: config.retainDataOnDestroy,
        lifecycle: zoneLifecycleOverrides(config.lifecycle),
        abortIncompleteMultipartUploadDays: config.lifecycle.abortIncompleteMultipartUploadDays,
        accessLogsExpireAfterDays: config.lifecycle.accessLogsExpireAfterDays,
        queryResultsExpireAfterDays: config.lifecycle.queryResultsExpireAfterDays,
        athenaBytesScannedCutoffPerQuery: config.athena.bytesScannedCutoffPerQuery,
        tags: stackTags(config),
    };
}

/** True when Lake Formation governs the lake's data (`lakeFormation.enabled` and mode `lakeformation`). */
export function underLakeFormation(config: StackConfig): boolean {
    return config.lakeFormation.enabled && config.lakeFormation.mode === "lakeformation";
}

/** The `etl` keys as the settings every DatasetPipeline's jobs share (lineage arguments included). */
export function toPipelineJobSettings(
    config: StackConfig,
    securityConfiguration: GlueSecurityConfiguration,
): PipelineJobSettings {
    const { etl } = config;
    return {
        securityConfiguration,
        lakeFormationAccess: underLakeFormation(config),
        workerType: etl.workerType,
        numberOfWorkers: etl.numberOfWorkers,
        timeoutMinutes: etl.timeoutMinutes,
        maxRetries: etl.maxRetries,
        flex: etl.flex,
        autoScaling: etl.autoScaling,
        sparkUi: etl.sparkUi,
        logRetentionDays: etl.logRetentionDays,
        schedule: etl.schedule,
        extraArguments: lineageJobArguments(etl.lineage, config),
    };
}

/**
 * The specs under `datasetsDir` to deploy: those of `medallion-lake:datasets` when set; otherwise every spec
 * but the PostgreSQL source's dataset (`sources.postgres.dataset`) while that source is off, since only its
 * ingestion job writes that bronze prefix.
 * @throws DatasetSpecError listing every problem of every spec, or an unknown name under `medallion-lake:datasets`.
 */
export function specsToDeploy(config: StackConfig, datasetsDir: string): LoadedDatasetSpec[] {
    const specs = loadDatasetSpecs(datasetsDir, {
        names: config.datasets,
        namesField: "medallion-lake:datasets",
    });
    const { postgres } = config.sources;
    if (config.datasets !== undefined || postgres.enabled) return specs;
    return specs.filter((loaded) => loaded.spec.name !== postgres.dataset);
}

/**
 * The EventStreamSource arguments its dataset spec (`sources.eventStream.dataset`) fixes: dataset, bronze prefix, file extension, the
 * compression that extension implies, and the event schema `<datasetsDir>/schemas/<dataset>.schema.json`.
 * Warns when `bronze.suffix` makes Firehose deliver uncompressed objects.
 * @throws DatasetSpecError when the dataset has no valid spec, naming `medallion-lake:sources.eventStream.dataset`.
 */
export function eventStreamSpecArgs(
    config: StackConfig,
    datasetsDir: string,
): Pick<
    EventStreamSourceArgs,
    "dataset" | "bronzePrefix" | "fileExtension" | "compressionFormat" | "schemaFile"
> {
    const [{ spec }] = loadDatasetSpecs(datasetsDir, {
        names: [config.sources.eventStream.dataset],
        namesField: "medallion-lake:sources.eventStream.dataset",
    });
    const compressionFormat = compressionForSuffix(spec.bronze.suffix);
    if (compressionFormat === "UNCOMPRESSED") {
        pulumi.log.warn(
            `datasets/${spec.name}.yaml bronze.suffix is "${spec.bronze.suffix}": Firehose delivers uncompressed objects. Set it to "${spec.bronze.suffix}.gz" to deliver GZIP.`,
        );
    }
    return {
        dataset: spec.name,
        bronzePrefix: spec.bronze.prefix,
        fileExtension: spec.bronze.suffix,
        compressionFormat,
        schemaFile: path.join(datasetsDir, "schemas", `${spec.name}.schema.json`),
    };
}
