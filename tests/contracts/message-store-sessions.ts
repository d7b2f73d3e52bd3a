/**
 * Contract: session metadata, session listing and deletion, and the per-session key-value area.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KernelError } from "../../src/errors.ts";
import type { MessageStore } from "../../src/storage/index.ts";
import { manualClock, type OpenStore, type StoreHarness, sample } from "./message-store-harness.ts";

/** Registers the sessions and values part of the contract. */
export function sessionsContract(open: OpenStore): void {
  describe("sessions", () => {
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

    it("reports created, updated, message count and a title taken from the first user message", async () => {
      const created = clock.advance();
      await store.append("s1", sample.system);
      await store.append("s1", sample.user("  What is\n6 times 7?  "));
      const updated = clock.advance();
      await store.append("s1", sample.assistant("42"));
      await store.append("s1", sample.user("a later question"));
      expect(await store.getSession("s1")).toEqual({
        sessionId: "s1",
        title: "What is 6 times 7?",
        createdAt: created,
        updatedAt: updated,
        messageCount: 4,
      });
    });

    it("shortens a long title and has none until a user message arrives", async () => {
      await store.append("s1", sample.system);
      expect((await store.getSession("s1"))?.title).toBeUndefined();
      await store.append("s1", { role: "user", content: [{ type: "text", text: "word ".repeat(40) }] });
      const title = (await store.getSession("s1"))?.title ?? "";
      expect(title).toHaveLength(80);
      expect(title.endsWith("…")).toBe(true);
    });

    it("prefers an explicit title, which also creates the session", async () => {
      await store.append("s1", sample.user("automatic"));
      await store.setTitle("s1", "Chosen title");
      expect((await store.getSession("s1"))?.title).toBe("Chosen title");
      await store.setTitle("titled-only", "Just a title");
      expect(await store.getSession("titled-only")).toMatchObject({ title: "Just a title", messageCount: 0 });
    });

    it("lists every session, the most recently updated first", async () => {
      clock.advance();
      await store.append("old", sample.user("old one"));
      clock.advance();
      await store.append("middle", sample.user("middle one"));
      clock.advance();
      await store.append("new", sample.user("new one"));
      clock.advance();
      await store.append("middle", sample.assistant("touched"));
      const sessions = await store.listSessions();
      expect(sessions.map((session) => [session.sessionId, session.messageCount])).toEqual([
        ["middle", 2],
        ["new", 1],
        ["old", 1],
      ]);
      expect(sessions.map((session) => session.title)).toEqual(["middle one", "new one", "old one"]);
    });

    it("lists nothing when nothing was written", async () => {
      expect(await store.listSessions()).toEqual([]);
    });

    it("deletes a session with its messages and values, and leaves the others alone", async () => {
      await store.append("doomed", sample.user("x"));
      await store.setValue("doomed", "fs", { "/a.txt": "hello" });
      await store.append("kept", sample.user("y"));
      await store.setValue("kept", "fs", { "/b.txt": "world" });
      await store.deleteSession("doomed");
      expect(await store.getSession("doomed")).toBeUndefined();
      expect(await store.load("doomed")).toEqual([]);
      expect(await store.listValues("doomed")).toEqual({});
      expect((await store.listSessions()).map((session) => session.sessionId)).toEqual(["kept"]);
      expect(await store.getValue("kept", "fs")).toEqual({ "/b.txt": "world" });
      await store.deleteSession("never-existed");
    });

    it("starts a deleted session afresh at sequence 1", async () => {
      await store.append("s1", sample.user("first life"));
      await store.append("s1", sample.assistant("x"));
      await store.deleteSession("s1");
      expect(await store.append("s1", sample.user("second life"))).toBe(1);
      expect((await store.load("s1")).map((record) => record.message)).toEqual([sample.user("second life")]);
    });
  });

  describe("per-session values", () => {
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

    it("sets, gets, lists and deletes JSON values per session", async () => {
      const tree = { "/notes.md": "# Notes", "/data.json": '{"a":1}', nested: { list: [1, "two", null, true] } };
      await store.setValue("s1", "vfs", tree);
      await store.setValue("s1", "approvals", ["calculator", "web"]);
      await store.setValue("s1", "count", 3);
      await store.setValue("s2", "count", 99);
      expect(await store.getValue("s1", "vfs")).toEqual(tree);
      expect(await store.listValues("s1")).toEqual({ vfs: tree, approvals: ["calculator", "web"], count: 3 });
      await store.setValue("s1", "count", 4);
      await store.deleteValue("s1", "approvals");
      expect(await store.listValues("s1")).toEqual({ vfs: tree, count: 4 });
      expect(await store.getValue("s1", "approvals")).toBeUndefined();
      expect(await store.getValue("s2", "count")).toBe(99);
    });

    it("keeps keys with slashes, spaces and unicode apart", async () => {
      const keys = ["a/b", "a", "a b", "ключ", "__proto__"];
      for (const [index, key] of keys.entries()) await store.setValue("s1", key, index);
      const values = await store.listValues("s1");
      expect(Object.keys(values).sort()).toEqual([...keys].sort());
      for (const [index, key] of keys.entries()) expect(await store.getValue("s1", key)).toBe(index);
    });

    it("rejects values JSON cannot carry and empty keys with invalid_argument", async () => {
      await expect(store.setValue("s1", "big", 10n)).rejects.toSatisfy((error) =>
        KernelError.is(error, "invalid_argument"),
      );
      await expect(store.setValue("s1", "", 1)).rejects.toThrow(/value key "" is not valid/);
      expect(await store.listValues("s1")).toEqual({});
    });

    it("does not list a session that only has values", async () => {
      await store.setValue("s1", "k", 1);
      expect(await store.listSessions()).toEqual([]);
    });
  });
}
