/** Persistence: the MessageStore contract, its stores (memory, IndexedDB, Durable Object, Workers KV), repair and resume. */
export * from "./edge.ts";
export {
  INDEXEDDB_MIGRATIONS,
  INDEXEDDB_SCHEMA_VERSION,
  type IndexedDBUpgrade,
  openStoreDatabase,
  type StoreDatabaseSchema,
} from "./indexeddb-schema.ts";
export { createIndexedDBStore, type IndexedDBStoreOptions, type KeyRangeFactory } from "./indexeddb-store.ts";
