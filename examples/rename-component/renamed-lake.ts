/**
 * Renaming a deployed component without replacing it: a stack first deployed `new DataLake("lake", ...)`,
 * and now calls it "datalake". The `aliases` option names the old logical name, so Pulumi treats the old URN
 * as this component's, and every child named `lake-<role>` as the new `datalake-<role>`: `pulumi up` moves
 * the state instead of deleting the buckets and creating new ones. Physical names (bucket names, databases,
 * the workgroup) come from the account, region, project, stack and lake instance; a DataLake not named `lake`
 * takes its name as the instance, so the renamed lake sets `naming.instance: ""` (no instance) and its names stay.
 *
 * Follows https://www.pulumi.com/docs/iac/concepts/options/aliases/
 */
import * as pulumi from "@pulumi/pulumi";
// In your own project: import { DataLake, type DataLakeArgs } from "medallion-lake";
import { DataLake, type DataLakeArgs } from "../../components";

/** The component's logical name before the rename. */
export const OLD_NAME = "lake";
/** Its logical name now. */
export const NEW_NAME = "datalake";

/**
 * The DataLake under its new name, aliased to the old one. Keep the alias until every stack that ran the old
 * name has been updated once; then it can go.
 *
 * @param args - the same args as before the rename (a changed arg is a change, alias or not).
 * @param opts - other resource options; their `aliases` are kept beside the rename's.
 */
export function renamedLake(args: DataLakeArgs, opts: pulumi.ComponentResourceOptions = {}): DataLake {
    // The names the lake had as OLD_NAME: no instance part (unless the args give one).
    const naming = { project: pulumi.getProject(), stack: pulumi.getStack(), instance: "", ...args.naming };
    return new DataLake(
        NEW_NAME,
        { ...args, naming },
        { ...opts, aliases: [...(opts.aliases ?? []), { name: OLD_NAME }] },
    );
}
