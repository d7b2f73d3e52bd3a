/**
 * The MessageStore contract for the edge stores over node test doubles: the Durable Object store on
 * node:sqlite and the KV store on an in-memory KV (workerd runs both on the real bindings).
 */
import { createDurableObjectStore, createKvStore } from "../../../src/storage/index.ts";
import { messageStoreContract } from "../../contracts/message-store.ts";
import { faultyDurableObjectStorage, faultyKv } from "../../contracts/message-store-fault-edge.ts";
import { MemoryKv } from "./memory-kv.ts";
import { nodeSqliteStorage } from "./node-sqlite-storage.ts";

messageStoreContract({
  name: "durable-object (node:sqlite)",
  durable: true,
  sharedWriters: true,
  faults: true,
  open: async (options) => {
    const base = nodeSqliteStorage();
    const { storage, faults } = faultyDurableObjectStorage(base);
    return {
      store: createDurableObjectStore(storage, options),
      faults,
      reopen: async (reopenOptions = options) => createDurableObjectStore(storage, reopenOptions),
      dispose: async () => base.close(),
    };
  },
});

messageStoreContract({
  name: "kv (in-memory KV, 3 keys per list page)",
  durable: true,
  sharedWriters: false,
  faults: true,
  open: async (options) => {
    const { kv, faults } = faultyKv(new MemoryKv(3));
    return {
      store: createKvStore(kv, options),
      faults,
      reopen: async (reopenOptions = options) => createKvStore(kv, reopenOptions),
    };
  },
});
