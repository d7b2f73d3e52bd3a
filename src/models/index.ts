/** The data models of the kernel: zod schemas and their inferred types. */
export * from "./approval.ts";
export * from "./chat-request.ts";
export * from "./chat-response.ts";
export * from "./content-block.ts";
export * from "./hook-result.ts";
export * from "./json.ts";
export * from "./llm-error.ts";
export * from "./message.ts";
export * from "./module-info.ts";
export * from "./provider-info.ts";
export * from "./sanitize.ts";
export * from "./session-status.ts";
export * from "./stream-event.ts";
export * from "./tool-call.ts";
export * from "./tool-result.ts";
export * from "./tool-spec.ts";
export * from "./usage.ts";
