import * as aws from "@pulumi/aws";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { PACK_DEFAULTS } from "../../defaults";
import { ruleConfig } from "../../lib/config";

/** Config of `lambda-supported-runtime`. */
export interface LambdaRuntimeConfig {
    /** Runtime identifiers accepted. */
    runtimes: string[];
}

/** Functions run on a runtime Lambda still supports. */
export const lambdaSupportedRuntime: ResourceValidationPolicy = {
    name: "lambda-supported-runtime",
    description:
        "Every zip-packaged Lambda function sets a runtime Lambda still supports, so it keeps receiving security patches and can still be updated.",
    severity: "medium",
    remediationSteps:
        "Set runtime to a supported identifier (the lake's functions use TRIGGER_RUNTIME and the simulator's runtime setting); review this rule's runtimes config when AWS announces deprecations.",
    url: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
    configSchema: {
        properties: {
            runtimes: {
                type: "array",
                items: { type: "string" },
                default: PACK_DEFAULTS.lambdaRuntimes,
                description: "Runtime identifiers accepted.",
            },
        },
    },
    validateResource: validateResourceOfType(aws.lambda.Function, (fn, args, reportViolation) => {
        if (fn.packageType === "Image")
            args.notApplicable("container image functions bring their own runtime");
        const { runtimes } = ruleConfig<LambdaRuntimeConfig>(args, {
            runtimes: PACK_DEFAULTS.lambdaRuntimes,
        });
        if (fn.runtime === undefined || !runtimes.includes(fn.runtime)) {
            reportViolation(
                `Lambda function ${args.name}: runtime ${fn.runtime ?? "is not set"}${fn.runtime === undefined ? "" : " is not supported"}; use one of ${runtimes.join(", ")}`,
            );
        }
    }),
};
