/**
 * Entry point of the medallion-lake source component package (PulumiPlugin.yaml `main`): exports only the
 * schema-friendly components that `pulumi package add` turns into SDKs for other languages.
 */
export { MEDALLION_LAKE_DEFAULTS, MedallionLake, type MedallionLakeArgs } from "./medallion-lake";
