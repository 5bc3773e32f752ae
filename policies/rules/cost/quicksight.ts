/**
 * The QuickSight seats a stack shares its data sets and dashboards with, for the idle estimate: QuickSight
 * bills each user per month whether or not they open anything (Enterprise, per-user pricing). A principal
 * with permissions on a data source or data set is an author (QuickSight shares data sets only with authors
 * and admins); one with permissions only on a dashboard is a reader. Groups are not priced: the stack does
 * not know their members.
 * https://aws.amazon.com/quicksight/pricing/
 */
import { type CostedResource, known, ofType, prop, COST_TYPES as T } from "./resources";

/** The seats of a stack's QuickSight resources. */
export interface QuickSightSeats {
    /** User ARNs priced as authors, first resource that names each. */
    authors: Map<string, string>;
    /** User ARNs priced as readers (on a dashboard, on no data set), with the dashboard that names them. */
    readers: Map<string, string>;
    /** Group ARNs, with the resource that names them. */
    groups: Map<string, string>;
    /** Data sets imported into SPICE. */
    spiceDataSets: string[];
}

/** The CloudFormation type a Cloud Control resource registers, for the dashboards among them. */
const DASHBOARD_TYPE_NAME = "AWS::QuickSight::Dashboard";

/** Principals of a provider resource's `permissions` (`[{ principal, actions }]`). */
function providerPrincipals(resource: CostedResource): string[] {
    const permissions = prop(resource, "permissions");
    if (!Array.isArray(permissions)) return [];
    return permissions.map((p) => p?.principal).filter((p): p is string => typeof p === "string");
}

/** Principals of a Cloud Control `AWS::QuickSight::Dashboard` (its `desiredState` JSON `Permissions`). */
function cloudControlDashboardPrincipals(resource: CostedResource): string[] | undefined {
    if (prop(resource, "typeName") !== DASHBOARD_TYPE_NAME) return undefined;
    const state = prop(resource, "desiredState");
    if (typeof state !== "string") return [];
    const parsed = known(() => JSON.parse(state)) as { Permissions?: { Principal?: unknown }[] } | undefined;
    return (parsed?.Permissions ?? [])
        .map((p) => p.Principal)
        .filter((p): p is string => typeof p === "string");
}

/** Who the stack's QuickSight resources are shared with, as seats. */
export function quickSightSeats(resources: CostedResource[]): QuickSightSeats {
    const seats: QuickSightSeats = {
        authors: new Map(),
        readers: new Map(),
        groups: new Map(),
        spiceDataSets: [],
    };
    const add = (seat: Map<string, string>, arn: string, resource: string) => {
        if (arn.includes(":group/")) {
            if (!seats.groups.has(arn)) seats.groups.set(arn, resource);
        } else if (!seat.has(arn)) seat.set(arn, resource);
    };
    const dataResources = [
        ...ofType(resources, T.quicksightDataSource),
        ...ofType(resources, T.quicksightDataSet),
    ];
    for (const r of dataResources) for (const arn of providerPrincipals(r)) add(seats.authors, arn, r.name);
    const dashboards: [CostedResource, string[]][] = [
        ...ofType(resources, T.quicksightDashboard).map((r): [CostedResource, string[]] => [
            r,
            providerPrincipals(r),
        ]),
        ...ofType(resources, T.cloudControlResource).flatMap((r): [CostedResource, string[]][] => {
            const principals = cloudControlDashboardPrincipals(r);
            return principals === undefined ? [] : [[r, principals]];
        }),
    ];
    for (const [r, principals] of dashboards) {
        for (const arn of principals) if (!seats.authors.has(arn)) add(seats.readers, arn, r.name);
    }
    for (const ds of ofType(resources, T.quicksightDataSet)) {
        if (prop(ds, "importMode") === "SPICE") seats.spiceDataSets.push(ds.name);
    }
    return seats;
}
