/**
 * Contract: appending, loading, replacing and clearing a session's history.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KernelError } from "../../src/errors.ts";
import type { Message } from "../../src/models/index.ts";
import type { MessageStore } from "../../src/storage/index.ts";
import { manualClock, messagesOf, type OpenStore, type StoreHarness, sample } from "./message-store-harness.ts";

const rich: Message = {
  role: "assistant",
  content: [
    { type: "thinking", thinking: "6 times 7", signature: "sig-ünïcødé-✓" },
    { type: "text", text: 'Line 1\nLine 2 \u{1F600} "quoted" <tag>' },
    { type: "tool_call", id: "call_1", name: "calculator", input: { expression: "6*7", nested: [1, { a: null }] } },
  ],
  tool_calls: [{ id: "call_1", tool: "calculator", arguments: { expression: "6*7" } }],
  metadata: { model: "mock", usage: { input_tokens: 12, output_tokens: 3 } },
  thinking_block: { kept: true },
};

/** Registers the history part of the contract. */
export function historyContract(open: OpenStore): void {
  describe("history", () => {
    let harness: StoreHarness;
    let store: MessageStore;
    const clock = manualClock();

    beforeEach(async () => {
      harness = await open({ now: clock.now });
      store = harness.store;
    });
    afterEach(async () => {
      await store.close();
      await harness.dispose?.();
    });

    it("numbers appended messages 1, 2, 3 and loads them in order with their write time", async () => {
      const first = clock.advance();
      expect(await store.append("s1", sample.user("hello"))).toBe(1);
      const second = clock.advance();
      expect(await store.append("s1", sample.assistant("hi there"))).toBe(2);
      expect(await store.append("s1", sample.user("bye"))).toBe(3);
      const loaded = await store.load("s1");
      expect(loaded.map((record) => record.seq)).toEqual([1, 2, 3]);
      expect(loaded.map((record) => record.at)).toEqual([first, second, second]);
      expect(loaded.map((record) => record.message)).toEqual([
        sample.user("hello"),
        sample.assistant("hi there"),
        sample.user("bye"),
      ]);
    });

    it("returns a message exactly as it was appended: blocks, tool calls, metadata, extra keys, unicode", async () => {
      await store.append("s1", rich);
      expect(await messagesOf(store, "s1")).toEqual([rich]);
    });

    it("stores a copy: changing a message after append or after load does not change the history", async () => {
      const message: Message = { role: "user", content: "original", metadata: { n: 1 } };
      await store.append("s1", message);
      message.content = "changed by caller";
      const [loaded] = await store.load("s1");
      (loaded?.message.metadata as { n: number }).n = 99;
      expect(await messagesOf(store, "s1")).toEqual([{ role: "user", content: "original", metadata: { n: 1 } }]);
    });

    it("keeps sessions apart", async () => {
      await store.append("a", sample.user("for a"));
      await store.append("b", sample.user("for b"));
      await store.append("a", sample.assistant("answer a"));
      expect(await messagesOf(store, "a")).toEqual([sample.user("for a"), sample.assistant("answer a")]);
      expect(await messagesOf(store, "b")).toEqual([sample.user("for b")]);
    });

    it("loads a range of sequence numbers, both ends inclusive, either end open", async () => {
      for (let index = 1; index <= 6; index += 1) await store.append("s1", sample.user(`m${index}`));
      const seqs = async (options: { from?: number; to?: number }) =>
        (await store.load("s1", options)).map((record) => record.seq);
      expect(await seqs({ from: 2, to: 4 })).toEqual([2, 3, 4]);
      expect(await seqs({ from: 5 })).toEqual([5, 6]);
      expect(await seqs({ to: 2 })).toEqual([1, 2]);
      expect(await seqs({ from: 7 })).toEqual([]);
      expect(await seqs({ from: 4, to: 3 })).toEqual([]);
      expect((await store.load("s1", { from: 3, to: 3 }))[0]?.message).toEqual(sample.user("m3"));
    });

    it("rejects a bad range with invalid_argument", async () => {
      await expect(store.load("s1", { from: 0 })).rejects.toSatisfy((error) =>
        KernelError.is(error, "invalid_argument"),
      );
      await expect(store.load("s1", { to: 1.5 })).rejects.toThrow(/"to" must be a positive integer/);
    });

    it("loads nothing for a session that was never written", async () => {
      expect(await store.load("never")).toEqual([]);
      expect(await store.getSession("never")).toBeUndefined();
    });

    it("rejects a message that is not a Message, naming the path, and stores nothing", async () => {
      const bad = { role: "robot", content: "beep" } as unknown as Message;
      const error = await store.append("s1", bad).catch((caught: unknown) => caught);
      expect(KernelError.is(error, "invalid_message")).toBe(true);
      expect((error as KernelError).message).toMatch(/^Invalid message: message\.role: /);
      expect((error as KernelError).issues).toEqual([expect.objectContaining({ path: ["message", "role"] })]);
      const badBlock = { role: "user", content: [{ type: "text" }] } as unknown as Message;
      await expect(store.append("s1", badBlock)).rejects.toThrow(/message\.content/);
      expect(await store.load("s1")).toEqual([]);
      expect(await store.getSession("s1")).toBeUndefined();
    });

    it("rejects a bad session id with invalid_argument", async () => {
      for (const id of ["", "a/b", " lead", "x".repeat(129)]) {
        await expect(store.append(id, sample.user("x"))).rejects.toSatisfy((error) =>
          KernelError.is(error, "invalid_argument"),
        );
      }
    });

    it("replaces the whole history, renumbers it from 1, and appends after it", async () => {
      for (const text of ["a", "b", "c", "d"]) await store.append("s1", sample.user(text));
      await store.replace("s1", [sample.system, sample.user("new")]);
      const loaded = await store.load("s1");
      expect(loaded.map((record) => [record.seq, record.message])).toEqual([
        [1, sample.system],
        [2, sample.user("new")],
      ]);
      expect(await store.append("s1", sample.assistant("after"))).toBe(3);
      expect((await store.getSession("s1"))?.messageCount).toBe(3);
    });

    it("validates every message of a replacement before writing any", async () => {
      await store.append("s1", sample.user("kept"));
      const bad = [sample.user("ok"), sample.user("ok"), { role: "user" } as unknown as Message];
      await expect(store.replace("s1", bad)).rejects.toMatchObject({
        code: "invalid_message",
        message: expect.stringMatching(/^Invalid message: messages\[2\]\.content: /),
        issues: [expect.objectContaining({ path: ["messages", 2, "content"] })],
      });
      expect(await messagesOf(store, "s1")).toEqual([sample.user("kept")]);
    });

    it("replaces with nothing, and creates a session by replacing", async () => {
      await store.append("s1", sample.user("x"));
      await store.replace("s1", []);
      expect(await store.load("s1")).toEqual([]);
      await store.replace("fresh", [sample.user("seeded")]);
      expect(await messagesOf(store, "fresh")).toEqual([sample.user("seeded")]);
    });

    it("clears the messages, keeps the session and its values, and starts again at 1", async () => {
      await store.append("s1", sample.user("x"));
      await store.append("s1", sample.assistant("y"));
      await store.setValue("s1", "approvals", ["calculator"]);
      await store.clear("s1");
      expect(await store.load("s1")).toEqual([]);
      expect((await store.getSession("s1"))?.messageCount).toBe(0);
      expect(await store.getValue("s1", "approvals")).toEqual(["calculator"]);
      expect(await store.append("s1", sample.user("again"))).toBe(1);
      await store.clear("never-written");
      expect(await store.getSession("never-written")).toBeUndefined();
    });

    it("refuses to write when the signal is already aborted", async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(store.append("s1", sample.user("x"), { signal: controller.signal })).rejects.toSatisfy((error) =>
        KernelError.is(error, "cancelled"),
      );
      expect(await store.load("s1")).toEqual([]);
    });

    it("refuses work after close with storage_failed", async () => {
      await store.close();
      await expect(store.append("s1", sample.user("x"))).rejects.toSatisfy((error) =>
        KernelError.is(error, "storage_failed"),
      );
    });
  });
}
