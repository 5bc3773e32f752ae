import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { PACK_DEFAULTS } from "../../defaults";
import { ruleConfig } from "../../lib/config";

const RULE = "lambda-supported-runtime";
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Config of `lambda-supported-runtime`. */
export interface LambdaRuntimeConfig {
    /**
     * Runtime identifier to the day (`YYYY-MM-DD`, UTC) Lambda deprecates it.
     * @default PACK_DEFAULTS.lambdaRuntimeDeprecations
     */
    runtimes: Record<string, string>;
    /**
     * Day (`YYYY-MM-DD`, UTC) the deprecation dates are compared with.
     * @default the day of the evaluation (UTC)
     */
    asOf?: string;
}

/** True when `day` is a real calendar day written `YYYY-MM-DD`. */
function isIsoDay(day: unknown): day is string {
    return (
        typeof day === "string" &&
        ISO_DAY.test(day) &&
        new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day
    );
}

/**
 * The runtimes of `runtimes` not deprecated on `asOf`: those whose deprecation day is after it.
 * @param runtimes identifier to deprecation day (`YYYY-MM-DD`)
 * @param asOf the day (`YYYY-MM-DD`) to judge on
 * @throws Error naming `lambda-supported-runtime.runtimes` or `.asOf` when a day is not `YYYY-MM-DD`.
 */
export function supportedRuntimesOn(runtimes: Record<string, string>, asOf: string): string[] {
    if (!isIsoDay(asOf)) {
        throw new Error(
            `${RULE}.asOf: ${JSON.stringify(asOf)} is not a day; write it YYYY-MM-DD, e.g. "2026-11-21", or leave it unset for today`,
        );
    }
    if (typeof runtimes !== "object" || runtimes === null || Array.isArray(runtimes)) {
        throw new Error(
            `${RULE}.runtimes: expected an object of runtime identifier to deprecation day, e.g. { "nodejs22.x": "2027-04-30" }, got ${JSON.stringify(runtimes)}`,
        );
    }
    for (const [runtime, day] of Object.entries(runtimes)) {
        if (!isIsoDay(day)) {
            throw new Error(
                `${RULE}.runtimes.${runtime}: ${JSON.stringify(day)} is not a day; write the deprecation date YYYY-MM-DD as the Lambda runtimes table gives it`,
            );
        }
    }
    return Object.entries(runtimes)
        .filter(([, day]) => day > asOf)
        .map(([runtime]) => runtime);
}

/** Functions run on a runtime Lambda still supports on the day of the evaluation. */
export const lambdaSupportedRuntime: ResourceValidationPolicy = {
    name: RULE,
    description:
        "Every zip-packaged Lambda function sets a runtime whose Lambda deprecation date has not come, so it keeps receiving security patches and can still be updated.",
    severity: "medium",
    remediationSteps:
        "Set runtime to one whose deprecation date is still ahead (the lake's functions use TRIGGER_RUNTIME and the simulator's runtime setting); when AWS announces or moves a deprecation date, update this rule's runtimes config (identifier to YYYY-MM-DD).",
    url: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
    configSchema: {
        properties: {
            runtimes: {
                type: "object",
                additionalProperties: { type: "string", pattern: ISO_DAY.source },
                default: PACK_DEFAULTS.lambdaRuntimeDeprecations,
                description: "Runtime identifier to the day (YYYY-MM-DD, UTC) Lambda deprecates it.",
            },
            asOf: {
                type: "string",
                pattern: ISO_DAY.source,
                description:
                    "Day (YYYY-MM-DD, UTC) the deprecation dates are compared with; the day of the evaluation when unset.",
            },
        },
    },
    validateResource: validateResourceOfType(aws.lambda.Function, (fn, args, reportViolation) => {
        if (fn.packageType === "Image")
            args.notApplicable("container image functions bring their own runtime");
        const { runtimes, asOf = new Date().toISOString().slice(0, 10) } = ruleConfig<LambdaRuntimeConfig>(
            args,
            { runtimes: PACK_DEFAULTS.lambdaRuntimeDeprecations },
        );
        const supported = supportedRuntimesOn(runtimes, asOf);
        if (fn.runtime !== undefined && supported.includes(fn.runtime)) return;
        const problem =
            fn.runtime === undefined
                ? "runtime is not set"
                : runtimes[fn.runtime] === undefined
                  ? `runtime ${fn.runtime} is not one this rule knows a deprecation date for`
                  : `runtime ${fn.runtime} is deprecated since ${runtimes[fn.runtime]}`;
        reportViolation(`Lambda function ${args.name}: ${problem}; use one of ${supported.join(", ")}`);
    }),
};
