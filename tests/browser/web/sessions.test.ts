/**
 * The web client in Chromium: sessions created from plans run in the host worker, their events
 * reach the page in order, their history is stored in IndexedDB and the page can read it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { connectWorker, KernelError, type WebClient } from "../../../worker/web/index.ts";
import {
  CALCULATOR_SCRIPT,
  calculatorPlan,
  connectTestClient,
  deferred,
  expectKernelError,
  recordEvents,
  WORD_COUNT_SOURCE,
} from "./support.ts";

let client: WebClient | undefined;
afterEach(async () => {
  await client?.dispose();
  client = undefined;
});

describe("web client: sessions", () => {
  it("runs a turn and streams every event, in emission order, before the answer resolves", async () => {
    client = await connectTestClient();
    const all = recordEvents();
    const session = await client.createSession(calculatorPlan(CALCULATOR_SCRIPT), { onEvent: all.listener });
    const turn = recordEvents();
    const answer = await session.execute("What is 6 * 7?", { onEvent: turn.listener });

    expect(answer).toBe("6 * 7 = 42.");
    // The session listener saw every event, numbered without gaps.
    expect(all.events.map((event) => event.seq)).toEqual(all.events.map((_event, index) => index + 1));
    // The turn listener saw the turn's events, already there when execute resolved, in the same order.
    const names = turn.names();
    expect(names[0]).toBe("session:start");
    expect(names.at(-1)).toBe("execution:end");
    const order = ["prompt:submit", "provider:request", "tool:pre", "tool:post", "prompt:complete"];
    expect(order.map((name) => names.indexOf(name))).toEqual(
      [...order.map((name) => names.indexOf(name))].sort((a, b) => a - b),
    );
    expect(order.every((name) => names.includes(name))).toBe(true);
    const seqs = turn.events.map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(all.events.slice(-turn.events.length)).toEqual(turn.events);
    const toolPost = turn.events.find((event) => event.name === "tool:post");
    expect(toolPost?.data).toMatchObject({ tool_name: "calculator", session_id: session.id });
  });

  it("streams text deltas in order, so the page can rebuild the answer as it arrives", async () => {
    client = await connectTestClient();
    const text = "The quick brown fox jumps over the lazy dog, and then it counts to twenty: 1 2 3 4 5 6 7 8 9 10.";
    const session = await client.createSession({
      session: { orchestrator: "loop-streaming", context: "context-persistent" },
      providers: [{ module: "provider-mock", config: { script: [{ text }], stream_chunk_size: 1 } }],
    });
    const turn = recordEvents();
    const answer = await session.execute("Tell me", { onEvent: turn.listener });
    const deltas = turn.events.filter((event) => event.name === "content_block:delta");
    expect(deltas.length).toBe(text.length);
    expect(deltas.map((event) => event.data.delta).join("")).toBe(text);
    expect(answer).toBe(text);
  });

  it("keeps the stored history and shows the compacted view the provider last received", async () => {
    client = await connectTestClient();
    const plan = calculatorPlan(CALCULATOR_SCRIPT);
    const session = await client.createSession(plan, { sessionId: "history-1" });
    expect(await session.lastRequest()).toBeUndefined();
    await session.execute("What is 6 * 7?");

    const messages = await session.messages();
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(messages[0]).toMatchObject({ role: "user", content: "What is 6 * 7?" });
    const last = await session.lastRequest();
    // The second provider call got the prompt, the tool call and its result (no compaction needed).
    expect(last?.messages.map((message) => message.role)).toEqual(["user", "assistant", "tool"]);
    expect(last?.compaction).toBeUndefined();
    expect(typeof last?.at).toBe("string");
    const status = await session.status();
    expect(status).toMatchObject({ sessionId: "history-1", state: "completed", turns: 1 });
    expect(status.mounted.tools).toEqual(["calculator"]);
  });

  it("reports the figures of a compaction while the stored history stays whole", async () => {
    client = await connectTestClient();
    const long = "word ".repeat(400);
    const script = [{ text: `First: ${long}` }, { text: `Second: ${long}` }, { text: "Third." }];
    const plan = {
      session: { orchestrator: "loop-basic", context: "context-persistent" },
      providers: [
        {
          module: "provider-mock",
          config: { script, when_exhausted: "error", context_window: 1_200, max_output_tokens: 100 },
        },
      ],
    };
    const session = await client.createSession(plan);
    await session.execute(`One ${long}`);
    await session.execute(`Two ${long}`);
    await session.execute("Three?");

    const stored = await session.messages();
    expect(stored).toHaveLength(6);
    const last = await session.lastRequest();
    expect(last?.compaction).toBeDefined();
    expect(last?.compaction?.after_tokens).toBeLessThan(last?.compaction?.before_tokens ?? 0);
    expect(last?.messages.length).toBeLessThan(stored.length);
    expect(last?.messages.at(-1)).toMatchObject({ role: "user", content: "Three?" });
  });

  it("runs a sandboxed tool from source, inline and in its own worker", async () => {
    client = await connectTestClient();
    for (const placement of ["inline", "worker"] as const) {
      const events = recordEvents();
      const session = await client.createSession({
        session: { orchestrator: "loop-basic", context: "context-persistent" },
        providers: [
          {
            module: "provider-mock",
            config: {
              script: [
                { tool_calls: [{ name: "word_count", arguments: { text: "the quick brown fox" } }] },
                { text: "Four words." },
              ],
              when_exhausted: "error",
            },
          },
        ],
        tools: [{ module: "tool-word-count", source: WORD_COUNT_SOURCE, sandbox: { placement, timeout_ms: 2_000 } }],
      });
      expect((await session.status()).mounted.tools).toEqual(["word_count"]);
      expect(await session.execute("Count the words", { onEvent: events.listener })).toBe("Four words.");
      const result = events.events.find((event) => event.name === "tool:post")?.data.result;
      expect(result).toMatchObject({ success: true, output: { words: 4, characters: 19 } });
      await session.close();
    }
  });

  it("kills a sandboxed tool that never returns; the page sees why and the turn goes on", async () => {
    client = await connectTestClient();
    const hostile = `
      export async function mount(coordinator) {
        await coordinator.mount("tools", {
          name: "spin", description: "Loops forever", input_schema: { type: "object" },
          async execute() { for (;;) {} },
        }, { name: "spin" });
      }`;
    // A generous limit: mounting must never hit it, even on a loaded machine; only the loop does.
    for (const placement of ["inline", "worker"] as const) {
      // The kill notice travels on its own path from the sandbox: wait for it on the session's stream.
      const killed = deferred<Record<string, unknown>>();
      const session = await client.createSession(
        {
          session: { orchestrator: "loop-basic", context: "context-persistent" },
          providers: [
            {
              module: "provider-mock",
              config: { script: [{ tool_calls: [{ name: "spin", arguments: {} }] }, { text: "It was stopped." }] },
            },
          ],
          tools: [{ module: "tool-spin", source: { inline: hostile }, sandbox: { placement, timeout_ms: 1_000 } }],
        },
        { onEvent: (event) => event.name === "sandbox:killed" && killed.resolve(event.data) },
      );
      const turn = recordEvents();
      expect(await session.execute("Spin", { onEvent: turn.listener })).toBe("It was stopped.");
      expect(await killed.promise).toMatchObject({ module: "tool-spin", reason: "timeout" });
      const result = turn.events.find((event) => event.name === "tool:post")?.data.result;
      expect(result).toMatchObject({ success: false, error: { code: "sandbox_timeout" } });
      await session.close();
    }
  });

  it("rejects an invalid plan with invalid_plan naming each path, and stores nothing", async () => {
    client = await connectTestClient();
    const error = await expectKernelError(
      client.createSession({ session: { orchestrator: "loop-basic" }, tools: [{ module: 3 }] } as never, {
        sessionId: "bad",
      }),
      "invalid_plan",
    );
    // Paths keep their numbers across the worker boundary, and each issue its code.
    expect(error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ["session", "context"], message: expect.stringMatching(/^required/) }),
        expect.objectContaining({ path: ["tools", 0, "module"], code: "invalid_type" }),
      ]),
    );
    expect(error.message).toContain("session.context");
    expect(error.message).toContain("tools[0].module");
    expect(await client.listSessions()).toEqual([]);

    const yamlError = await expectKernelError(
      client.createSession("session:\n  orchestrator: loop-basic\n  context: context-simple\ntools: 7\n"),
      "invalid_plan",
    );
    expect(yamlError.message).toContain("tools");
  });

  it("carries kernel error codes across the worker boundary", async () => {
    client = await connectTestClient();
    const session = await client.createSession(calculatorPlan([{ text: "one" }]), { sessionId: "codes" });
    await expectKernelError(client.createSession(calculatorPlan(), { sessionId: "codes" }), "invalid_argument");
    await expectKernelError(
      client.createSession(calculatorPlan(), { sessionId: "no spaces allowed" }),
      "invalid_argument",
    );
    await expectKernelError(
      client.createSession({ session: { orchestrator: "loop-missing", context: "context-simple" } }),
      "mount_failed",
    );
    const env = await expectKernelError(
      client.createSession(calculatorPlan(), { env: { KEY: 42 as unknown as string } }),
      "invalid_argument",
    );
    expect(env.issues).toEqual([expect.objectContaining({ path: ["env", "KEY"], code: "invalid_type" })]);
    // A second turn while one runs is refused; the first still answers.
    const first = session.execute("first");
    await expectKernelError(session.execute("second"), "session_busy");
    expect(await first).toBe("one");
    // The script is exhausted: the provider fails and the turn says so.
    // The provider's error data crosses the worker boundary with its code.
    const exhausted = await expectKernelError(session.execute("again"), "provider_failed");
    expect(exhausted.data).toMatchObject({ kind: "invalid_request", retryable: false, provider: "mock" });
    await session.close();
    await expectKernelError(session.status(), "not_initialized");
    const unknown = await expectKernelError(client.resumeSession("never-created"), "invalid_argument");
    expect(unknown.issues).toEqual([expect.objectContaining({ path: ["id"], code: "not_found" })]);

    // Two calls for one id at once: exactly one opens it.
    const created = await Promise.allSettled([
      client.createSession(calculatorPlan(), { sessionId: "twice" }),
      client.createSession(calculatorPlan(), { sessionId: "twice" }),
    ]);
    expect(created.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    const opened = created.find((outcome) => outcome.status === "fulfilled");
    await opened?.value.close();
    const resumed = await Promise.allSettled([client.resumeSession("twice"), client.resumeSession("twice")]);
    const refused = resumed.find((outcome) => outcome.status === "rejected");
    expect(KernelError.is(refused?.reason, "session_busy")).toBe(true);
  });

  it("refuses what cannot be sent to the worker, and shows hook messages as display:message events", async () => {
    client = await connectTestClient();
    await expectKernelError(
      client.createSession({ ...calculatorPlan(), extra: () => "not data" } as never),
      "invalid_argument",
    );
    const hook = `
      export async function mount(coordinator) {
        coordinator.hooks.register("prompt:submit", async () => ({
          action: "continue", user_message: "Checked by the hook.", user_message_level: "warning",
        }), { name: "notice" });
      }`;
    const session = await client.createSession(
      calculatorPlan([{ text: "ok" }], {
        hooks: [{ module: "hooks-notice", source: { inline: hook }, sandbox: { permissions: { display: true } } }],
      }),
    );
    const turn = recordEvents();
    await session.execute("Hello", { onEvent: turn.listener });
    const shown = turn.events.find((event) => event.name === "display:message");
    expect(shown?.data).toMatchObject({
      message: "Checked by the hook.",
      level: "warning",
      source: "hook:hooks-notice",
    });
  });

  it("passes env values to the plan and remembers them only when asked", async () => {
    client = await connectTestClient();
    // A plan placeholder, substituted from env in the worker.
    const model = "$" + "{MODEL_NAME}";
    const plan = {
      session: { orchestrator: "loop-basic", context: "context-persistent" },
      providers: [{ module: "provider-mock", config: { model, script: [{ text: "hi" }] } }],
    };
    await expectKernelError(client.createSession(plan), "invalid_plan");
    const forgetting = await client.createSession(plan, { sessionId: "forget", env: { MODEL_NAME: "secret-model" } });
    const remembering = await client.createSession(plan, {
      sessionId: "remember",
      env: { MODEL_NAME: "secret-model" },
      rememberEnv: true,
    });
    await forgetting.close();
    await remembering.close();

    await expectKernelError(client.resumeSession("forget"), "invalid_plan");
    await (await client.resumeSession("forget", { env: { MODEL_NAME: "again" } })).close();
    const resumed = await client.resumeSession("remember");
    expect((await resumed.status()).mounted.providers).toEqual(["mock"]);
    const exported = JSON.stringify(await client.exportSession("remember"));
    expect(exported).not.toContain("secret-model");
  });

  it("fails to connect to a worker that does not start, with a clear error", async () => {
    const worker = new Worker(new URL("./broken-host-worker.ts", import.meta.url), { type: "module" });
    const error = await expectKernelError(connectWorker(worker), "internal");
    expect(error.message).toContain("failed to start");
  });

  it("closes everything on dispose: later calls fail with not_initialized", async () => {
    const disposable = await connectTestClient();
    const session = await disposable.createSession(calculatorPlan(CALCULATOR_SCRIPT));
    await disposable.dispose();
    await disposable.dispose();
    await expectKernelError(session.execute("What is 6 * 7?"), "not_initialized");
    await expectKernelError(disposable.listSessions(), "not_initialized");
  });

  it("ends the worker on dispose even when a module's cleanup never finishes", async () => {
    const worker = new Worker(new URL("./stuck-cleanup-host-worker.ts", import.meta.url), {
      type: "module",
      name: crypto.randomUUID(),
    });
    const stuck = await connectWorker(worker, { disposeTimeoutMs: 200 });
    const session = await stuck.createSession(
      calculatorPlan(CALCULATOR_SCRIPT, { hooks: [{ module: "hooks-stuck" }] }),
    );
    expect(await session.execute("What is 6 * 7?")).toContain("42");
    await stuck.dispose();
    await expectKernelError(stuck.listSessions(), "not_initialized");
  });
});
