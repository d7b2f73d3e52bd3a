/**
 * The sandboxed module the boundary fuzzers talk to: an echo tool (values host → guest → host), a
 * tool that builds hostile values from a recipe inside the guest, and a hook that returns whatever
 * hook result it is handed. One instance serves a whole property; its kills restart it.
 */
import type { QuickJSSyncVariant } from "quickjs-emscripten-core";
import { createSandboxes } from "../../../sandbox/create-sandboxes.ts";
import { ModuleCoordinator, type Tool } from "../../../src/index.ts";
import { limitsForBuild } from "../sandbox/environment.ts";
import { RECIPE_KEY } from "./fuzz-arbitraries.ts";

const FUZZ_MODULE = `import { ToolResult } from "amplifier-core";
function build(node) {
  if (Array.isArray(node)) return node.map(build);
  if (node === null || typeof node !== "object") return node;
  switch (node[${JSON.stringify(RECIPE_KEY)}]) {
    case "bigint": return 2n ** 70n;
    case "function": return function hidden() {};
    case "symbol": return Symbol("s");
    case "cycle": { const self = { name: "cycle" }; self.self = self; return self; }
    case "throwing-getter": return { get boom() { throw new Error("getter threw"); } };
    case "undefined": return undefined;
    case "date": return new Date(0);
    case "map": return new Map([[1, 2]]);
    case "object": {
      const out = {};
      for (const key of Object.keys(node.entries)) out[key] = build(node.entries[key]);
      return out;
    }
    default: return node;
  }
}
export async function mount(coordinator) {
  await coordinator.mount("tools", { name: "echo", description: "echo", async execute(input) { return ToolResult.ok(input.value); } });
  await coordinator.mount("tools", { name: "build", description: "build", async execute(input) { return ToolResult.ok(build(input.recipe)); } });
  coordinator.hooks.register("fuzz:event", async (_event, data) => data.result);
}
`;

/** A mounted fuzz module and what its sandboxes reported when they were disposed. */
export interface FuzzSandbox extends AsyncDisposable {
  readonly coordinator: ModuleCoordinator;
  readonly echo: Tool;
  readonly build: Tool;
  /** Problems reported when instances were disposed (leaks, failed releases); empty when clean. */
  readonly disposeProblems: string[];
  /** Engine instances created and disposed so far. */
  readonly instances: { created: number; disposed: number };
}

/**
 * Mounts the fuzz module on a fresh coordinator (release build unless `variant` says otherwise; the
 * debug build gets the debug build's limits: more memory to start in, ten times the time).
 */
export async function openFuzzSandbox(
  wasmModule: WebAssembly.Module,
  variant?: QuickJSSyncVariant,
): Promise<FuzzSandbox> {
  const disposeProblems: string[] = [];
  const instances = { created: 0, disposed: 0 };
  const sandboxes = createSandboxes({
    wasmModule,
    variant,
    build: variant ? "debug" : "release",
    onCreated: () => {
      instances.created += 1;
    },
    onDisposed: (report) => {
      instances.disposed += 1;
      if (report.leaked) disposeProblems.push(`${report.moduleId} leaked memory`);
      // An instance killed mid-call may fail its own release; a clean one must not.
      if (!report.killed && report.errors.length > 0) disposeProblems.push(...report.errors);
    },
  });
  const coordinator = new ModuleCoordinator({ sessionId: "fuzz" });
  const module = sandboxes.module(
    { files: { "index.js": FUZZ_MODULE }, entry: "index.js" },
    {
      id: "tool-fuzz",
      sandbox: limitsForBuild(variant ? "debug" : "release", {
        restarts: 1_000_000,
        permissions: { hooks: ["fuzz:event"], transcript: true },
      }),
    },
  );
  const cleanup = (await module.mount(coordinator, {})) as () => Promise<void>;
  const echo = coordinator.get("tools", "echo");
  const build = coordinator.get("tools", "build");
  if (!echo || !build) throw new Error("the fuzz module did not mount its tools");
  return {
    coordinator,
    echo,
    build,
    disposeProblems,
    instances,
    async [Symbol.asyncDispose]() {
      await cleanup();
      await sandboxes[Symbol.asyncDispose]();
    },
  };
}
