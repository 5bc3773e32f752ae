/**
 * Physical resource names for the lake, derived from project, stack and role, and validated against the
 * limits AWS enforces. Each function throws a {@link ProblemsError} (subject `naming`, the shared problem type)
 * naming the offending value and the rule it breaks; the names come from the project and stack names.
 *
 * Rules followed:
 * - S3 bucket names: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 * - IAM names: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * - Glue/Athena names: https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { ProblemsError, problem, throwIfProblems } from "./problems";

/** The subject of naming problems. */
const NAMING = "naming";

/** Length limits AWS enforces on the names this module builds. */
export const NAME_LIMITS = {
    /** S3 bucket names: 3 to 63 characters. */
    bucketMin: 3,
    bucketMax: 63,
    /** IAM role names: at most 64 characters. */
    iamRoleMax: 64,
    /** Glue job, crawler and similar names: at most 255 characters. */
    glueMax: 255,
    /** Glue database names Athena can query: at most 255 characters. */
    glueDatabaseMax: 255,
    /** Hex characters of SHA-256 appended when a name must be shortened. */
    hashLength: 8,
} as const;

/** The parts every derived name starts from. */
export interface NameContext {
    /** Pulumi project name, e.g. `medallion-lake`. */
    project: string;
    /** Pulumi stack name, e.g. `dev`. */
    stack: string;
    /**
     * The lake instance, when a stack holds more than one lake: it follows the stack in every name
     * (`<project>-<stack>-<instance>-<role>`). A DataLake sets it to its component name unless that name is
     * `DEFAULT_LAKE_NAME` (`lake`); `""` means none (e.g. the one lake, renamed from `lake`). @default none
     */
    instance?: string;
}

/** `<project>-<stack>` or `<project>-<stack>-<instance>`, the start of every derived name (not yet normalized). */
export function namePrefix(ctx: NameContext, separator = "-"): string {
    return [ctx.project, ctx.stack, ...(ctx.instance ? [ctx.instance] : [])].join(separator);
}

/**
 * Who a lake belongs to and how its physical names start: what a `DataLake` exposes and the components built
 * on it read instead of taking `accountId`, `region` and `naming` again.
 */
export interface LakeIdentity {
    /** 12-digit AWS account id the lake is deployed to. */
    readonly accountId: string;
    /** AWS region of the lake, e.g. `eu-west-1`. */
    readonly region: string;
    /** Project, stack and instance that start every physical name. */
    readonly naming: NameContext;
}

/** One physical name a component is about to create, with the kind of AWS resource it names. */
export interface PhysicalName {
    /** The kind of resource, e.g. `S3 bucket`, `IAM role`, `Glue job`: names only collide within a kind. */
    readonly kind: string;
    /** The physical name. */
    readonly name: string;
    /** What to do on a collision. @default "give one of them another component name" */
    readonly fix?: string;
}

/** Physical names claimed so far, per Pulumi engine connection (one per stack run; a new one per mocks run). */
const claimedNames = new WeakMap<object, Map<string, string>>();
/** Registry key when no Pulumi engine is connected (plain unit calls). */
const NO_ENGINE = {};

/**
 * Claims physical names for `owner` in the current stack, so two components (two DataLakes, two
 * TriggerLambdas, two jobs given one `jobName`) can never plan the same bucket, role or job: AWS would refuse
 * the second at deploy time, or worse, both would share one resource. A component claims its names before it
 * registers anything; a name listed twice in one call is claimed once.
 * @param owner the claiming component, `<Component> <name>`, e.g. `DataLake lake`; the error's subject.
 * @throws ProblemsError (subject `owner`) listing every name another component of the stack already claimed,
 *   with that component and the fix.
 */
export function claimPhysicalNames(owner: string, names: readonly PhysicalName[]): void {
    const engine = (pulumi.runtime.getMonitor() as object | undefined) ?? NO_ENGINE;
    let claimed = claimedNames.get(engine);
    if (claimed === undefined) {
        claimed = new Map();
        claimedNames.set(engine, claimed);
    }
    const wanted = new Map(names.map((n) => [`${n.kind}\u0000${n.name}`, n]));
    const problems = [...wanted].flatMap(([key, { kind, name, fix }]) => {
        const holder = claimed.get(key);
        return holder === undefined || holder === owner
            ? []
            : [
                  problem(
                      `${kind} name`,
                      name,
                      `${holder} in this stack already plans this name; ${fix ?? "give one of them another component name"}`,
                  ),
              ];
    });
    throwIfProblems(owner, problems);
    for (const key of wanted.keys()) claimed.set(key, owner);
}

/** Lowercase, with every run of characters outside `[a-z0-9]` turned into a single `-`. */
export function kebab(value: string): string {
    return value
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
}

/** Lowercase, with every run of characters outside `[a-z0-9]` turned into a single `_`. */
export function snake(value: string): string {
    return value
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")
        .replace(/^_+|_+$/g, "");
}

/** First {@link NAME_LIMITS.hashLength} hex characters of the SHA-256 of `value`. */
export function shortHash(value: string): string {
    return createHash("sha256").update(value).digest("hex").slice(0, NAME_LIMITS.hashLength);
}

/**
 * Fits `base + suffix` into `max` characters: when too long, `base` is cut and a short hash of the full
 * name is inserted, so two long names that share a prefix still differ deterministically.
 */
export function fitName(base: string, suffix: string, max: number, separator = "-"): string {
    const full = `${base}${suffix}`;
    if (full.length <= max) return full;
    const hash = shortHash(full);
    const room = max - suffix.length - hash.length - separator.length;
    if (room < 1) {
        throw new ProblemsError(NAMING, [
            problem(
                "name suffix",
                suffix,
                `is too long to fit "${full}" into ${max} characters; use a shorter role`,
            ),
        ]);
    }
    const cut = base.slice(0, room).replace(/[-_]+$/, "");
    return `${cut}${separator}${hash}${suffix}`;
}

const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;

/**
 * Checks a bucket name against S3's general purpose bucket rules.
 * @throws ProblemsError (subject `naming`) with one line per S3 rule the name breaks.
 */
export function validateBucketName(name: string): string {
    const rules: string[] = [];
    if (name.length < NAME_LIMITS.bucketMin || name.length > NAME_LIMITS.bucketMax) {
        rules.push(
            `must be ${NAME_LIMITS.bucketMin}-${NAME_LIMITS.bucketMax} characters (is ${name.length})`,
        );
    }
    if (!BUCKET_PATTERN.test(name)) {
        rules.push(
            "must use only lowercase letters, digits, dots and hyphens, and start and end alphanumeric",
        );
    }
    if (name.includes("..")) rules.push("must not contain two adjacent dots");
    if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) rules.push("must not look like an IP address");
    if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) rules.push("must not start with a reserved prefix");
    if (/(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(name)) rules.push("must not end with a reserved suffix");
    throwIfProblems(
        NAMING,
        rules.map((rule) => problem("S3 bucket name", name, rule)),
    );
    return name;
}

/** Where a bucket lives: its account id (12 digits) and region, which make its name globally unique. */
export interface BucketNameArgs extends NameContext {
    /** The bucket's role in the lake, e.g. `bronze`, `logs`, `athena-results`. */
    role: string;
    /** 12-digit AWS account id. */
    accountId: string;
    /** AWS region, e.g. `eu-west-1`. */
    region: string;
}

/**
 * A globally unique bucket name: `<project>-<stack>-<role>-<account>-<region>`, shortened with a hash when
 * longer than 63 characters.
 * @throws ProblemsError when the result breaks an S3 naming rule.
 */
export function bucketName(args: BucketNameArgs): string {
    const base = kebab(`${namePrefix(args)}-${args.role}`);
    const suffix = `-${args.accountId}-${kebab(args.region)}`;
    return validateBucketName(fitName(base, suffix, NAME_LIMITS.bucketMax));
}

/**
 * An IAM role name `<project>-<stack>-<role>`, at most 64 characters, shortened with a hash when needed.
 * @throws ProblemsError when the result has characters IAM does not allow.
 */
export function iamRoleName(ctx: NameContext, role: string): string {
    const name = fitName(kebab(`${namePrefix(ctx)}-${role}`), "", NAME_LIMITS.iamRoleMax);
    if (!/^[\w+=,.@-]{1,64}$/.test(name)) {
        throw new ProblemsError(NAMING, [
            problem("IAM role name", name, "use at most 64 of [A-Za-z0-9+=,.@_-]"),
        ]);
    }
    return name;
}

/**
 * A Glue Data Catalog database name Athena can query: `<project>_<stack>_<zone>`, lowercase with
 * underscores only.
 * @throws ProblemsError when the result has characters other than lowercase letters, digits and underscores.
 */
export function glueDatabaseName(ctx: NameContext, zone: string): string {
    const name = fitName(snake(`${namePrefix(ctx, "_")}_${zone}`), "", NAME_LIMITS.glueDatabaseMax, "_");
    if (!/^[a-z0-9_]+$/.test(name)) {
        throw new ProblemsError(NAMING, [
            problem("Glue database name", name, "use lowercase letters, digits and underscores"),
        ]);
    }
    return name;
}

/**
 * A name for other regional resources (Glue jobs, crawlers, queues, functions, workgroups):
 * `<project>-<stack>-<role>`, shortened with a hash to `max` characters.
 */
export function resourceName(ctx: NameContext, role: string, max: number = NAME_LIMITS.glueMax): string {
    return fitName(kebab(`${namePrefix(ctx)}-${role}`), "", max);
}
