/**
 * Spare engine instances, counted: each is handed out once, replaced only after the mount it
 * served, prepared on the spot for limits other than the spares', and disposed with the sandboxes
 * (a spare still being prepared included), so no instance outlives its owner. (What a module in a
 * spare can see and which limits it gets: tests/suites/sandbox/scenarios-spares.ts, every runtime.)
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createSandboxes } from "../../../sandbox/create-sandboxes.ts";
import { GuestInstance } from "../../../sandbox/runner/guest-instance.ts";
import { SpareInstances } from "../../../sandbox/runner/spare-instances.ts";
import { ModuleCoordinator } from "../../../src/index.ts";
import { loadQuickJSWasm } from "../../../worker/node/quickjs-wasm.ts";

const DEFAULT = { memoryMiB: 64, stackBytes: 256 * 1024 };

const TOOL = `import { ToolResult } from "amplifier-core";
export async function mount(coordinator) {
  await coordinator.mount("tools", { name: "probe", description: "probe", execute: async () => ToolResult.ok(1) }, { name: "probe" });
}`;

let wasmModule: WebAssembly.Module;
beforeAll(async () => {
  wasmModule = await loadQuickJSWasm();
});

/** Records every instance the engine prepares from now on. */
function recordInstances() {
  let count = 0;
  const ready: GuestInstance[] = [];
  const prepare = GuestInstance.prepare.bind(GuestInstance);
  vi.spyOn(GuestInstance, "prepare").mockImplementation((...args) => {
    count += 1;
    const instance = prepare(...args);
    void instance.then((prepared) => ready.push(prepared));
    return instance;
  });
  return {
    get count() {
      return count;
    },
    /** Right now: instances still being prepared, and those prepared and not disposed. */
    open(): { preparing: number; alive: number } {
      return { preparing: count - ready.length, alive: ready.filter((instance) => instance.alive).length };
    },
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("SpareInstances", () => {
  it("hands a spare out once and replaces it only when told the mount is over", async () => {
    const instances = recordInstances();
    const refills: (() => void)[] = [];
    const spares = new SpareInstances({ wasmModule }, { ...DEFAULT, schedule: (refill) => refills.push(refill) });
    await spares.warm();
    expect([spares.count, instances.count]).toEqual([1, 1]);
    const first = await spares.take(DEFAULT.memoryMiB, DEFAULT.stackBytes);
    expect([spares.count, instances.count, refills.length]).toEqual([0, 1, 0]);
    spares.replenish();
    spares.replenish();
    expect(refills.length).toBe(1);
    refills[0]?.();
    expect([spares.count, instances.count]).toEqual([1, 2]);
    const second = await spares.take(DEFAULT.memoryMiB, DEFAULT.stackBytes);
    expect(second).not.toBe(first);
    first.dispose();
    second.dispose();
    await spares.dispose();
    expect(instances.open()).toEqual({ preparing: 0, alive: 0 });
  });

  it("prepares an instance on the spot for other limits, with those limits, and keeps the spare", async () => {
    const instances = recordInstances();
    const spares = new SpareInstances({ wasmModule }, { ...DEFAULT, schedule: () => undefined });
    await spares.warm();
    const small = await spares.take(32, DEFAULT.stackBytes);
    const shallow = await spares.take(DEFAULT.memoryMiB, 64 * 1024);
    expect([small.memoryMiB, shallow.memoryMiB]).toEqual([32, DEFAULT.memoryMiB]);
    expect([spares.count, instances.count]).toEqual([1, 3]);
    small.dispose();
    shallow.dispose();
    await spares.dispose();
    expect(instances.open()).toEqual({ preparing: 0, alive: 0 });
  });

  it("with refill off (a worker thread's), the one spare is never replaced", async () => {
    const instances = recordInstances();
    const refills: (() => void)[] = [];
    const spares = new SpareInstances(
      { wasmModule },
      { ...DEFAULT, refill: false, schedule: (refill) => refills.push(refill) },
    );
    await spares.warm();
    const taken = await spares.take(DEFAULT.memoryMiB, DEFAULT.stackBytes);
    spares.replenish();
    expect([spares.count, instances.count, refills.length]).toEqual([0, 1, 0]);
    taken.dispose();
    await spares.dispose();
  });
});

describe("createSandboxes: spare instances", () => {
  it("disposes its spares with the sandboxes, one still being prepared included: no instance is left", async () => {
    const instances = recordInstances();
    const sandboxes = createSandboxes({ wasmModule, defaultPlacement: "inline" });
    for (const id of ["first", "second"]) {
      await sandboxes.warm();
      const coordinator = new ModuleCoordinator({ sessionId: "spares" });
      const stop = (await sandboxes
        .module({ files: { "index.js": TOOL }, entry: "index.js" }, { id })
        .mount(coordinator, {})) as () => Promise<void>;
      expect((await coordinator.get("tools", "probe")?.execute({}))?.output).toBe(1);
      await stop();
    }
    // A spare on its way when the sandboxes go: it is disposed once it is ready, before disposal resolves.
    void sandboxes.warm();
    await sandboxes[Symbol.asyncDispose]();
    expect(instances.count).toBe(3);
    expect(instances.open()).toEqual({ preparing: 0, alive: 0 });
  });

  it("with spares: 0, every mount prepares its own instance and nothing is kept", async () => {
    const instances = recordInstances();
    const sandboxes = createSandboxes({ wasmModule, defaultPlacement: "inline", spares: 0 });
    await sandboxes.warm();
    expect(instances.count).toBe(0);
    const coordinator = new ModuleCoordinator({ sessionId: "spares" });
    const stop = (await sandboxes
      .module({ files: { "index.js": TOOL }, entry: "index.js" }, { id: "alone" })
      .mount(coordinator, {})) as () => Promise<void>;
    await stop();
    await sandboxes[Symbol.asyncDispose]();
    expect(instances.count).toBe(1);
    expect(instances.open()).toEqual({ preparing: 0, alive: 0 });
  });
});
