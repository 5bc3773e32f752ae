/**
 * What a job's OpenLineage transport needs of EtlJob, read from the job's `--lineage_*` default arguments
 * (set by the program from `medallion-lake:etl.lineage`, docs/lineage.md): the `datazone` transport calls
 * Amazon DataZone's PostLineageEvent, so its role gets `datazone:PostLineageEvent`; `off`, `file` and
 * `http` call no AWS API and get nothing.
 *
 * Follows https://docs.aws.amazon.com/datazone/latest/APIReference/API_PostLineageEvent.html and
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondatazone.html
 */
import datazone from "../../glue/medallion_glue/lineage/datazone.json";
import { jobArguments } from "../../lib/glue-job-contract";
import type { Statement } from "../../lib/iam";
import { type Problem, problem } from "../../lib/problems";
import type { EtlJobArgs } from "./args";

/** The lineage arguments the role follows; every entry script's contract names them the same. */
export const LINEAGE_ARGUMENTS = {
    transport: jobArguments("bronze_to_silver").lineage_transport,
    domain: jobArguments("bronze_to_silver").lineage_domain,
} as const;

/** The `--lineage_transport` value that posts the events to Amazon DataZone. */
export const DATAZONE_LINEAGE_TRANSPORT = "datazone";

/**
 * An Amazon DataZone domain id as PostLineageEvent's `domainIdentifier` takes it: `dzd_` or `dzd-`, then 1
 * to 36 letters, digits, `_` or `-`. The job checks the same pattern: both read
 * glue/medallion_glue/lineage/datazone.json.
 */
export const DATAZONE_DOMAIN_ID = new RegExp(`^(?:${datazone.domain_id_pattern})$`);

/** A domain id quoted in error messages. */
export const DATAZONE_DOMAIN_ID_EXAMPLE: string = datazone.domain_id_example;

/**
 * Posting OpenLineage run events to Amazon DataZone. The Service Authorization Reference lists no resource
 * type and no condition key for `datazone:PostLineageEvent`, so AWS authorizes it on `Resource: "*"` only (a
 * domain ARN would not match and every event would be refused); the request names the domain.
 */
export function postLineageEvent(): Statement {
    return { Effect: "Allow", Action: ["datazone:PostLineageEvent"], Resource: ["*"] };
}

/** {@link postLineageEvent} when the job's `--lineage_transport` is `datazone`, else nothing. */
export function lineageStatements(args: Pick<EtlJobArgs, "defaultArguments">): Statement[] {
    const transport = args.defaultArguments?.[LINEAGE_ARGUMENTS.transport];
    return transport === DATAZONE_LINEAGE_TRANSPORT ? [postLineageEvent()] : [];
}

/**
 * Lineage arguments the role cannot be planned from, or that the job would refuse at start:
 * `--lineage_transport` given as an Output (unknown at plan time, so the grant could be neither made nor
 * left out), and the `datazone` transport without a `--lineage_domain` domain id.
 */
export function lineageArgumentProblems(args: Pick<EtlJobArgs, "defaultArguments">): Problem[] {
    const given = args.defaultArguments ?? {};
    const transport = given[LINEAGE_ARGUMENTS.transport];
    const domain = given[LINEAGE_ARGUMENTS.domain];
    const option = (key: string) => `defaultArguments["${key}"]`;
    if (transport !== undefined && typeof transport !== "string") {
        return [
            problem(
                option(LINEAGE_ARGUMENTS.transport),
                "a pulumi Output",
                "pass the transport as a plain string: the role's datazone:PostLineageEvent grant is planned from it",
            ),
        ];
    }
    if (transport !== DATAZONE_LINEAGE_TRANSPORT) return [];
    const example = `e.g. ${DATAZONE_DOMAIN_ID_EXAMPLE}`;
    if (domain === undefined) {
        return [
            {
                option: option(LINEAGE_ARGUMENTS.domain),
                fix: `required with ${LINEAGE_ARGUMENTS.transport} datazone: set the Amazon DataZone domain id the job posts to, ${example}`,
            },
        ];
    }
    if (typeof domain === "string" && !DATAZONE_DOMAIN_ID.test(domain)) {
        return [
            problem(
                option(LINEAGE_ARGUMENTS.domain),
                domain,
                `a DataZone domain id is dzd_ or dzd- then 1 to 36 letters, digits, _ or -, ${example}`,
            ),
        ];
    }
    return [];
}
