/** The MessageStore contract in node: the memory store, and the IndexedDB store over fake-indexeddb. */
import "fake-indexeddb/auto";
import { createMemoryStore } from "../../src/storage/index.ts";
import { messageStoreContract } from "./message-store.ts";
import { indexedDBSubject } from "./message-store-indexeddb.ts";

messageStoreContract({
  name: "memory",
  durable: false,
  sharedWriters: false,
  faults: false,
  open: async (options) => ({ store: createMemoryStore(options) }),
});

messageStoreContract(indexedDBSubject("indexeddb (fake-indexeddb)", indexedDB));
