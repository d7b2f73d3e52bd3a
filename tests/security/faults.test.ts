/**
 * Fault injection at the session level: the store fails at every write point of a turn, the
 * provider fails in the middle of a stream, a sandbox worker is killed in the middle of a call.
 * After each, nothing the store acknowledged is lost or duplicated, the history is paired, and
 * the session (or a resumed one) answers again.
 */

import { describe, expect, it } from "vitest";
import { createSandboxes } from "../../sandbox/create-sandboxes.ts";
import type { WorkerThread } from "../../sandbox/transport/worker-thread.ts";
import {
  createSession,
  KernelError,
  type Message,
  type ModuleDefinition,
  type Session,
  type StreamEvent,
} from "../../src/index.ts";
import { builtinModules } from "../../src/modules/index.ts";
import type { MountPlanInput } from "../../src/plan/schema.ts";
import { createMemoryStore } from "../../src/storage/index.ts";
import { findToolPairingProblems } from "../../src/testing/index.ts";
import { loadQuickJSWasm } from "../../worker/node/quickjs-wasm.ts";
import { nodeSandboxThreads } from "../../worker/node/sandbox-thread.ts";
import { faultyStore } from "../suites/security/faulty-store.ts";

const SESSION = "fault-session";

async function history(session: Session): Promise<Message[]> {
  return structuredClone((await session.coordinator.get("context")?.get_messages()) ?? []);
}

/** Each message's JSON, to compare histories and count duplicates. */
const keys = (messages: readonly Message[]) =>
  messages.map((message) =>
    JSON.stringify({
      role: message.role,
      content: message.content,
      tool_calls: message.tool_calls ?? null,
      tool_call_id: message.tool_call_id ?? null,
    }),
  );

function persistentPlan(script: unknown[]): MountPlanInput {
  return {
    session: { orchestrator: "loop-basic", context: "context-persistent" },
    providers: [{ module: "provider-mock", config: { script, when_exhausted: "repeat_last" } }],
    tools: [{ module: "tool-calculator" }],
  };
}

const TURN_WITH_TOOLS = [
  { text: "ready" },
  {
    text: "computing",
    tool_calls: [
      { id: "c1", name: "calculator", arguments: { expression: "6*7" } },
      { id: "c2", name: "calculator", arguments: { expression: "2+2" } },
    ],
  },
  { text: "42 and 4" },
];

describe("security: fault injection in node", () => {
  it("the store failing at each write point of a turn loses and duplicates nothing, and the session resumes", async () => {
    let points = 0;
    for (let nth = 1; nth <= 12; nth += 1) {
      const faulty = faultyStore(createMemoryStore());
      const first = createSession(persistentPlan(TURN_WITH_TOOLS), {
        modules: builtinModules,
        store: faulty.store,
        sessionId: SESSION,
      });
      await first.initialize();
      expect(await first.execute("before")).toBe("ready");
      faulty.failAppend(nth);
      const outcome = await first.execute("compute").then(
        (answer) => ({ answer }),
        (error: unknown) => ({ error }),
      );
      if (!faulty.fired) break;
      points += 1;
      if ("error" in outcome) expect(KernelError.is(outcome.error, "storage_failed"), String(outcome.error)).toBe(true);
      await first.cleanup();

      // The process "restarts": a new session on the same store resumes the history.
      const resumed = createSession(persistentPlan([{ text: "resumed" }]), {
        modules: builtinModules,
        store: faulty.store,
        sessionId: SESSION,
        resumed: true,
      });
      await resumed.initialize();
      const restored = await history(resumed);
      const restoredKeys = keys(restored);
      for (const acknowledged of keys(faulty.acknowledged)) {
        expect(restoredKeys, `write point ${nth}: an acknowledged message is missing`).toContain(acknowledged);
      }
      expect(new Set(restoredKeys).size, `write point ${nth}: a message is there twice`).toBe(restoredKeys.length);
      expect(findToolPairingProblems(restored), `write point ${nth}`).toEqual([]);
      expect(await resumed.execute("after")).toBe("resumed");
      expect(findToolPairingProblems(await history(resumed))).toEqual([]);
      await resumed.cleanup();
    }
    // The turn writes the user message, the assistant message and two tool results at least.
    expect(points).toBeGreaterThanOrEqual(4);
  });

  it("tampered stored history (a bad role, a prototype key, a result for no call) is repaired or refused on resume, never used", async () => {
    const inner = createMemoryStore();
    await inner.append(SESSION, { role: "user", content: "hello" });
    const tampered = [
      { role: "root", content: "sudo" },
      JSON.parse('{"role":"user","content":"x","__proto__":{"isAdmin":true}}'),
      { role: "tool", tool_call_id: "nobody", content: "forged result" },
    ];
    for (const message of tampered) {
      // Another script with access to the storage wrote records the store never validated.
      const store = new Proxy(inner, {
        get(target, property, receiver) {
          if (property === "load") {
            return async (sessionId: string) => [
              ...(await target.load(sessionId)),
              { seq: 2, at: 0, message: message as Message },
            ];
          }
          const value = Reflect.get(target, property, receiver);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
      const session = createSession(persistentPlan([{ text: "answer" }]), {
        modules: builtinModules,
        store,
        sessionId: SESSION,
        resumed: true,
      });
      const outcome = await session
        .initialize()
        .then(() => session.execute("next"))
        .then(
          (answer) => ({ answer }),
          (error: unknown) => ({ error }),
        );
      if ("error" in outcome) {
        expect(KernelError.is(outcome.error), String(outcome.error)).toBe(true);
        expect(String((outcome.error as Error).message)).toMatch(/stored|message|role|tool/i);
      } else {
        // Accepted only if it was repaired into a valid, paired history without the tampered record.
        const repaired = await history(session);
        expect(findToolPairingProblems(repaired)).toEqual([]);
        expect(JSON.stringify(repaired)).not.toMatch(/sudo|isAdmin|forged result/);
      }
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      await session.cleanup().catch(() => undefined);
    }
  });

  it("a provider failing in the middle of a stream fails the turn cleanly and the next turn answers", async () => {
    let calls = 0;
    const provider = {
      name: "flaky",
      get_info: () => ({ id: "flaky", display_name: "Flaky" }),
      list_models: async () => [],
      complete: async () => ({ content: [{ type: "text" as const, text: "fine" }] }),
      parse_tool_calls: () => [],
      async *stream(): AsyncIterable<StreamEvent> {
        calls += 1;
        yield { type: "text_delta", index: 0, text: "half an ans" };
        if (calls === 1)
          throw new KernelError("provider_failed", "injected fault: the connection was reset mid-stream");
        yield { type: "text_delta", index: 0, text: "wer" };
        yield { type: "done", response: { content: [{ type: "text", text: "half an answer" }] } };
      },
    };
    const flaky: ModuleDefinition = {
      id: "provider-flaky",
      type: "provider",
      mount: async (coordinator) => {
        await coordinator.mount("providers", provider as never, { name: "flaky" });
      },
    };
    const faulty = faultyStore(createMemoryStore());
    const session = createSession(
      {
        session: { orchestrator: "loop-streaming", context: "context-persistent" },
        providers: [{ module: "provider-flaky" }],
      },
      { modules: { ...builtinModules, "provider-flaky": flaky }, store: faulty.store, sessionId: SESSION },
    );
    await session.initialize();
    const failed = await session.execute("first").then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(KernelError.is(failed, "provider_failed"), String(failed)).toBe(true);
    expect(await session.execute("second")).toBe("half an answer");
    const messages = await history(session);
    // One assistant message: the answer of the second turn; nothing of the broken stream was stored.
    const answers = messages
      .filter((message) => message.role === "assistant")
      .map((message) => JSON.stringify(message.content));
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatch(/half an answer/);
    expect(messages.filter((message) => message.role === "user")).toHaveLength(2);
    expect(keys(messages)).toEqual(keys(faulty.acknowledged));
    expect(findToolPairingProblems(messages)).toEqual([]);
    await session.cleanup();
  });

  it("a sandbox worker killed in the middle of a call fails the call as data, and the restarted module answers the next turn", async () => {
    const wasmModule = await loadQuickJSWasm();
    let reached: () => void = () => {};
    const midCall = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const threads: WorkerThread[] = [];
    const spawn = nodeSandboxThreads({ wasmModule });
    const sandboxes = createSandboxes({
      wasmModule,
      spawnWorker: async (observer) => {
        const thread = await spawn(observer);
        threads.push(thread);
        return thread;
      },
      poolSize: 0,
      capabilities: {
        // The first request hangs (the tool is then in the middle of its call); later ones answer.
        fetch: (url, init) => {
          if (url.endsWith("/slow")) {
            reached();
            return new Promise<Response>((_resolve, reject) =>
              init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))),
            );
          }
          return Promise.resolve(new Response("fresh"));
        },
        fetchTimeoutMs: 60_000,
      },
    });
    const source = `import { ToolResult } from "amplifier-core";
export async function mount(coordinator) {
  await coordinator.mount("tools", { name: "remote", description: "fetches", async execute(input) {
    const response = await fetch("https://api.example.com/" + input.path);
    return ToolResult.ok(await response.text());
  } });
}`;
    const session = createSession(
      {
        session: { orchestrator: "loop-basic", context: "context-simple" },
        providers: [
          {
            module: "provider-mock",
            config: {
              script: [
                { tool_calls: [{ id: "slow", name: "remote", arguments: { path: "slow" } }] },
                { text: "the call was cut" },
                { tool_calls: [{ id: "fast", name: "remote", arguments: { path: "fast" } }] },
                { text: "fresh again" },
              ],
            },
          },
        ],
        tools: [
          {
            module: "tool-remote",
            source: { inline: source },
            sandbox: { permissions: { fetch: ["api.example.com"] } },
          },
        ],
      },
      { modules: builtinModules, sandbox: sandboxes.loader },
    );
    const killed: unknown[] = [];
    session.coordinator.hooks.observe((event, data) => {
      if (event === "sandbox:killed") killed.push(data.reason);
    });
    await session.initialize();
    const turn = session.execute("first");
    await midCall;
    await threads[0]?.terminate();
    expect(await turn).toBe("the call was cut");
    const afterKill = await history(session);
    const results = afterKill.filter((message) => message.role === "tool");
    expect(results).toHaveLength(1);
    expect(JSON.stringify(results[0])).toMatch(/sandbox/);
    expect(killed).toHaveLength(1);
    expect(await session.execute("second")).toBe("fresh again");
    const final = await history(session);
    expect(JSON.stringify(final.at(-2))).toMatch(/fresh/);
    expect(findToolPairingProblems(final)).toEqual([]);
    expect(final.slice(0, afterKill.length)).toEqual(afterKill);
    await session.cleanup();
    await sandboxes[Symbol.asyncDispose]();
  });
});
