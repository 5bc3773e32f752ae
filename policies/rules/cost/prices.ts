/**
 * The pinned price table the cost estimate reads (`npm run plan` and the `monthly-idle-cost-ceiling` rule):
 * AWS on-demand list prices in USD per region, with the pages they come from and the day they were read.
 * A region absent from {@link PRICE_TABLE}.regions has no prices: the estimate says so instead of guessing.
 *
 * To move the table forward, read each source page for every region below, update the figures, `readOn`
 * and `unconfirmed`, and run `npx mocha tests/policies/cost-estimate.test.ts tests/scripts/plan-cost.test.ts`.
 */

/** List prices of one region, in USD. */
export interface RegionPrices {
    /** Glue Spark job or crawler, per DPU-hour (standard execution class). */
    glueDpuHour: number;
    /** Glue Spark job in the Flex execution class, per DPU-hour. */
    glueFlexDpuHour: number;
    /** KMS customer managed key, per key-month (before any rotation surcharge). */
    kmsKeyMonth: number;
    /** CloudWatch metric alarm at standard resolution (period of 60 s or more), per metric-month. */
    alarmStandardMetricMonth: number;
    /** CloudWatch metric alarm at high resolution (period under 60 s), per metric-month. */
    alarmHighResolutionMetricMonth: number;
    /** CloudWatch composite alarm, per alarm-month. */
    compositeAlarmMonth: number;
    /** VPC interface endpoint (PrivateLink), per endpoint per Availability Zone per hour. */
    interfaceEndpointAzHour: number;
    /** NAT gateway, per gateway-hour (data processed is not included). */
    natGatewayHour: number;
    /** Public IPv4 address (a NAT gateway's Elastic IP), per address-hour. */
    publicIpv4Hour: number;
    /** RDS for PostgreSQL on-demand Single-AZ instance, per hour, by instance class. Multi-AZ is twice this. */
    rdsPostgresInstanceHour: Record<string, number>;
    /** RDS storage, per GB-month, by storage type (Single-AZ; Multi-AZ is twice this). */
    rdsStorageGbMonth: Record<string, number>;
    /** Secrets Manager secret, per secret-month. */
    secretMonth: number;
    /** Athena SQL queries, per TB scanned. */
    athenaTb: number;
    /** QuickSight Enterprise Author (per-user pricing), per user-month. */
    quicksightAuthorMonth: number;
    /** QuickSight Enterprise Reader (per-user pricing), per user-month. */
    quicksightReaderMonth: number;
}

/** The price table: regions, the pages read, the day they were read and what could not be confirmed. */
export const PRICE_TABLE = {
    /** Day (UTC) the source pages were read. */
    readOn: "2026-12-03",
    currency: "USD",
    /** Hours in a month, as AWS's pricing pages and calculator count them. */
    hoursPerMonth: 730,
    sources: [
        "https://aws.amazon.com/glue/pricing/",
        "https://aws.amazon.com/kms/pricing/",
        "https://aws.amazon.com/cloudwatch/pricing/",
        "https://aws.amazon.com/privatelink/pricing/",
        "https://aws.amazon.com/vpc/pricing/",
        "https://aws.amazon.com/rds/postgresql/pricing/",
        "https://aws.amazon.com/secrets-manager/pricing/",
        "https://aws.amazon.com/athena/pricing/",
        "https://aws.amazon.com/quicksight/pricing/",
    ],
    /**
     * Figures no source read on `readOn` confirmed for that region; they are the values the AWS pages
     * listed when last seen, kept so the estimate has a figure, and should be checked first.
     */
    unconfirmed: [
        "us-east-1 glueFlexDpuHour 0.29 (the Flex announcement gives only 'up to 34%' below 0.44)",
        "eu-west-1 glueDpuHour 0.44 and glueFlexDpuHour 0.29 (only the us-east-1 example was read)",
        "eu-west-1 interfaceEndpointAzHour 0.011",
        "eu-west-1 natGatewayHour 0.048",
        "eu-west-1 rdsPostgresInstanceHour db.t4g.micro 0.018 and db.t4g.small 0.036",
        "eu-west-1 rdsStorageGbMonth gp3 0.127 and gp2 0.127",
        "us-east-1 rdsStorageGbMonth gp2 0.115",
        "both regions publicIpv4Hour 0.005 and compositeAlarmMonth 0.50",
        "both regions quicksightAuthorMonth 24 and quicksightReaderMonth 3 (read from a transcription of the QuickSight pricing page dated 2026-10-07, not the page itself; the same in every region)",
    ] as string[],
    regions: {
        "us-east-1": {
            glueDpuHour: 0.44,
            glueFlexDpuHour: 0.29,
            kmsKeyMonth: 1.0,
            alarmStandardMetricMonth: 0.1,
            alarmHighResolutionMetricMonth: 0.3,
            compositeAlarmMonth: 0.5,
            interfaceEndpointAzHour: 0.01,
            natGatewayHour: 0.045,
            publicIpv4Hour: 0.005,
            rdsPostgresInstanceHour: { "db.t4g.micro": 0.016, "db.t4g.small": 0.032 },
            rdsStorageGbMonth: { gp3: 0.115, gp2: 0.115 },
            secretMonth: 0.4,
            athenaTb: 5.0,
            quicksightAuthorMonth: 24,
            quicksightReaderMonth: 3,
        },
        "eu-west-1": {
            glueDpuHour: 0.44,
            glueFlexDpuHour: 0.29,
            kmsKeyMonth: 1.0,
            alarmStandardMetricMonth: 0.1,
            alarmHighResolutionMetricMonth: 0.3,
            compositeAlarmMonth: 0.5,
            interfaceEndpointAzHour: 0.011,
            natGatewayHour: 0.048,
            publicIpv4Hour: 0.005,
            rdsPostgresInstanceHour: { "db.t4g.micro": 0.018, "db.t4g.small": 0.036 },
            rdsStorageGbMonth: { gp3: 0.127, gp2: 0.127 },
            secretMonth: 0.4,
            athenaTb: 5.0,
            quicksightAuthorMonth: 24,
            quicksightReaderMonth: 3,
        },
    } as Record<string, RegionPrices>,
} as const;

/**
 * How AWS meters what the estimate prices (from the same pages), and the one assumption it makes.
 */
export const BILLING_RULES = {
    /** DPUs per worker, by Glue worker type. */
    dpuPerWorker: {
        "G.025X": 0.25,
        "G.1X": 1,
        "G.2X": 2,
        "G.4X": 4,
        "G.8X": 8,
    } as Record<string, number>,
    /** Timeout, in minutes, of a Glue Spark job that sets none (2 days). */
    glueDefaultTimeoutMinutes: 2880,
    /** Shortest billed Glue job run (Glue 2.0 and later), in minutes. */
    glueJobMinimumMinutes: 1,
    /** Shortest billed crawler run, in minutes. */
    crawlerMinimumMinutes: 10,
    /**
     * DPUs a crawler run uses. AWS allocates them and does not publish the number: an assumption (a crawl of
     * an idle lake finishes inside the 10-minute minimum), not a price.
     */
    crawlerAssumedDpus: 2,
    /** Bytes in the TB Athena bills by (2^40). */
    bytesPerTb: 2 ** 40,
    /** Smallest amount of data Athena bills per query, in bytes (10 MB). */
    athenaMinimumBytesPerQuery: 10 * 2 ** 20,
} as const;

/** The prices of `region`, or undefined when the table has none for it. */
export function pricesFor(region: string): RegionPrices | undefined {
    return PRICE_TABLE.regions[region];
}
