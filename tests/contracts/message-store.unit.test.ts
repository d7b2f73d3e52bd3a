/** The MessageStore contract in node: the memory store and the IndexedDB store over fake-indexeddb. */
import { createMemoryStore } from "../../src/storage/index.ts";
import { messageStoreContract } from "./message-store.ts";

messageStoreContract({
  name: "memory",
  durable: false,
  sharedWriters: false,
  faults: false,
  open: async (options) => ({ store: createMemoryStore(options) }),
});
