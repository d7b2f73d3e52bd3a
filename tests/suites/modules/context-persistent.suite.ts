/** context-persistent over a MessageStore (the in-memory store here; the same contract everywhere). */
import { describe, expect, it } from "vitest";
import type { ContextManager } from "../../../src/contracts.ts";
import { ModuleCoordinator } from "../../../src/coordinator.ts";
import type { Message } from "../../../src/models/index.ts";
import { createContextPersistent, type PersistentContext } from "../../../src/modules/context-persistent/index.ts";
import { createMemoryStore, type MessageStore } from "../../../src/storage/index.ts";
import { EventRecorder, findToolPairingProblems } from "../../../src/testing/index.ts";
import { expectViewInvariants } from "./compaction.suite.ts";
import { generateHistory } from "./history.ts";
import { setupLoop } from "./loop-harness.ts";

async function open(store: MessageStore, config: Record<string, unknown> = {}, sessionId = "persist-1") {
  const coordinator = new ModuleCoordinator({ sessionId });
  const recorder = new EventRecorder();
  recorder.attach(coordinator.hooks);
  coordinator.register_capability("session.store", store);
  await createContextPersistent().mount(coordinator, config);
  return { context: coordinator.get("context") as PersistentContext, recorder };
}

const stored = async (store: MessageStore, sessionId = "persist-1") =>
  (await store.load(sessionId)).map((record) => record.message);

/** Registers the context-persistent tests. */
export function registerPersistentContextSuite(): void {
  describe("context-persistent", () => {
    it("appends each message to the store and reopens with the same history", async () => {
      const store = createMemoryStore({ now: () => 1 });
      const { context } = await open(store);
      await context.add_message({ role: "user", content: "hello" });
      await context.add_message({ role: "assistant", content: [{ type: "text", text: "hi" }] });
      const timestamp = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      expect(await stored(store)).toEqual([
        { role: "user", content: "hello", metadata: { timestamp } },
        { role: "assistant", content: [{ type: "text", text: "hi" }], metadata: { timestamp } },
      ]);
      const reopened = await open(store);
      expect(await reopened.context.get_messages()).toEqual(await stored(store));
      expect(reopened.context.resumed).toBe(true);
    });

    it("compacts the view over stored history without rewriting the store", async () => {
      const store = createMemoryStore();
      const history = generateHistory(1_000, 11);
      for (const message of history) await store.append("persist-1", message);
      const before = JSON.stringify(await stored(store));
      const { context, recorder } = await open(store);
      const budget = Math.floor(
        history.reduce((sum, message) => sum + Math.ceil(JSON.stringify(message).length / 4), 0) * 0.4,
      );
      const view = await context.get_messages_for_request({ token_budget: budget + 800 });
      expectViewInvariants(view, history, budget);
      expect(recorder.get_events("context:compaction")).toHaveLength(1);
      expect(JSON.stringify(await stored(store))).toBe(before);
      expect((await store.getSession("persist-1"))?.messageCount).toBe(1_000);
    });

    it("repairs a crash on open: an orphaned tool call gets a synthetic result and storage:repaired is emitted", async () => {
      const store = createMemoryStore();
      const crashed: Message[] = [
        { role: "user", content: "read it" },
        {
          role: "assistant",
          content: "reading",
          tool_calls: [{ id: "x1", tool: "read_file", arguments: { file_path: "a" } }],
        },
      ];
      for (const message of crashed) await store.append("persist-1", message);
      const { context, recorder } = await open(store);
      const history = await context.get_messages();
      expect(findToolPairingProblems(history)).toEqual([]);
      expect(history[2]).toMatchObject({ role: "tool", tool_call_id: "x1" });
      expect(await stored(store)).toEqual(history);
      expect(recorder.get_events("storage:repaired")[0]?.data).toMatchObject({ session_id: "persist-1" });
    });

    it("refuses set_messages over existing history (append-only) unless allow_set_messages is on", async () => {
      const store = createMemoryStore();
      const kept: Message[] = [
        { role: "user", content: "kept" },
        { role: "assistant", content: "yes" },
      ];
      for (const message of kept) await store.append("persist-1", message);
      const { context } = await open(store);
      await expect(context.set_messages([{ role: "user", content: "other" }])).rejects.toMatchObject({
        code: "invalid_argument",
      });
      expect(await stored(store)).toEqual(kept);
      const permissive = await open(store, { allow_set_messages: true });
      await permissive.context.set_messages([{ role: "user", content: "other" }]);
      expect(await stored(store)).toEqual([{ role: "user", content: "other" }]);
    });

    it("seeds a new session with set_messages, and clear empties the store", async () => {
      const store = createMemoryStore();
      const { context } = await open(store, {}, "child-1");
      await context.set_messages([{ role: "user", content: "from the parent" }]);
      expect(await stored(store, "child-1")).toEqual([{ role: "user", content: "from the parent" }]);
      await context.clear();
      expect(await stored(store, "child-1")).toEqual([]);
      expect(await context.get_messages()).toEqual([]);
    });

    it("fails to mount without a MessageStore, saying how to give one", async () => {
      const coordinator = new ModuleCoordinator({ sessionId: "none" });
      await expect(createContextPersistent().mount(coordinator, {})).rejects.toMatchObject({
        code: "mount_failed",
        message: expect.stringContaining("pass `store` to createSession"),
      });
    });

    it("runs a loop turn on stored history: the store holds the paired turn", async () => {
      const store = createMemoryStore();
      const { context } = await open(store);
      const { execute } = await setupLoop({ context: context as ContextManager });
      expect(await execute("What is 2 ^ 8?")).toBe("The answer is 256.");
      const messages = await stored(store);
      expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
      expect(findToolPairingProblems(messages)).toEqual([]);
    });
  });
}
