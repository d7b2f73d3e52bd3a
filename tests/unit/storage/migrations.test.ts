import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import { migrateDurableObject, tablesFor } from "../../../src/storage/durable-object-schema.ts";
import {
  createDurableObjectStore,
  createIndexedDBStore,
  createKvStore,
  DURABLE_OBJECT_MIGRATIONS,
  planMigrations,
} from "../../../src/storage/index.ts";
import { INDEXEDDB_SCHEMA_VERSION, openStoreDatabase } from "../../../src/storage/indexeddb-schema.ts";
import { MemoryKv } from "./memory-kv.ts";
import { nodeSqliteStorage } from "./node-sqlite-storage.ts";

const isNewerSchema = (error: unknown) =>
  KernelError.is(error, "storage_failed") && (error as KernelError).data?.reason === "newer_schema";

describe("IndexedDB schema migrations", () => {
  it("upgrades a version 1 database in place and keeps its sessions and messages", async () => {
    const name = `migrate-${crypto.randomUUID()}`;
    const old = await openStoreDatabase(indexedDB, name, 1);
    expect([...old.objectStoreNames]).toEqual(["messages", "sessions"]);
    const transaction = old.transaction(["sessions", "messages"], "readwrite");
    await transaction.objectStore("sessions").put({ sessionId: "s1", createdAt: 5, updatedAt: 6, messageCount: 1 });
    await transaction
      .objectStore("messages")
      .put({ sessionId: "s1", seq: 1, at: 6, message: { role: "user", content: "v1" } });
    await transaction.done;
    old.close();

    await using store = await createIndexedDBStore(indexedDB, { name });
    expect(await store.load("s1")).toEqual([{ seq: 1, at: 6, message: { role: "user", content: "v1" } }]);
    expect(await store.append("s1", { role: "assistant", content: "v2" })).toBe(2);
    await store.setValue("s1", "added-in-v2", true);
    expect(await store.getValue("s1", "added-in-v2")).toBe(true);
    const current = await openStoreDatabase(indexedDB, name);
    expect(current.version).toBe(INDEXEDDB_SCHEMA_VERSION);
    expect([...current.transaction("sessions").store.indexNames]).toEqual(["by_updated"]);
    current.close();
  });

  it("refuses a database a newer version upgraded, and leaves it untouched", async () => {
    const name = `newer-${crypto.randomUUID()}`;
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name, 7);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    const error = await createIndexedDBStore(indexedDB, { name }).catch((caught: unknown) => caught);
    expect(isNewerSchema(error)).toBe(true);
    expect((error as KernelError).message).toMatch(/schema version 7, newer than this code supports \(2\)/);
  });
});

describe("Durable Object schema migrations", () => {
  it("upgrades version 1 tables in place and keeps their rows", async () => {
    const storage = nodeSqliteStorage();
    const tables = tablesFor("amplifier_");
    migrateDurableObject(storage, tables, 1);
    storage.sql.exec(
      "INSERT INTO amplifier_sessions (session_id, created_at, updated_at, message_count) VALUES ('s1', 1, 2, 1)",
    );
    storage.sql.exec(`INSERT INTO amplifier_messages VALUES ('s1', 1, 2, '{"role":"user","content":"v1"}')`);

    const store = createDurableObjectStore(storage);
    expect((await store.load("s1")).map((record) => record.message)).toEqual([{ role: "user", content: "v1" }]);
    await store.setValue("s1", "added-in-v2", [1]);
    expect(await store.listValues("s1")).toEqual({ "added-in-v2": [1] });
    expect(storage.sql.exec("SELECT version FROM amplifier_schema").toArray()).toEqual([{ version: 2 }]);
    createDurableObjectStore(storage);
    expect(storage.sql.exec("SELECT count(*) AS n FROM amplifier_schema").toArray()).toEqual([{ n: 1 }]);
  });

  it("refuses tables a newer version wrote", () => {
    const storage = nodeSqliteStorage();
    createDurableObjectStore(storage);
    storage.sql.exec("UPDATE amplifier_schema SET version = 9");
    let error: unknown;
    try {
      createDurableObjectStore(storage);
    } catch (caught) {
      error = caught;
    }
    expect(isNewerSchema(error)).toBe(true);
  });

  it("keeps stores with different table prefixes apart in one database", async () => {
    const storage = nodeSqliteStorage();
    const first = createDurableObjectStore(storage, { tablePrefix: "first_" });
    const second = createDurableObjectStore(storage, { tablePrefix: "second_" });
    await first.append("s1", { role: "user", content: "one" });
    expect(await second.load("s1")).toEqual([]);
    expect(() => createDurableObjectStore(storage, { tablePrefix: "bad; DROP" })).toThrow(/table prefix/);
  });
});

describe("Workers KV records", () => {
  it("refuses records a newer version wrote", async () => {
    const kv = new MemoryKv();
    await kv.put("amplifier/s1/meta", JSON.stringify({ v: 2, createdAt: 1, updatedAt: 1, generation: 1 }));
    const store = createKvStore(kv);
    await expect(store.load("s1")).rejects.toSatisfy(isNewerSchema);
  });
});

describe("planMigrations", () => {
  it("returns the steps between two versions and names a missing one", () => {
    expect(planMigrations("t", DURABLE_OBJECT_MIGRATIONS, 0, 2).map((step) => step.version)).toEqual([1, 2]);
    expect(planMigrations("t", DURABLE_OBJECT_MIGRATIONS, 2, 2)).toEqual([]);
    expect(() => planMigrations("t", DURABLE_OBJECT_MIGRATIONS, 0, 3)).toThrow(/no migration to schema version 3/);
  });
});

describe("IndexedDB store and another tab's upgrade", () => {
  it("lets a newer tab upgrade the database, then reports newer_schema instead of touching it", async () => {
    const name = `versionchange-${crypto.randomUUID()}`;
    const events: string[] = [];
    const store = await createIndexedDBStore(indexedDB, { name, onEvent: (event) => events.push(event) });
    await store.append("s1", { role: "user", content: "before the upgrade" });
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, INDEXEDDB_SCHEMA_VERSION + 1);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error("blocked: the store kept its connection open"));
    });
    newer.close();
    await expect(store.load("s1")).rejects.toSatisfy(isNewerSchema);
    expect(events).toEqual(["storage:failed"]);
    await store.close();
  });
});

describe("Durable Object store creation", () => {
  it("reports storage that cannot create its tables as storage_failed", () => {
    const broken = {
      sql: {
        exec: () => {
          throw new Error("SQLITE_READONLY");
        },
      },
      transactionSync: <T>(closure: () => T) => closure(),
    };
    expect(() => createDurableObjectStore(broken)).toThrow(/creating its tables failed: SQLITE_READONLY/);
  });
});
