/**
 * Spare instances: a module mounts in an engine prepared before it asked (runtime, context and
 * prelude ready), yet sees nothing another module did or was granted, and gets the memory and
 * stack limits its own plan sets.
 */
import { ModuleCoordinator } from "../../../src/index.ts";
import { equal, matches, ok } from "./check.ts";
import type { SandboxScenario } from "./environment.ts";
import { tool, toolModule } from "./scenarios-engine.ts";

/** A module that changes everything a module can reach in its engine, and reads a granted capability. */
const MEDDLER = `import { ToolResult } from "amplifier-core";
globalThis.leftBehind = "the first module was here";
Object.prototype.pollutedByFirst = true;
Array.prototype.map = function () { return ["replaced by the first module"]; };
JSON.stringify = () => '"replaced by the first module"';
ToolResult.prototype.markedByFirst = true;
export async function mount(coordinator) {
  const vault = coordinator.get_capability("vault");
  await coordinator.mount("tools", { name: "probe", description: "probe", execute: async () => ToolResult.ok(vault) }, { name: "probe" });
}`;

/** A module reporting what its engine looks like. */
const OBSERVER = `import { ToolResult } from "amplifier-core";
export async function mount(coordinator) {
  const vault = () => {
    try {
      coordinator.get_capability("vault");
      return "readable";
    } catch (error) {
      return error.code;
    }
  };
  await coordinator.mount("tools", { name: "probe", description: "probe", async execute() {
    return ToolResult.ok({
      leftBehind: typeof globalThis.leftBehind,
      polluted: ({}).pollutedByFirst === undefined,
      map: [1, 2].map((n) => n * 2),
      json: JSON.parse(JSON.stringify({ a: 1 })),
      marked: ToolResult.prototype.markedByFirst === undefined,
      fetch: typeof fetch,
      vault: vault(),
    });
  } }, { name: "probe" });
}`;

const CLEAN = {
  leftBehind: "undefined",
  polluted: true,
  map: [2, 4],
  json: { a: 1 },
  marked: true,
  fetch: "undefined",
  vault: "capability_denied",
};

/** Allocates `input.mib` MiB in one string and reports its length. */
const ALLOCATOR = toolModule('return ToolResult.ok("x".repeat(input.mib * 1024 * 1024).length);');

/** Recurses until the engine stops it and reports how deep it got. */
const RECURSER = toolModule(`let depth = 0;
  const down = () => { depth += 1; down(); };
  try { down(); } catch {}
  return ToolResult.ok(depth);`);

export const spareScenarios: SandboxScenario[] = [
  {
    name: "a module in a spare sees nothing another module did or was granted, before or after it stopped",
    async run(harness) {
      const sandboxes = harness.sandboxes();
      await sandboxes.warm();
      const first = new ModuleCoordinator({ sessionId: "spares" });
      first.register_capability("vault", { secret: "only for the first module" });
      const stopFirst = (await sandboxes
        .module(
          { files: { "index.js": MEDDLER }, entry: "index.js" },
          {
            id: "first",
            sandbox: harness.limits({ permissions: { capabilities: ["vault"], fetch: ["api.example.com"] } }),
          },
        )
        .mount(first, {})) as () => Promise<void>;
      equal(
        (await tool(first).execute({})).output,
        { secret: "only for the first module" },
        "the first module's grant",
      );
      // The spare prepared after the first mount serves the second module while the first still runs.
      await sandboxes.warm();
      const observe = async (id: string) => {
        const coordinator = new ModuleCoordinator({ sessionId: "spares" });
        coordinator.register_capability("vault", { secret: "not granted to this one" });
        const stop = (await sandboxes
          .module({ files: { "index.js": OBSERVER }, entry: "index.js" }, { id, sandbox: harness.limits() })
          .mount(coordinator, {})) as () => Promise<void>;
        const result = await tool(coordinator).execute({});
        await stop();
        return result;
      };
      const alongside = await observe("second");
      equal(alongside.success, true, "the second module runs");
      equal(alongside.output, CLEAN, "what the second module sees while the first runs");
      await stopFirst();
      await sandboxes.warm();
      equal((await observe("third")).output, CLEAN, "what a module sees after the first stopped");
      ok(harness.created.length === 3, "three modules, three instances");
    },
  },
  {
    name: "a module whose plan sets its memory gets that cap, not the spare's",
    releaseOnly: true,
    async run(harness) {
      const sandboxes = harness.sandboxes();
      const mount = async (id: string, memoryMiB: number | undefined) => {
        await sandboxes.warm();
        const coordinator = new ModuleCoordinator({ sessionId: "spares" });
        const stop = (await sandboxes
          .module(
            { files: { "index.js": ALLOCATOR }, entry: "index.js" },
            {
              id,
              sandbox: {
                ...(memoryMiB === undefined ? {} : { memory_mb: memoryMiB }),
                timeout_ms: 30_000,
                restarts: 0,
              },
            },
          )
          .mount(coordinator, {})) as () => Promise<void>;
        return { probe: tool(coordinator), stop };
      };
      const spare = await mount("default-memory", undefined);
      equal((await spare.probe.execute({ mib: 24 })).output, 24 * 1024 * 1024, "24 MiB fit under the default 64 MiB");
      await spare.stop();
      const capped = await mount("capped-memory", 24);
      const refused = await capped.probe.execute({ mib: 24 });
      equal(refused.success, false, "24 MiB do not fit under a 24 MiB cap");
      matches(refused.error?.message, /out of memory/, "refused for memory");
      await capped.stop();
    },
  },
  {
    name: "a module whose plan sets its stack gets that limit, not the spare's",
    async run(harness) {
      const sandboxes = harness.sandboxes();
      const depth = async (id: string, stackKiB: number | undefined) => {
        await sandboxes.warm();
        const coordinator = new ModuleCoordinator({ sessionId: "spares" });
        const stop = (await sandboxes
          .module(
            { files: { "index.js": RECURSER }, entry: "index.js" },
            // Only the stack may stop it: the time limit is out of reach.
            {
              id,
              sandbox: harness.limits({
                timeout_ms: 120_000,
                ...(stackKiB === undefined ? {} : { stack_kb: stackKiB }),
              }),
            },
          )
          .mount(coordinator, {})) as () => Promise<void>;
        const reached = (await tool(coordinator).execute({})).output as number;
        await stop();
        return reached;
      };
      const byDefault = await depth("default-stack", undefined);
      const small = await depth("small-stack", 32);
      ok(small > 0 && small < byDefault, `32 KiB stops recursion before the default (${small} vs ${byDefault})`);
    },
  },
];
