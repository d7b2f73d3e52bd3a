/**
 * In Chromium, the IndexedDB store's session lock is a Web Lock: a second store over the same
 * database (as in another tab) waits for it, which an in-process lock could not make it do.
 */
import { describe, expect, it } from "vitest";
import { createIndexedDBStore } from "../../../src/storage/index.ts";
import { deleteDatabase } from "../../contracts/message-store-indexeddb.ts";

describe("IndexedDB store locks in Chromium", () => {
  it("holds a Web Lock named after the database and session while a session lock is held", async () => {
    const name = `locks-${crypto.randomUUID()}`;
    const first = await createIndexedDBStore(indexedDB, { name });
    const second = await createIndexedDBStore(indexedDB, { name });
    try {
      let secondSeq: Promise<number> | undefined;
      const held = await first.withSessionLock("s1", async (session) => {
        await session.append({ role: "user", content: "first store, inside the lock" });
        secondSeq = second.append("s1", { role: "user", content: "second store, waiting" });
        await session.append({ role: "assistant", content: "first store, still inside" });
        const state = await navigator.locks.query();
        return {
          held: state.held?.map((lock) => lock.name) ?? [],
          pending: state.pending?.map((lock) => lock.name) ?? [],
        };
      });
      const lockName = `amplifier-edge/indexeddb/${name}/s1`;
      expect(held.held).toContain(lockName);
      expect(held.pending).toContain(lockName);
      expect(await secondSeq).toBe(3);
      expect((await second.load("s1")).map((record) => record.message.content)).toEqual([
        "first store, inside the lock",
        "first store, still inside",
        "second store, waiting",
      ]);
    } finally {
      await first.close();
      await second.close();
      await deleteDatabase(indexedDB, name);
    }
  });
});
