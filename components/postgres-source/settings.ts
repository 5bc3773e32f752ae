/**
 * The settings of a PostgresSource: every default ({@link POSTGRES_SOURCE_DEFAULTS}), the limits AWS sets on
 * them, and their validation. The component and the stack config (config/sources.ts) both check settings
 * with {@link resolvePostgresSourceSettings}, so a bad value is refused with the same message either way.
 *
 * Follows https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html,
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html and
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 */
import { MAX_ROWS_PER_RUN } from "../../lambdas/simulator/config";
import { CONNECT_TIMEOUT_MS, STATEMENT_TIMEOUT_MS } from "../../lambdas/simulator/connection";
import { RANDOM_DATA_TABLE } from "../../lambdas/simulator/table";
import { awsCronProblem } from "../../lib/glue-cron";
import { logRetentionProblem } from "../../lib/log-retention";
import { componentSubject, type Problem, problemFromDetail, throwIfProblems } from "../../lib/problems";
import type { PostgresSourceOptions } from "./args";
import { schedulerExpressionProblem } from "./scheduler-expression";
import type { SimulatorSettings } from "./simulator-function";
import type { SourceDatabaseSettings } from "./source-database";
import {
    INTERFACE_ENDPOINT_SERVICES,
    type InterfaceEndpointService,
    NAT_GATEWAY_STRATEGIES,
    type NatGatewayStrategy,
} from "./source-network";

export type { PostgresSourceOptions } from "./args";

import { POSTGRES_SOURCE_DEFAULTS } from "./defaults";

export { POSTGRES_SOURCE_DEFAULTS };

/** Concurrent runs of the ingestion job: always one, so two runs never read the same bookmark. */
export const INGESTION_MAX_CONCURRENT_RUNS = 1;
/** The table the simulator fills and the job ingests. */
export const SOURCE_TABLE = RANDOM_DATA_TABLE;
/** Smallest simulator timeout: a connection and one statement must fit. */
export const MIN_SIMULATOR_TIMEOUT_SECONDS =
    Math.ceil((CONNECT_TIMEOUT_MS + STATEMENT_TIMEOUT_MS) / 1000) + 5;
/** Ports RDS for PostgreSQL accepts. */
export const RDS_POSTGRES_PORT_RANGE = { min: 1150, max: 65535 } as const;
/** Log types RDS for PostgreSQL exports to CloudWatch Logs. */
export const RDS_POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade", "iam-db-auth-error"] as const;

/** Every setting after defaults, validated. */
export interface PostgresSourceSettings {
    network: {
        cidrBlock: string;
        availabilityZones: number;
        subnetCidrMask: number;
        natGateways: NatGatewayStrategy;
        interfaceEndpoints: readonly InterfaceEndpointService[];
    };
    database: SourceDatabaseSettings;
    simulator: SimulatorSettings;
    ingestion: { schedule: string; bronzePrefix: string };
    retainOnDelete: boolean;
}

/**
 * Applies {@link POSTGRES_SOURCE_DEFAULTS} and checks every setting.
 * @throws ProblemsError listing every problem, each `PostgresSource <name>: <group>.<setting>: got X; <fix>`.
 */
export function resolvePostgresSourceSettings(
    name: string,
    args: PostgresSourceOptions,
): PostgresSourceSettings {
    const d = POSTGRES_SOURCE_DEFAULTS;
    const problems: Problem[] = [];
    const fail = (setting: string, detail: string) => {
        problems.push(problemFromDetail(setting, detail));
    };
    const whole = (setting: string, value: number, min: number, max: number) => {
        if (!Number.isInteger(value) || value < min || value > max) {
            fail(setting, `got ${value}; use a whole number from ${min} to ${max}`);
        }
        return value;
    };
    const matches = (setting: string, value: string, pattern: RegExp, fix: string) => {
        if (!pattern.test(value)) fail(setting, `got ${JSON.stringify(value)}; ${fix}`);
        return value;
    };
    const network = { ...d.network, ...args.network };
    const database = { ...d.database, ...args.database };
    const simulator = { ...d.simulator, ...args.simulator };
    const ingestion = { ...d.ingestion, ...args.ingestion };

    // --- network ---
    const cidr = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(network.cidrBlock);
    const vpcPrefix = Number(cidr?.[5]);
    if (!cidr || cidr.slice(1, 5).some((octet) => Number(octet) > 255) || vpcPrefix < 16 || vpcPrefix > 24) {
        fail(
            "network.cidrBlock",
            `got ${JSON.stringify(network.cidrBlock)}; use an IPv4 CIDR from /16 to /24, e.g. "10.42.0.0/16"`,
        );
    }
    whole("network.availabilityZones", network.availabilityZones, 2, 6);
    if (!(NAT_GATEWAY_STRATEGIES as readonly string[]).includes(network.natGateways)) {
        fail(
            "network.natGateways",
            `got ${JSON.stringify(network.natGateways)}; use one of ${NAT_GATEWAY_STRATEGIES.join(", ")}`,
        );
    }
    const isolated = network.natGateways === "None";
    const subnetsNeeded = network.availabilityZones * (isolated ? 1 : 2);
    if (!cidr) {
        // The subnet mask is checked against a valid VPC CIDR only.
    } else if (
        !Number.isInteger(network.subnetCidrMask) ||
        network.subnetCidrMask <= vpcPrefix ||
        network.subnetCidrMask > 27
    ) {
        whole("network.subnetCidrMask", network.subnetCidrMask, vpcPrefix + 1, 27);
    } else if (2 ** (network.subnetCidrMask - vpcPrefix) < subnetsNeeded) {
        fail(
            "network.subnetCidrMask",
            `got ${network.subnetCidrMask}; /${network.subnetCidrMask} subnets: ${network.cidrBlock} holds ${2 ** (network.subnetCidrMask - vpcPrefix)}, ${subnetsNeeded} are needed; use a longer mask or a larger VPC`,
        );
    }
    const endpoints = [...network.interfaceEndpoints];
    for (const service of endpoints) {
        if (!(INTERFACE_ENDPOINT_SERVICES as readonly string[]).includes(service)) {
            fail(
                "network.interfaceEndpoints",
                `got ${JSON.stringify(service)}, an unknown service; use ${INTERFACE_ENDPOINT_SERVICES.join(", ")}`,
            );
        }
    }
    if (new Set(endpoints).size !== endpoints.length)
        fail("network.interfaceEndpoints", `got ${JSON.stringify(endpoints)}; list each service once`);
    const missing = INTERFACE_ENDPOINT_SERVICES.filter((service) => !endpoints.includes(service));
    if (isolated && missing.length > 0) {
        fail(
            "network.interfaceEndpoints",
            `got ${JSON.stringify(endpoints)}, without ${missing.join(", ")}; without a NAT gateway the simulator and the ingestion job reach AWS only through these endpoints; keep them, or set network.natGateways to Single or OnePerAz`,
        );
    }

    // --- database ---
    matches(
        "database.engineVersion",
        database.engineVersion,
        /^\d{2}(\.\d+)?$/,
        'use a PostgreSQL major version such as "17" (or major.minor, "17.2")',
    );
    matches(
        "database.instanceClass",
        database.instanceClass,
        /^db\.[a-z0-9-]+\.[a-z0-9]+$/,
        'use an RDS instance class such as "db.t4g.micro"',
    );
    whole("database.allocatedStorageGiB", database.allocatedStorageGiB, 20, 65536);
    whole(
        "database.maxAllocatedStorageGiB",
        database.maxAllocatedStorageGiB,
        database.allocatedStorageGiB,
        65536,
    );
    matches("database.storageType", database.storageType, /^(gp2|gp3|io1|io2)$/, "use gp3, gp2, io1 or io2");
    matches(
        "database.databaseName",
        database.databaseName,
        /^[A-Za-z][A-Za-z0-9_]{0,62}$/,
        "use 1-63 letters, digits and underscores, starting with a letter",
    );
    matches(
        "database.masterUsername",
        database.masterUsername,
        /^[A-Za-z][A-Za-z0-9_]{0,62}$/,
        "use 1-63 letters, digits and underscores, starting with a letter",
    );
    if (database.masterUsername.toLowerCase() === "rdsadmin")
        fail(
            "database.masterUsername",
            `got ${JSON.stringify(database.masterUsername)}; rdsadmin is reserved by RDS, pick another name`,
        );
    whole("database.port", database.port, RDS_POSTGRES_PORT_RANGE.min, RDS_POSTGRES_PORT_RANGE.max);
    whole("database.backupRetentionDays", database.backupRetentionDays, 1, 35);
    const time = "([01]\\d|2[0-3]):[0-5]\\d";
    const day = "(mon|tue|wed|thu|fri|sat|sun)";
    matches(
        "database.backupWindow",
        database.backupWindow,
        new RegExp(`^${time}-${time}$`),
        'use hh:mm-hh:mm in UTC, e.g. "02:00-03:00"',
    );
    matches(
        "database.maintenanceWindow",
        database.maintenanceWindow,
        new RegExp(`^${day}:${time}-${day}:${time}$`),
        'use ddd:hh:mm-ddd:hh:mm in UTC, e.g. "sun:03:30-sun:04:30"',
    );
    for (const log of database.logExports) {
        if (!(RDS_POSTGRES_LOG_EXPORTS as readonly string[]).includes(log)) {
            fail(
                "database.logExports",
                `got ${JSON.stringify(log)}, an unknown log; use ${RDS_POSTGRES_LOG_EXPORTS.join(", ")}`,
            );
        }
    }

    // --- simulator ---
    const scheduleProblem = schedulerExpressionProblem(simulator.schedule);
    if (scheduleProblem !== undefined)
        fail("simulator.schedule", `got ${JSON.stringify(simulator.schedule)}; ${scheduleProblem}`);
    whole("simulator.rowsPerRun", simulator.rowsPerRun, 1, MAX_ROWS_PER_RUN);
    whole("simulator.timeoutSeconds", simulator.timeoutSeconds, MIN_SIMULATOR_TIMEOUT_SECONDS, 900);
    whole("simulator.memoryMiB", simulator.memoryMiB, 128, 10240);
    matches("simulator.architecture", simulator.architecture, /^(arm64|x86_64)$/, "use arm64 or x86_64");
    matches(
        "simulator.runtime",
        simulator.runtime,
        /^nodejs(2[2-9]|[3-9]\d)\.x$/,
        'use a Node.js runtime the bundle targets, "nodejs22.x" or later',
    );
    whole("simulator.deadLetterRetentionSeconds", simulator.deadLetterRetentionSeconds, 60, 1_209_600);
    whole("simulator.maximumEventAgeSeconds", simulator.maximumEventAgeSeconds, 60, 21_600);
    whole("simulator.schedulerRetries", simulator.schedulerRetries, 0, 185);

    // --- ingestion ---
    const cronProblem = awsCronProblem(ingestion.schedule);
    if (cronProblem !== undefined)
        fail("ingestion.schedule", `got ${JSON.stringify(ingestion.schedule)}; ${cronProblem}`);
    matches(
        "ingestion.bronzePrefix",
        ingestion.bronzePrefix,
        /^[a-z0-9][a-z0-9_-]*\/$/,
        'use one lowercase folder ending in /, e.g. "transactional/"',
    );

    const logRetentionDays = args.logRetentionDays ?? d.logRetentionDays;
    const retention = logRetentionProblem(logRetentionDays);
    if (retention !== undefined) fail("logRetentionDays", `got ${logRetentionDays}; ${retention}`);

    throwIfProblems(componentSubject("PostgresSource", name), problems);
    return {
        network: { ...network, interfaceEndpoints: endpoints },
        database: { ...database, logExports: [...database.logExports], logRetentionDays },
        simulator: { ...simulator, logRetentionDays },
        ingestion,
        retainOnDelete: args.retainOnDelete ?? d.retainOnDelete,
    };
}
