/**
 * The Worker entry that `wrangler dev` and `wrangler deploy` run (wrangler.toml `main`). An entry
 * module may export only handlers and classes, so it re-exports the default Worker and its
 * Durable Object class from the public API (`index.ts`), which also exports helpers and types.
 */
export { default, SessionObject } from "./index.ts";
