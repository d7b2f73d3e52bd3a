/** Module and mount-plan validation. */
export * from "./check.ts";
export * from "./module.ts";
export * from "./plan.ts";
