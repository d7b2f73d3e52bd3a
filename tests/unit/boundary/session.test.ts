/**
 * Node: a whole session whose five modules are sandboxed, placed per plan entry (the loop, the
 * provider and the tool in worker threads, the context and the hook inline); session cleanup
 * disposes every sandbox and ends every worker.
 */
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { createSandboxBoundary } from "../../../sandbox/boundary/boundary.ts";
import { createSandboxLoader } from "../../../sandbox/loader.ts";
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
  await using boundary = createSandboxBoundary({
    wasmModule,
    spawnWorker: nodeSandboxThreads({ wasmModule }),
    poolSize: 2,
  });
  await boundary.warm();
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
    sandbox: createSandboxLoader({
      connect: boundary.connect,
      readFile: (path) => readFile(new URL(path.replace(/^\/plans\//, ""), examples), "utf8"),
    }),
    planDir: "/plans",
    sessionId: "placed-per-plan",
  });
  const recorder = new EventRecorder();
  recorder.attach(session.coordinator.hooks, ["sandbox:started"]);
  await session.initialize();
  expect(session.status().failedModules).toEqual([]);
  expect(recorder.get_events("sandbox:started")).toHaveLength(5);
  const placements = [...boundary.hosts].map((host) => host.thread?.placement).sort();
  expect(placements).toEqual(["inline", "inline", "worker", "worker", "worker"]);
  expect(await session.execute("count words: one two three")).toBe(
    'echo: the tool said {"words":3,"lines":1,"characters":13}',
  );
  const threads = [...boundary.hosts].map((host) => host.thread);
  await session.cleanup();
  expect(boundary.hosts.size).toBe(0);
  for (const thread of threads) expect(await thread?.exited).toMatchObject({ cause: "terminated" });
}, 60_000);
