/**
 * Every default of the PostgresSource component, in a file of its own so that `args.ts` can type its
 * overrides from it and `settings.ts` can validate those args without an import circle. `settings.ts`
 * re-exports it; docs and tests read these values.
 */
import { DEFAULT_DB_PORT, DEFAULT_ROWS_PER_RUN } from "../../lambdas/simulator/config";
import { SCHEDULE_INTERVAL_MS } from "../../lambdas/simulator/rows";
import {
    INTERFACE_ENDPOINT_SERVICES,
    type InterfaceEndpointService,
    type NatGatewayStrategy,
} from "./source-network";

/** Every default of the PostgresSource component. Docs and tests read these values; the component reads nothing else. */
export const POSTGRES_SOURCE_DEFAULTS = {
    network: {
        /** IPv4 range of the VPC. */
        cidrBlock: "10.42.0.0/16",
        /** Availability zones the subnets span (an RDS subnet group needs two). */
        availabilityZones: 2,
        /** Prefix length of each workload subnet (/24: 251 usable addresses). */
        subnetCidrMask: 24,
        /** No NAT gateway: the workloads reach AWS only through VPC endpoints. */
        natGateways: "None" as NatGatewayStrategy,
        /** Interface endpoints (each billed per hour and subnet); see INTERFACE_ENDPOINT_USES for why each. */
        interfaceEndpoints: INTERFACE_ENDPOINT_SERVICES as readonly InterfaceEndpointService[],
    },
    database: {
        /** PostgreSQL major version; RDS applies minor versions automatically. */
        engineVersion: "17",
        /** Free-tier eligible Graviton class (2 vCPU burstable, 1 GiB). */
        instanceClass: "db.t4g.micro",
        /** Storage in GiB (the free tier's 20 GiB). */
        allocatedStorageGiB: 20,
        /** Storage autoscaling ceiling in GiB. */
        maxAllocatedStorageGiB: 100,
        storageType: "gp3",
        /** Database holding `random_data`. */
        databaseName: "transactions",
        masterUsername: "lake_admin",
        port: DEFAULT_DB_PORT,
        multiAz: false,
        /** Days automated backups (and point-in-time recovery) are kept. */
        backupRetentionDays: 7,
        /** Daily backup window, UTC. */
        backupWindow: "02:00-03:00",
        /** Weekly maintenance window, UTC. */
        maintenanceWindow: "sun:03:30-sun:04:30",
        /** IAM database authentication on (the master user still signs in with its managed secret). */
        iamDatabaseAuthentication: true,
        /** Certificate authority of the server certificate (in the Lambda runtime's CA bundle). */
        caCertIdentifier: "rds-ca-rsa2048-g1",
        /** PostgreSQL logs exported to CloudWatch Logs. */
        logExports: ["postgresql", "upgrade"] as readonly string[],
        /** No RDS Extended Support charges: the instance must be upgraded before its major version's end of life. */
        engineLifecycleSupport: "open-source-rds-extended-support-disabled",
    },
    simulator: {
        /** Every 2 minutes, the interval the simulator spreads each batch's `fecha` over (SCHEDULE_INTERVAL_MS). */
        schedule: `rate(${SCHEDULE_INTERVAL_MS / 60_000} minutes)`,
        rowsPerRun: DEFAULT_ROWS_PER_RUN,
        /** Seconds before Lambda stops a run (connect 10 s + statement 30 s + margin). */
        timeoutSeconds: 60,
        memoryMiB: 256,
        runtime: "nodejs22.x",
        architecture: "arm64",
        /** Seconds the dead-letter queue keeps a failed run (14 days, the SQS maximum). */
        deadLetterRetentionSeconds: 1_209_600,
        /** An invocation older than this goes to the dead-letter queue (the next run is due anyway). */
        maximumEventAgeSeconds: 60,
        /** Delivery retries by the scheduler when Lambda refuses an invoke. */
        schedulerRetries: 2,
    },
    ingestion: {
        /** Hourly at minute 0, UTC (the seed's 59-minute schedule let runs overlap). */
        schedule: "cron(0 * * * ? *)",
        /** Folder of the transactional tables in bronze; tables land in `<prefix><table>/`. */
        bronzePrefix: "transactional/",
    },
    /** Retention of the database's and the simulator's log groups, in days. */
    logRetentionDays: 30,
    /** Deletion protection and a final snapshot; the data survives `pulumi destroy`. */
    retainOnDelete: true,
} as const;
