/**
 * Bundles a TypeScript Lambda handler into one minified CommonJS file with esbuild, ready for Pulumi to
 * package as a `FileArchive` of the output directory.
 *
 * Everything is bundled, the AWS SDK v3 clients included: the function then runs the pinned client
 * versions rather than whatever the Node.js runtime ships. The output is deterministic (no timestamps,
 * no absolute paths, no source map), so an unchanged source gives an unchanged Pulumi asset hash.
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
 * esbuild settings: `platform: "node"`, `target: "node22"`, `format: "cjs"`, `bundle: true` with no
 * externals, `minify: true`, `sourcemap: false`, `legalComments: "none"`, `mainFields: ["module", "main"]`
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
