import { afterEach, describe, expect, it } from "vitest";
import { createSandboxBoundary } from "../../../sandbox/boundary/boundary.ts";
import { channelEndpoint } from "../../../sandbox/boundary/channels.ts";
import { linkSandboxHost } from "../../../sandbox/boundary/host-link.ts";
import { createInlineThread } from "../../../sandbox/boundary/inline-thread.ts";
import type { SandboxThread } from "../../../sandbox/boundary/sandbox-thread.ts";
import { WarmPool } from "../../../sandbox/boundary/warm-pool.ts";
import { startWorkerThread } from "../../../sandbox/boundary/worker-thread.ts";
import { createSandboxedModule } from "../../../sandbox/kernel/sandboxed-module.ts";
import { KernelError, ModuleCoordinator } from "../../../src/index.ts";
import { EventRecorder } from "../../../src/testing/index.ts";
import { loadQuickJSWasm } from "../../../worker/node/quickjs-wasm.ts";

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

function channel(): [MessagePort, MessagePort] {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  return [port1, port2];
}

describe("channels of one endpoint", () => {
  it("deliver each message only to its own channel, unwrapped", async () => {
    const [left, right] = channel();
    const received: [string, unknown][] = [];
    const done = new Promise<void>((resolve) => {
      channelEndpoint(right, "host").addEventListener("message", (event) => {
        received.push(["host", (event as MessageEvent).data]);
        resolve();
      });
    });
    channelEndpoint(right, "kernel").addEventListener("message", (event) =>
      received.push(["kernel", (event as MessageEvent).data]),
    );
    right.start();
    channelEndpoint(left, "thread").postMessage({ type: "ping", id: 1 });
    channelEndpoint(left, "host").postMessage({ id: "a", type: "APPLY" });
    await done;
    expect(received).toEqual([["host", { id: "a", type: "APPLY" }]]);
  });
});

describe("a host link", () => {
  it("fails calls in flight as data when severed, and later calls at once", async () => {
    const [kernelSide] = channel();
    const link = linkSandboxHost(kernelSide, {
      request: async () => ({ ok: true, value: null }),
      notify: async () => undefined,
    });
    const pending = link.api.invoke({ target: "tools:x", method: "execute", args: [] });
    expect(link.pending).toBe(1);
    link.sever({ code: "sandbox_crash", message: "the thread died" });
    expect(await pending).toEqual({ ok: false, error: { code: "sandbox_crash", message: "the thread died" } });
    expect(await link.api.stop()).toEqual({ ok: false, error: { code: "sandbox_crash", message: "the thread died" } });
    expect(link.alive).toBe(false);
  });
});

describe("starting a worker thread", () => {
  function fakeWorker(answer: "failed" | "exit") {
    const [outside, inside] = channel();
    let exit: (message: string) => void = () => undefined;
    channelEndpoint(inside, "thread").addEventListener("message", () => {
      if (answer === "exit") exit("exited with code 1");
      else
        channelEndpoint(inside, "thread").postMessage({
          type: "failed",
          error: { code: "sandbox_unavailable", message: "no wasm here" },
        });
    });
    inside.start();
    let terminated = false;
    return {
      handle: {
        endpoint: outside,
        terminate: () => {
          terminated = true;
          return undefined;
        },
        onExit: (listener: (message: string) => void) => {
          exit = listener;
        },
      },
      terminated: () => terminated,
    };
  }

  it("rejects with the thread's own error when it cannot load its engine, and ends it", async () => {
    const worker = fakeWorker("failed");
    const error = await startWorkerThread(worker.handle, {}, {}).catch((thrown: unknown) => thrown);
    expect(KernelError.is(error, "sandbox_unavailable")).toBe(true);
    expect((error as Error).message).toBe("no wasm here");
    expect(worker.terminated()).toBe(true);
  });

  it("rejects when the thread exits while starting", async () => {
    const error = await startWorkerThread(fakeWorker("exit").handle, {}, {}).catch((thrown: unknown) => thrown);
    expect((error as Error).message).toMatch(/exited while starting: exited with code 1/);
  });
});

describe("the warm pool", () => {
  function inlineSpawner(wasmModule: WebAssembly.Module) {
    const spawned: SandboxThread[] = [];
    return {
      spawned,
      spawn: async () => {
        const thread = createInlineThread({ wasmModule }, {});
        spawned.push(thread);
        return thread;
      },
    };
  }

  it("hands out ready threads and refills behind them", async () => {
    const spawner = inlineSpawner(await loadQuickJSWasm());
    const pool = new WarmPool({ spawn: spawner.spawn, size: 2 });
    await pool.warm();
    expect(pool.readyCount).toBe(2);
    const first = await pool.acquire();
    expect(first).toBe(spawner.spawned[0]);
    await pool.warm();
    expect(pool.readyCount).toBe(2);
    expect(spawner.spawned).toHaveLength(3);
    await first.terminate();
    await pool[Symbol.asyncDispose]();
    expect(pool.readyCount).toBe(0);
    for (const thread of spawner.spawned) expect(await thread.exited).toMatchObject({ cause: "terminated" });
    await expect(pool.acquire()).rejects.toThrow(/the sandbox pool was disposed/);
  });

  it("drops a warm thread that dies while waiting", async () => {
    const spawner = inlineSpawner(await loadQuickJSWasm());
    const pool = new WarmPool({ spawn: spawner.spawn, size: 1 });
    await pool.warm();
    await spawner.spawned[0]?.terminate();
    expect(pool.readyCount).toBe(0);
    const fresh = await pool.acquire();
    expect(fresh).toBe(spawner.spawned[1]);
    await fresh.terminate();
    await pool[Symbol.asyncDispose]();
  });

  it("passes on a spawn failure to the caller", async () => {
    const pool = new WarmPool({
      spawn: () => Promise.reject(new KernelError("sandbox_unavailable", "cannot start workers here")),
      size: 1,
    });
    await expect(pool.acquire()).rejects.toThrow(/cannot start workers here/);
    await pool[Symbol.asyncDispose]();
  });
});

describe("the worker watchdog", () => {
  it("terminates a worker that stops answering: its pending call fails as data with sandbox_timeout", async () => {
    const wasmModule = await loadQuickJSWasm();
    const timers: (() => void)[] = [];
    let fetched: () => void = () => undefined;
    const fetchStarted = new Promise<void>((resolve) => {
      fetched = resolve;
    });
    let wedged: SandboxThread | undefined;
    await using boundary = createSandboxBoundary({
      wasmModule,
      poolSize: 0,
      // An inline thread posing as a worker whose thread never answers a ping.
      spawnWorker: async (observer) => {
        const thread = createInlineThread({ wasmModule }, observer);
        wedged = { ...thread, placement: "worker", ping: async () => false };
        return wedged;
      },
      timers: { setTimeout: (callback) => timers.push(callback), clearTimeout: () => undefined },
      capabilities: {
        fetch: () => {
          fetched();
          return new Promise<Response>(() => undefined);
        },
      },
    });
    const coordinator = new ModuleCoordinator({ sessionId: "watchdog" });
    const events = new EventRecorder();
    events.attach(coordinator.hooks, ["sandbox:killed"]);
    const module = createSandboxedModule(
      {
        files: {
          "index.js": `import { ToolResult } from "amplifier-core";
export async function mount(coordinator) {
  await coordinator.mount("tools", { name: "slow", description: "d", async execute() { await fetch("https://api.example.com/"); return ToolResult.ok(1); } });
}`,
        },
        entry: "index.js",
      },
      {
        id: "wedged-module",
        connect: boundary.connect,
        sandbox: { placement: "worker", restarts: 0, permissions: { fetch: ["api.example.com"] } },
      },
    );
    const cleanup = (await module.mount(coordinator, {})) as () => Promise<void>;
    // The watchdog armed while mount() was in flight: it fires, finds nothing pending, and stands down.
    for (const fire of timers.splice(0)) fire();
    const pending = coordinator.get("tools", "slow")?.execute({});
    await fetchStarted;
    expect(timers).toHaveLength(1);
    timers.shift()?.();
    const result = await pending;
    expect(result?.success).toBe(false);
    expect(result?.error?.code).toBe("sandbox_timeout");
    expect(result?.error?.message).toMatch(/its worker stopped answering for more than 3000 ms and was terminated/);
    expect(await wedged?.exited).toMatchObject({ cause: "terminated" });
    expect(events.get_events("sandbox:killed").map((event) => event.data)).toEqual([
      expect.objectContaining({ module: "wedged-module", reason: "timeout", restarts_left: 0 }),
    ]);
    const after = await coordinator.get("tools", "slow")?.execute({});
    expect(after?.error?.code).toBe("sandbox_killed");
    await cleanup();
  });
});
