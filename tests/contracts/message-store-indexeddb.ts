/**
 * The IndexedDB store as a contract subject, over any IDBFactory (Chromium's or fake-indexeddb's),
 * with faults injected in the factory and a fresh database per test.
 */
import { createIndexedDBStore } from "../../src/storage/index.ts";
import { faultyIndexedDB } from "./message-store-fault-indexeddb.ts";
import type { StoreSubject } from "./message-store-harness.ts";

/** The IndexedDB store over `base`, as a contract subject. */
export function indexedDBSubject(name: string, base: IDBFactory): StoreSubject {
  return {
    name,
    durable: true,
    sharedWriters: true,
    faults: true,
    open: async (options) => {
      const databaseName = `contract-${crypto.randomUUID()}`;
      const { factory, faults } = faultyIndexedDB(base);
      const store = await createIndexedDBStore(factory, { ...options, name: databaseName });
      return {
        store,
        faults,
        reopen: (reopenOptions = options) => createIndexedDBStore(factory, { ...reopenOptions, name: databaseName }),
        dispose: () => deleteDatabase(base, databaseName),
      };
    },
  };
}

/** Deletes a database; settles even when a connection someone forgot to close blocks it. */
export function deleteDatabase(factory: IDBFactory, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onblocked = () => resolve();
    request.onerror = () => reject(request.error);
  });
}
