/**
 * The trigger's zod: the tree-shakable `zod/mini` build with English messages, about 20 KB in the bundle
 * instead of about 450 KB for the classic `zod` import. Import it as `import * as z from "./zod"`.
 *
 * @see https://zod.dev/packages/mini
 * @module
 */
import { en } from "zod/locales";
import { config } from "zod/mini";

config(en());

export * from "zod/mini";
