/**
 * Node: a whole session whose five modules are sandboxed, placed per plan entry (the loop, the
 * provider and the tool in worker threads, the context and the hook inline); session cleanup
 * stops every sandbox, and disposing the sandboxes ends every worker (the warm pool's included).
 */
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { createSandboxes } from "../../../sandbox/create-sandboxes.ts";
import type { WorkerThread } from "../../../sandbox/transport/worker-thread.ts";
import { createSession } from "../../../src/index.ts";
import { EventRecorder } from "../../../src/testing/index.ts";
import { loadQuickJSWasm } from "../../../worker/node/quickjs-wasm.ts";
import { nodeSandboxThreads } from "../../../worker/node/sandbox-thread.ts";

const examples = new URL("../../../examples/modules/", import.meta.url);

function entry(example: string, placement: "inline" | "worker", extra: Record<string, unknown> = {}) {
  return { module: example, source: `./${example}/index.js`, sandbox: { placement }, ...extra };
}

it("a session places each sandboxed module per its plan entry, and cleanup ends every sandbox", async () => {
  const wasmModule = await loadQuickJSWasm();
  const threads: WorkerThread[] = [];
  const spawn = nodeSandboxThreads({ wasmModule });
  let running = 0;
  const sandboxes = createSandboxes({
    wasmModule,
    spawnWorker: async (observer) => {
      const thread = await spawn(observer);
      threads.push(thread);
      return thread;
    },
    poolSize: 2,
    onCreated: () => {
      running += 1;
    },
    onDisposed: () => {
      running -= 1;
    },
    readFile: (path) => readFile(new URL(path.replace(/^\/plans\//, ""), examples), "utf8"),
  });
  await sandboxes.warm();
  const plan = {
    session: {
      orchestrator: entry("loop-simple", "worker", { config: { max_iterations: 4 } }),
      context: entry("context-window", "inline"),
    },
    providers: [entry("provider-echo", "worker")],
    tools: [entry("tool-word-count", "worker")],
    hooks: [entry("hooks-guard", "inline", { config: { deny: ["rm"] } })],
  };
  const session = createSession(plan, {
    sandbox: sandboxes.loader,
    planDir: "/plans",
    sessionId: "placed-per-plan",
  });
  const recorder = new EventRecorder();
  recorder.attach(session.coordinator.hooks, ["sandbox:started"]);
  await session.initialize();
  expect(session.status().failedModules).toEqual([]);
  expect(recorder.get_events("sandbox:started")).toHaveLength(5);
  expect(running).toBe(5);
  // Three modules in workers (two from the warm pool, one started on demand), two inline; the pool refilled behind them.
  expect(threads.length).toBeGreaterThanOrEqual(3);
  expect(await session.execute("count words: one two three")).toBe(
    'echo: the tool said {"words":3,"lines":1,"characters":13}',
  );
  await session.cleanup();
  expect(running).toBe(0);
  await sandboxes[Symbol.asyncDispose]();
  for (const thread of threads) expect(await thread.exited).toMatchObject({ cause: "terminated" });
}, 60_000);
