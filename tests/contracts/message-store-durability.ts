/**
 * Contract: what survives a reopen, concurrent writers, the session lock, and resume repair.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KernelError } from "../../src/errors.ts";
import type { Message } from "../../src/models/index.ts";
import { INTERRUPTED_TURN_TEXT, type MessageStore, resumeSession } from "../../src/storage/index.ts";
import {
  eventRecorder,
  manualClock,
  messagesOf,
  type StoreHarness,
  type StoreSubject,
  sample,
} from "./message-store-harness.ts";

/** Registers the durability, concurrency and resume part of the contract. */
export function durabilityContract(subject: StoreSubject): void {
  const open = subject.open;
  describe("durability and concurrency", () => {
    let harness: StoreHarness;
    let store: MessageStore;
    const clock = manualClock();
    const extra: MessageStore[] = [];

    beforeEach(async () => {
      harness = await open({ now: clock.now });
      store = harness.store;
    });
    afterEach(async () => {
      for (const other of extra.splice(0)) await other.close();
      await store.close();
      await harness.dispose?.();
    });

    it("gives concurrent appends distinct, gap-free sequence numbers and keeps every message once", async () => {
      const texts = Array.from({ length: 24 }, (_, index) => `concurrent ${index}`);
      const seqs = await Promise.all(texts.map((text) => store.append("s1", sample.user(text))));
      expect([...seqs].sort((left, right) => left - right)).toEqual(texts.map((_, index) => index + 1));
      const loaded = await store.load("s1");
      expect(loaded.map((record) => record.seq)).toEqual(texts.map((_, index) => index + 1));
      const bySeq = new Map(loaded.map((record) => [record.seq, record.message]));
      for (const [index, text] of texts.entries()) {
        expect(bySeq.get(seqs[index] as number)).toEqual(sample.user(text));
      }
    });

    it("makes the other writers of a session wait while its lock is held", async () => {
      const { outside } = await store.withSessionLock("s1", async (session) => {
        expect(await session.append(sample.user("inside 1"))).toBe(1);
        const outside = store.append("s1", sample.user("outside"));
        expect(await session.append(sample.user("inside 2"))).toBe(2);
        expect((await session.load()).map((record) => record.seq)).toEqual([1, 2]);
        return { outside };
      });
      expect(await outside).toBe(3);
      expect(await messagesOf(store, "s1")).toEqual([
        sample.user("inside 1"),
        sample.user("inside 2"),
        sample.user("outside"),
      ]);
    });

    it("refuses the locked session's operations once the lock is released", async () => {
      let escaped: { append(message: Message): Promise<number> } | undefined;
      await store.withSessionLock("s1", async (session) => {
        escaped = session;
      });
      await expect(escaped?.append(sample.user("late"))).rejects.toSatisfy((error) =>
        KernelError.is(error, "storage_failed"),
      );
      expect(await store.load("s1")).toEqual([]);
    });

    const durableIt = subject.durable ? it : undefined;
    const sharedIt = subject.durable && subject.sharedWriters ? it : undefined;

    durableIt?.("keeps history, metadata and values across a reopen, and appends after them", async () => {
      if (harness.reopen === undefined) throw new Error("a durable subject must offer reopen");
      clock.advance();
      await store.append("s1", sample.user("before reload"));
      await store.append("s1", sample.toolCall(["call_1"]));
      await store.append("s1", sample.toolResult("call_1"));
      await store.setValue("s1", "approvals", { calculator: "always" });
      const before = await store.load("s1");
      const info = await store.getSession("s1");
      await store.close();
      store = await harness.reopen({ now: clock.now });
      expect(await store.load("s1")).toEqual(before);
      expect(await store.getSession("s1")).toEqual(info);
      expect(await store.getValue("s1", "approvals")).toEqual({ calculator: "always" });
      expect(await store.append("s1", sample.assistant("after reload"))).toBe(4);
    });

    sharedIt?.("lets two stores over the same data append to one session with no loss and no duplicate", async () => {
      if (harness.reopen === undefined) throw new Error("a durable subject must offer reopen");
      const other = await harness.reopen({ now: clock.now });
      extra.push(other);
      const writes = Array.from({ length: 20 }, (_, index) => {
        const writer = index % 2 === 0 ? store : other;
        return writer.append("s1", sample.user(`${index % 2 === 0 ? "A" : "B"}${index}`));
      });
      const seqs = await Promise.all(writes);
      expect(new Set(seqs).size).toBe(20);
      const texts = (await messagesOf(other, "s1")).map((message) => message.content);
      expect(texts).toHaveLength(20);
      expect([...texts].sort()).toEqual(
        Array.from({ length: 20 }, (_, index) => `${index % 2 === 0 ? "A" : "B"}${index}`).sort(),
      );
      expect((await store.load("s1")).map((record) => record.seq)).toEqual(seqs.toSorted((a, b) => a - b));
    });
  });

  describe("resume", () => {
    let harness: StoreHarness;
    let store: MessageStore;

    beforeEach(async () => {
      harness = await open({});
      store = harness.store;
    });
    afterEach(async () => {
      await store.close();
      await harness.dispose?.();
    });

    it("repairs a crash after the assistant's tool calls: synthetic results, a closed turn, one event", async () => {
      await store.append("s1", sample.user("compute two things"));
      await store.append("s1", sample.toolCall(["call_a", "call_b"]));
      await store.append("s1", sample.toolResult("call_a", "first"));
      const recorder = eventRecorder();
      const resumed = await resumeSession(store, "s1", { onEvent: recorder.onEvent });
      const history = await messagesOf(store, "s1");
      expect(history).toEqual(resumed.messages);
      expect(history).toHaveLength(5);
      expect(history[3]).toMatchObject({
        role: "tool",
        tool_call_id: "call_b",
        metadata: { repair: "orphaned_tool_call" },
      });
      expect(history[4]).toMatchObject({ role: "assistant", content: INTERRUPTED_TURN_TEXT });
      expect(recorder.events).toEqual([
        {
          event: "storage:repaired",
          data: {
            session_id: "s1",
            repairs: expect.objectContaining({
              orphaned_tool_calls: [{ tool_call_id: "call_b", tool: "calculator" }],
              closed_interrupted_turn: true,
              rewritten: false,
            }),
          },
        },
      ]);
    });

    it("repairs once: resuming a repaired or healthy session changes nothing", async () => {
      await store.append("s1", sample.user("q"));
      await store.append("s1", sample.toolCall(["call_a"]));
      await resumeSession(store, "s1");
      const once = await store.load("s1");
      const recorder = eventRecorder();
      const again = await resumeSession(store, "s1", { onEvent: recorder.onEvent });
      expect(again.report).toBeUndefined();
      expect(await store.load("s1")).toEqual(once);
      expect(recorder.events).toEqual([]);
    });

    it("rewrites the history when a tool call was orphaned in the middle", async () => {
      await store.append("s1", sample.user("q1"));
      await store.append("s1", sample.toolCall(["call_a"]));
      await store.append("s1", sample.user("q2"));
      await store.append("s1", sample.assistant("a2"));
      const resumed = await resumeSession(store, "s1");
      expect(resumed.report?.rewritten).toBe(true);
      const history = await messagesOf(store, "s1");
      expect(history.map((message) => message.role)).toEqual(["user", "assistant", "tool", "user", "assistant"]);
      expect(history[2]).toMatchObject({ tool_call_id: "call_a" });
    });
  });
}
