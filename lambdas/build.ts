/**
 * Bundles a TypeScript Lambda handler into one minified CommonJS file with esbuild, ready for Pulumi to
 * package as a `FileArchive` of the output directory.
 *
 * Everything is bundled except the AWS SDK for JavaScript v3 (`@aws-sdk/*`), which every Lambda Node.js
 * runtime provides ({@link BUNDLE_RUNTIME_PROVIDED}): a pinned Glue client alone is about 330 KB minified
 * even tree-shaken (its shared `@smithy/core`, credential providers and nested STS/SSO clients), more than
 * twice the trigger's size budget, while the runtime's SDK is the one AWS patches. The code the bundle
 * does carry (Powertools, zod, our handler) is pinned in package.json. The output is deterministic (no
 * timestamps, no absolute paths, no source map), so an unchanged source gives an unchanged Pulumi asset
 * hash.
 *
 * @see https://esbuild.github.io/api/
 * @see https://docs.aws.amazon.com/lambda/latest/dg/typescript-package.html
 * @module
 */
import { mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";

/** File name of the bundle inside the output directory; the Lambda handler is `index.<export>`. */
export const BUNDLE_FILE_NAME = "index.js";

/**
 * Lambda handler setting for bundles built by {@link bundleLambda} whose entry exports `handler`.
 *
 * @defaultValue `"index.handler"`
 */
export const BUNDLE_HANDLER = "index.handler";

/**
 * esbuild `target` of the bundles: the Lambda `nodejs22.x` runtime.
 *
 * @defaultValue `"node22"`
 */
export const BUNDLE_TARGET = "node22";

/**
 * Packages the Lambda Node.js runtimes provide, left out of every bundle (esbuild `external`): the AWS SDK
 * for JavaScript v3 is preinstalled in the `nodejs18.x` and later runtimes.
 *
 * @defaultValue `["@aws-sdk/*"]`
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html
 */
export const BUNDLE_RUNTIME_PROVIDED: readonly string[] = ["@aws-sdk/*"];

/** Result of {@link bundleLambda}. */
export interface LambdaBundle {
    /** Absolute path of the bundle, `<outDir>/index.js`. */
    readonly outfile: string;
    /** Size of the bundle in bytes. */
    readonly bytes: number;
}

/** Thrown when the entry is missing, the output directory holds foreign files, or esbuild fails. */
export class LambdaBundleError extends Error {
    override readonly name = "LambdaBundleError";
}

/**
 * Bundles `entry` into `<outDir>/index.js`.
 *
 * esbuild settings: `platform: "node"`, `target: "node22"`, `format: "cjs"`, `bundle: true` with
 * {@link BUNDLE_RUNTIME_PROVIDED} external, `minify: true` (which also drops unused code: tree shaking), `sourcemap: false`, `legalComments: "none"`, `mainFields: ["module", "main"]`
 * (ES module builds of the SDK tree-shake better).
 *
 * @param entry - path of the handler's TypeScript entry, for example `"lambdas/trigger/handler.ts"`.
 * @param outDir - dedicated output directory; created when missing. It must hold nothing but a previous
 *   bundle, since Pulumi archives the whole directory.
 * @returns the bundle path and its size in bytes.
 * @throws {@link LambdaBundleError} when `entry` does not exist, `outDir` holds other files, or esbuild
 *   reports errors (the message lists them).
 */
export async function bundleLambda(entry: string, outDir: string): Promise<LambdaBundle> {
    const entryPath = path.resolve(entry);
    const outPath = path.resolve(outDir);
    const entryStat = await stat(entryPath).catch(() => undefined);
    if (entryStat?.isFile() !== true) {
        throw new LambdaBundleError(`Lambda entry "${entry}" is not a file; pass the handler's .ts path`);
    }
    await mkdir(outPath, { recursive: true });
    const foreign = (await readdir(outPath)).filter((name) => name !== BUNDLE_FILE_NAME);
    if (foreign.length > 0) {
        throw new LambdaBundleError(
            `Lambda output directory "${outDir}" holds ${foreign.join(", ")}; Pulumi archives the whole ` +
                "directory, so give each Lambda an empty directory of its own",
        );
    }
    const outfile = path.join(outPath, BUNDLE_FILE_NAME);
    try {
        await build({
            entryPoints: [entryPath],
            outfile,
            bundle: true,
            external: [...BUNDLE_RUNTIME_PROVIDED],
            treeShaking: true,
            platform: "node",
            target: BUNDLE_TARGET,
            format: "cjs",
            minify: true,
            sourcemap: false,
            legalComments: "none",
            mainFields: ["module", "main"],
            logLevel: "silent",
        });
    } catch (error) {
        const errors = (error as { errors?: Array<{ text: string }> }).errors ?? [];
        const details = errors.map((item) => item.text).join("; ") || (error as Error).message;
        throw new LambdaBundleError(`esbuild could not bundle "${entry}": ${details}`);
    }
    return { outfile, bytes: (await stat(outfile)).size };
}
