import { afterEach, describe, expect, it } from "vitest";
import { createSandboxes } from "../../../sandbox/create-sandboxes.ts";
import { linkWorkerThread } from "../../../sandbox/transport/thread-link.ts";
import {
  isKernelToThread,
  isThreadToKernel,
  type MessageEndpoint,
} from "../../../sandbox/transport/thread-messages.ts";
import { serveRunnerThread } from "../../../sandbox/transport/thread-runner.ts";
import { WarmPool } from "../../../sandbox/transport/warm-pool.ts";
import { startWorkerThread, type WorkerThread } from "../../../sandbox/transport/worker-thread.ts";
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

const endpoint = (port: MessagePort) => port as unknown as MessageEndpoint;

/** A runner served on this thread over a MessageChannel: the whole worker protocol, without a worker. */
async function inProcessThread(wasmModule: WebAssembly.Module): Promise<WorkerThread> {
  const [outside, inside] = channel();
  serveRunnerThread(endpoint(inside), async () => ({ wasmModule }));
  return startWorkerThread(
    {
      endpoint: endpoint(outside),
      terminate: () => {
        outside.close();
        inside.close();
        return undefined;
      },
      onExit: () => undefined,
    },
    {},
    {},
  );
}

describe("the messages of a worker thread", () => {
  it("are acted on only by name: comlink-style property paths and malformed messages are ignored", () => {
    expect(isKernelToThread({ type: "call", id: 1, method: "invoke", params: {} })).toBe(true);
    expect(isKernelToThread({ type: "call", id: 1, method: "constructor", params: {} })).toBe(false);
    expect(isKernelToThread({ id: "a", type: "SET", path: ["__proto__", "polluted"], value: {} })).toBe(false);
    expect(isKernelToThread({ type: "APPLY", path: ["start"], argumentList: [] })).toBe(false);
    expect(isThreadToKernel({ type: "reply", id: 1, result: { ok: true, value: 1 } })).toBe(true);
    expect(isThreadToKernel({ type: "reply", id: 1, result: { ok: false } })).toBe(false);
    expect(isThreadToKernel({ type: "notice", notice: { type: "killed", reason: "made-up", message: "x" } })).toBe(
      false,
    );
    expect(isThreadToKernel({ type: "request", id: -1, request: { op: "mount" } })).toBe(false);
    expect(isThreadToKernel({ type: "GET", path: ["request"] })).toBe(false);
  });
});

describe("a worker link", () => {
  it("fails calls in flight as data when its thread exits, and later calls at once", async () => {
    const [outside] = channel();
    let exit: (value: { cause: "crashed"; message: string }) => void = () => undefined;
    const thread: WorkerThread = {
      endpoint: endpoint(outside),
      exited: new Promise((resolve) => {
        exit = resolve;
      }),
      ping: async () => true,
      terminate: async () => undefined,
    };
    const link = linkWorkerThread(thread, {
      request: async () => ({ ok: true, value: null }),
      notify: () => undefined,
    });
    const pending = link.api.invoke({ target: "tools:x", method: "execute", args: [] });
    expect(link.pending).toBe(1);
    exit({ cause: "crashed", message: "exited with code 1" });
    const failure = {
      ok: false,
      error: {
        code: "sandbox_crash",
        message: "its sandbox thread died (exited with code 1)",
        data: { reason: "crash" },
      },
    };
    expect(await pending).toEqual(failure);
    expect(await link.api.stop()).toEqual(failure);
  });
});

describe("starting a worker thread", () => {
  function fakeWorker(answer: "failed" | "exit") {
    const [outside, inside] = channel();
    let exit: (message: string) => void = () => undefined;
    inside.addEventListener("message", () => {
      if (answer === "exit") exit("exited with code 1");
      else inside.postMessage({ type: "failed", error: { code: "sandbox_unavailable", message: "no wasm here" } });
    });
    inside.start();
    let terminated = false;
    return {
      handle: {
        endpoint: endpoint(outside),
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
  function fakeSpawner() {
    const spawned: (WorkerThread & { end(): void })[] = [];
    return {
      spawned,
      spawn: async () => {
        let end: () => void = () => undefined;
        const exited = new Promise<{ cause: "terminated"; message: string }>((resolve) => {
          end = () => resolve({ cause: "terminated", message: "ended" });
        });
        const [outside] = channel();
        const thread = {
          endpoint: endpoint(outside),
          exited,
          ping: async () => true,
          terminate: async () => end(),
          end,
        };
        spawned.push(thread);
        return thread;
      },
    };
  }

  it("hands out ready threads and refills behind them", async () => {
    const spawner = fakeSpawner();
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
    const spawner = fakeSpawner();
    const pool = new WarmPool({ spawn: spawner.spawn, size: 1 });
    await pool.warm();
    spawner.spawned[0]?.end();
    await spawner.spawned[0]?.exited;
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
  it("terminates a worker that stops answering, with or without a call in flight: the call fails with sandbox_timeout", async () => {
    const wasmModule = await loadQuickJSWasm();
    const timers: (() => void)[] = [];
    let fetched: () => void = () => undefined;
    const fetchStarted = new Promise<void>((resolve) => {
      fetched = resolve;
    });
    let wedged: WorkerThread | undefined;
    let answering = true;
    await using sandboxes = createSandboxes({
      wasmModule,
      poolSize: 0,
      // The whole worker protocol on this thread, posing as a worker whose thread stops answering pings.
      spawnWorker: async () => {
        const thread = await inProcessThread(wasmModule);
        wedged = { ...thread, ping: async (ms) => answering && thread.ping(ms) };
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
    const module = sandboxes.module(
      {
        files: {
          "index.js": `import { ToolResult } from "amplifier-core";
export async function mount(coordinator) {
  await coordinator.mount("tools", { name: "slow", description: "d", async execute() { await fetch("https://api.example.com/"); return ToolResult.ok(1); } });
}`,
        },
        entry: "index.js",
      },
      { id: "wedged-module", sandbox: { restarts: 0, permissions: { fetch: ["api.example.com"] } } },
    );
    const cleanup = (await module.mount(coordinator, {})) as () => Promise<void>;
    // The watchdog pings while the module lives, calls in flight or not: an answering worker keeps it armed.
    expect(timers).toHaveLength(1);
    timers.shift()?.();
    await expect.poll(() => timers.length).toBe(1);
    const pending = coordinator.get("tools", "slow")?.execute({});
    await fetchStarted;
    answering = false;
    timers.shift()?.();
    const result = await pending;
    expect(result?.success).toBe(false);
    expect(result?.error?.code).toBe("sandbox_timeout");
    expect(result?.error?.message).toMatch(/its worker stopped answering for more than 3000 ms and was terminated/);
    expect(await wedged?.exited).toMatchObject({ cause: "terminated" });
    expect(events.get_events("sandbox:killed").map((event) => event.data)).toEqual([
      expect.objectContaining({ module: "wedged-module", reason: "unresponsive", restarts_left: 0 }),
    ]);
    const after = await coordinator.get("tools", "slow")?.execute({});
    expect(after?.error?.code).toBe("sandbox_killed");
    await cleanup();
  });
});
