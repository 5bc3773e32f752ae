/**
 * Finding the resources one resource refers to, in a stack as CrossGuard hands it to a stack policy.
 *
 * A reference is followed through the engine's property dependencies first (they are known even during a
 * preview, when the referenced name or ARN is not), then by value: the property's string equals one of
 * the candidate's identifiers (its name, id or ARN, as given by `identifiersOf`).
 */
import { type PolicyResource, UnknownValueError } from "@pulumi/policy";

/** The resources of any of the given type tokens. */
export function ofTypes(resources: PolicyResource[], types: readonly string[]): PolicyResource[] {
    return resources.filter((r) => types.includes(r.type));
}

/**
 * A string property, or undefined when it is not a non-empty string or not known yet (during a preview,
 * CrossGuard's props throw `UnknownValueError` for values computed by the deployment; names and links then
 * come from property dependencies instead).
 */
export function stringProp(resource: PolicyResource, property: string): string | undefined {
    let value: unknown;
    try {
        value = resource.props[property];
    } catch (error) {
        if (error instanceof UnknownValueError) return undefined;
        throw error;
    }
    return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * The candidates `from.props[property]` refers to.
 * @param identifiersOf the strings that name a candidate (e.g. a bucket's name and ARN)
 * @param normalize maps the property's value to the form identifiers use (e.g. a function ARN to its name)
 */
export function referencedBy(
    from: PolicyResource,
    property: string,
    candidates: PolicyResource[],
    identifiersOf: (candidate: PolicyResource) => (string | undefined)[],
    normalize: (value: string) => string = (value) => value,
): PolicyResource[] {
    const viaDependencies = (from.propertyDependencies?.[property] ?? []).filter((r) =>
        candidates.includes(r),
    );
    if (viaDependencies.length > 0) return viaDependencies;
    const value = stringProp(from, property);
    if (value === undefined) return [];
    const wanted = normalize(value);
    return candidates.filter((c) =>
        identifiersOf(c).some((id) => id !== undefined && normalize(id) === wanted),
    );
}

/** Groups `items` by the candidates each refers to: candidate -> the items that refer to it. */
export function groupByReference(
    items: PolicyResource[],
    property: string,
    candidates: PolicyResource[],
    identifiersOf: (candidate: PolicyResource) => (string | undefined)[],
    normalize?: (value: string) => string,
): Map<PolicyResource, PolicyResource[]> {
    const groups = new Map<PolicyResource, PolicyResource[]>(candidates.map((c) => [c, []]));
    for (const item of items) {
        for (const target of referencedBy(item, property, candidates, identifiersOf, normalize)) {
            groups.get(target)?.push(item);
        }
    }
    return groups;
}
