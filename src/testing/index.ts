/// <reference lib="esnext.disposable" preserve="true" />
/** Test doubles for modules and hosts (public subpath `amplifier-edge/testing`). */
export * from "./event-recorder.ts";
export * from "./in-memory-context.ts";
export * from "./mock-context.ts";
export * from "./mock-coordinator.ts";
export * from "./mock-provider.ts";
export * from "./mock-tool.ts";
export * from "./scripted-orchestrator.ts";
export * from "./test-coordinator.ts";
export * from "./tool-pairing.ts";
export * from "./wait-for.ts";
