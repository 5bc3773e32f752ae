/**
 * The object ledger of a bronze_to_silver job: the job lists its bronze folder and reads the objects its
 * ledger has not seen, then writes one JSON-lines file per run, `<ledger prefix><dataset>/<run id>.json`, in
 * the bucket of its `--silver_uri` (glue/medallion_glue/runtime/object_ledger.py, docs/etl.md "The object
 * ledger"). The prefix comes from glue/medallion_glue/runtime/object_ledger.json, which the job reads too.
 *
 * The role may list and read the dataset's ledger prefix and create objects in it; it gets no
 * `s3:DeleteObject` there (a run only adds its own file, so no run can erase what earlier runs took).
 * Follows https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 */
import * as pulumi from "@pulumi/pulumi";
import ledger from "../../glue/medallion_glue/runtime/object_ledger.json";
import { bucketArn } from "../../lib/glue-iam";
import { listPrefixes, objectsArn, type Statement } from "../../lib/iam";
import { type Problem, problem } from "../../lib/problems";
import type { EtlJobArgs } from "./args";

/** Key prefix of every dataset's ledger in its bucket: `_ledger/` (outside every table location). */
export const OBJECT_LEDGER_PREFIX: string = ledger.prefix;

/** A dataset name as the spec schema allows it (lower snake_case), so the prefix is one folder. */
const DATASET_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** The ledger folder of `dataset`: `_ledger/<dataset>/`. */
export function objectLedgerPrefix(dataset: string): string {
    return `${OBJECT_LEDGER_PREFIX}${dataset}/`;
}

/**
 * What the job does with its ledger folder in `bucket` (an S3 bucket ARN): list it (`s3:prefix` the folder's
 * own key, which Spark's S3 connector probes, and its objects), read its files, and create new ones
 * (`s3:PutObject`, `s3:AbortMultipartUpload`); never delete.
 */
export function objectLedgerAccess(bucket: pulumi.Input<string>, dataset: string): Statement[] {
    const prefix = objectLedgerPrefix(dataset);
    const folderKey = prefix.slice(0, -1);
    return [
        ...listPrefixes(bucket, [folderKey, `${prefix}*`]),
        {
            Effect: "Allow",
            Action: ["s3:GetObject"],
            Resource: [pulumi.interpolate`${bucket}/${folderKey}`, objectsArn(bucket, prefix)],
        },
        {
            Effect: "Allow",
            Action: ["s3:AbortMultipartUpload", "s3:PutObject"],
            Resource: [objectsArn(bucket, prefix)],
        },
    ];
}

/** {@link objectLedgerAccess} in the bucket of `objectLedger.zone` when the job keeps a ledger, else nothing. */
export function objectLedgerStatements(
    args: Pick<EtlJobArgs, "objectLedger" | "lake"> & { region: string },
): Statement[] {
    const keep = args.objectLedger;
    if (keep === undefined) return [];
    return objectLedgerAccess(bucketArn(args.region, args.lake.bucketNames[keep.zone]), keep.dataset);
}

/** An `objectLedger.dataset` that is not a dataset name (the grant would cover another folder). */
export function objectLedgerProblems(args: Pick<EtlJobArgs, "objectLedger">): Problem[] {
    const dataset = args.objectLedger?.dataset;
    if (dataset === undefined || DATASET_NAME.test(dataset)) return [];
    return [
        problem(
            "objectLedger.dataset",
            dataset,
            "pass the spec's name (lower snake_case, e.g. flights): the job writes _ledger/<name>/",
        ),
    ];
}
