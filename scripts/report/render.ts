/**
 * Vega-Lite spec -> SVG text, in Node at build time: `vega-lite`'s `compile` gives a Vega spec, a headless
 * Vega `View` (`renderer: "none"`) runs its dataflow, and `view.toSVG()` writes the scene as SVG markup.
 * No browser and no canvas: without the optional `canvas` package Vega estimates text widths.
 * https://vega.github.io/vega/usage/#node
 *
 * Both packages ship ES modules only (`vega-canvas` has a top-level await), so they are loaded with a
 * dynamic `import()`, which tsx keeps native in this CommonJS tree.
 *
 * @module
 */
import type * as VegaModule from "vega";
import type * as VegaLiteModule from "vega-lite/build/index";

interface Renderer {
    readonly vega: typeof VegaModule;
    readonly vegaLite: typeof VegaLiteModule;
}

let loaded: Promise<Renderer> | undefined;

/** Loads `vega` and `vega-lite` once. */
function load(): Promise<Renderer> {
    // The specifiers are plain strings so that tsc (moduleResolution node, which skips the packages'
    // `exports`) does not resolve them; the types come from the `import type` lines above.
    const vegaName = "vega";
    const vegaLiteName = "vega-lite";
    loaded ??= Promise.all([
        import(vegaName) as Promise<typeof VegaModule>,
        import(vegaLiteName) as Promise<typeof VegaLiteModule>,
    ]).then(([vega, vegaLite]) => ({ vega, vegaLite }));
    return loaded;
}

/**
 * Renders a Vega-Lite spec to standalone SVG markup (`<svg ...>...</svg>`, white background).
 *
 * @param spec - a Vega-Lite top-level spec with inline data.
 * @param name - names the chart in errors.
 * @throws Error naming the chart when Vega-Lite rejects the spec or Vega fails to run it.
 */
export async function renderSvg(spec: VegaLiteModule.TopLevelSpec, name: string): Promise<string> {
    const { vega, vegaLite } = await load();
    let view: VegaModule.View | undefined;
    try {
        const compiled = vegaLite.compile(spec).spec;
        view = new vega.View(vega.parse(compiled), { renderer: "none" });
        return await view.toSVG();
    } catch (error) {
        throw new Error(`chart of ${name}: Vega could not render it: ${(error as Error).message}`, {
            cause: error,
        });
    } finally {
        view?.finalize();
    }
}
