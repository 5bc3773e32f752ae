/**
 * The arguments of a PostgresSource: the settings stack config may set ({@link PostgresSourceOptions},
 * each group merged over {@link POSTGRES_SOURCE_DEFAULTS} in defaults.ts) and what the program wires in.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { EtlJobLake } from "../etl-job/args";
import type { CrawlerLake } from "../glue-crawler-set/args";
import type { POSTGRES_SOURCE_DEFAULTS } from "./defaults";
import type { InterfaceEndpointService, NatGatewayStrategy } from "./source-network";

/** A literal type widened to its primitive (`"17"` -> string, `2` -> number). */
type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T;
/** A partial override of one setting group: any value of each setting's type. */
type Overrides<T> = {
    -readonly [K in keyof T]?: T[K] extends readonly (infer E)[] ? readonly Widen<E>[] : Widen<T[K]>;
};

/** The settings of a PostgresSource (what stack config may set), each group merged over its defaults. */
export interface PostgresSourceOptions {
    /** VPC settings, merged over {@link POSTGRES_SOURCE_DEFAULTS.network}. */
    network?: Omit<
        Overrides<typeof POSTGRES_SOURCE_DEFAULTS.network>,
        "natGateways" | "interfaceEndpoints"
    > & {
        natGateways?: NatGatewayStrategy;
        interfaceEndpoints?: readonly InterfaceEndpointService[];
    };
    /** Database settings, merged over {@link POSTGRES_SOURCE_DEFAULTS.database}. */
    database?: Overrides<typeof POSTGRES_SOURCE_DEFAULTS.database>;
    /** Simulator settings, merged over {@link POSTGRES_SOURCE_DEFAULTS.simulator}. */
    simulator?: Overrides<typeof POSTGRES_SOURCE_DEFAULTS.simulator>;
    /** Ingestion job settings, merged over {@link POSTGRES_SOURCE_DEFAULTS.ingestion}. */
    ingestion?: Overrides<typeof POSTGRES_SOURCE_DEFAULTS.ingestion>;
    /**
     * Days the log groups keep events (a CloudWatch Logs retention value).
     * @default {@link POSTGRES_SOURCE_DEFAULTS.logRetentionDays} (30)
     */
    logRetentionDays?: number;
    /**
     * Deletion protection and a final snapshot on delete.
     * @default {@link POSTGRES_SOURCE_DEFAULTS.retainOnDelete} (true)
     */
    retainOnDelete?: boolean;
}

export interface PostgresSourceArgs extends PostgresSourceOptions {
    /**
     * The lake the job writes to; a {@link DataLake} satisfies it. With `databaseNames` (a DataLake has
     * them), a JDBC crawler catalogs the source table into the bronze database.
     */
    lake: EtlJobLake & Partial<Pick<CrawlerLake, "databases" | "databaseNames">>;
    /** 12-digit account id. @default `lake.accountId` */
    accountId?: string;
    /** Region, e.g. `eu-west-1`. @default `lake.region` */
    region?: string;
    /**
     * Code of the simulator Lambda (an archive whose `index.js` exports `handler`).
     * @default the esbuild bundle of lambdas/simulator/handler.ts, built into `.cache/lambdas/<name>-simulator`
     */
    simulatorCode?: pulumi.Input<pulumi.asset.Archive>;
    /** Glue security configuration of the ingestion job. @default a new one encrypting with the lake key */
    securityConfigurationName?: string;
    /** Local path of the Glue entry script. @default glue/jobs/jdbc_to_bronze.py */
    ingestionScript?: string;
    /** Local path of the Python package the script imports. @default glue/medallion_glue */
    ingestionPythonPackage?: string;
    /**
     * OpenLineage arguments of the ingestion job (`--lineage_transport`, `--lineage_url`,
     * `--lineage_catalog`, `--lineage_domain`), as `lineageJobArguments` (config/etl.ts) builds them from
     * stack config. Other keys are refused. @default {} (the job emits no lineage events)
     */
    lineageArguments?: Readonly<Record<string, string>>;
    /** Tags on every taggable resource. @default {} */
    tags?: Record<string, string>;
}
