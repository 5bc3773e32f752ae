/**
 * Headless Chromium for the report test: Debian's `chromium` (installed by `scripts/setup.sh --chromium`),
 * driven by playwright-core, which downloads no browser of its own.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/** Where the system Chromium is looked for, first match wins; `CHROMIUM_PATH` overrides. */
export const CHROMIUM_CANDIDATES = [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
];

/** How to get Chromium, said when it is missing. */
export const CHROMIUM_HOW_TO =
    "headless Chromium is required by the report test: run `bash scripts/setup.sh --chromium` as root " +
    "(Debian: apt-get install chromium), or set CHROMIUM_PATH to a Chromium or Chrome executable";

/** The Chromium executable, or an Error saying how to install one. */
export function chromiumPath(): string {
    const override = process.env.CHROMIUM_PATH;
    if (override) {
        if (!existsSync(override))
            throw new Error(`CHROMIUM_PATH=${override} does not exist; ${CHROMIUM_HOW_TO}`);
        return override;
    }
    const found = CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));
    if (!found) throw new Error(`no Chromium at ${CHROMIUM_CANDIDATES.join(", ")}; ${CHROMIUM_HOW_TO}`);
    return found;
}

/** Launches the system Chromium headless (no sandbox when root, as in CI). */
export function launchChromium(): Promise<Browser> {
    return chromium.launch({ executablePath: chromiumPath(), headless: true, timeout: 60_000 });
}
