/** Mount plans and bundles. */
export * from "./bundle.ts";
export * from "./compose.ts";
export * from "./env.ts";
export * from "./module-source.ts";
export * from "./parse.ts";
export * from "./safe-keys.ts";
export * from "./sandbox-options.ts";
export * from "./schema.ts";
