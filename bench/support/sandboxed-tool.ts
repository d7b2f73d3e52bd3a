/**
 * A small sandboxed tool module, mounted on a real coordinator through the one sandbox
 * composition: the common fixture of the sandbox benchmarks.
 */
import { createSandboxes, type Sandboxes } from "../../sandbox/create-sandboxes.ts";
import type { Tool } from "../../src/contracts.ts";
import { ModuleCoordinator } from "../../src/coordinator.ts";
import type { SandboxOptions } from "../../src/plan/sandbox-options.ts";
import { loadQuickJSWasm } from "../../worker/node/quickjs-wasm.ts";
import { nodeSandboxThreads } from "../../worker/node/sandbox-thread.ts";

/** The guest source: one tool that adds two numbers and echoes a label (small JSON in and out). */
export const ADD_TOOL_SOURCE = `import { ToolResult } from "amplifier-core";
export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "add",
    description: "Adds a and b.",
    input_schema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" }, label: { type: "string" } } },
    async execute(input) {
      return ToolResult.ok({ sum: input.a + input.b, label: input.label });
    },
  }, { name: "add" });
}
`;

/** A guest tool that never returns: `execute` spins until the sandbox's CPU guard stops it. */
export const SPIN_TOOL_SOURCE = `export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "add",
    description: "Spins forever.",
    input_schema: { type: "object" },
    execute() {
      for (;;) {}
    },
  }, { name: "add" });
}
`;

/** The small JSON input every tool-call benchmark sends. */
export const ADD_INPUT = Object.freeze({ a: 20, b: 22, label: "bench" });

/** A mounted sandboxed tool and the cleanup that stops its sandbox. */
export interface MountedTool {
  readonly tool: Tool;
  readonly coordinator: ModuleCoordinator;
  cleanup(): Promise<void>;
}

/** Options of {@link mountSandboxedTool}. */
export interface MountOptions {
  readonly source?: string;
  /** The plan's `sandbox:` block (placement, limits). */
  readonly sandbox?: SandboxOptions;
}

let counter = 0;

/** Creates the sandboxed module of {@link ADD_TOOL_SOURCE} (or `source`); mount it with `.mount(coordinator, {})`. */
export function sandboxedToolModule(sandboxes: Sandboxes, options: MountOptions = {}) {
  return sandboxes.module(
    { files: { "index.js": options.source ?? ADD_TOOL_SOURCE }, entry: "index.js" },
    { id: "tool-add", kind: "tool", ...(options.sandbox ? { sandbox: options.sandbox } : {}) },
  );
}

/** A fresh coordinator for one mounted module. */
export function benchCoordinator(): ModuleCoordinator {
  counter += 1;
  return new ModuleCoordinator({ sessionId: `bench-${counter}` });
}

/** Mounts the tool module in a fresh sandbox on a fresh coordinator. */
export async function mountSandboxedTool(sandboxes: Sandboxes, options: MountOptions = {}): Promise<MountedTool> {
  const coordinator = benchCoordinator();
  const cleanup = await sandboxedToolModule(sandboxes, options).mount(coordinator, {});
  const tool = coordinator.get("tools", "add") as Tool | undefined;
  if (!tool || typeof cleanup !== "function") throw new Error("the sandboxed tool did not mount");
  return { tool, coordinator, cleanup: async () => void (await cleanup()) };
}

/** The node sandboxes the benchmarks use: one warm worker thread, one spare engine for `placement: inline`. */
export async function nodeSandboxes(): Promise<Sandboxes> {
  const wasmModule = await loadQuickJSWasm();
  const sandboxes = createSandboxes({ wasmModule, spawnWorker: nodeSandboxThreads({ wasmModule }) });
  await sandboxes.warm();
  return sandboxes;
}
