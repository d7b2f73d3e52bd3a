/**
 * Persistence: the MessageStore contract, its stores (memory, IndexedDB, Durable Object, Workers
 * KV), transcript repair, resume and copying. Nothing here needs the DOM library or a runtime
 * module: each store takes its handle as an argument, typed structurally. The IndexedDB schema
 * (`indexeddb-schema.ts`) stays out, since its types are idb's, which need the DOM's.
 */
export { type CopiedSession, copySession } from "./copy-session.ts";
export {
  DURABLE_OBJECT_MIGRATIONS,
  DURABLE_OBJECT_SCHEMA_VERSION,
  type DurableObjectStorageLike,
  type SqlCursorLike,
  type SqlStorageLike,
  type SqlValue,
} from "./durable-object-schema.ts";
export { createDurableObjectStore, type DurableObjectStoreOptions } from "./durable-object-store.ts";
export type { IndexedDBFactoryLike, IndexedDBOpenRequestLike } from "./indexeddb-factory.ts";
export { createIndexedDBStore, type IndexedDBStoreOptions, type KeyRangeFactory } from "./indexeddb-store.ts";
export {
  contiguousCount,
  KV_SCHEMA_VERSION,
  KvLayout,
  type KvMessageMetadata,
  type KvMeta,
  type KvNamespaceLike,
} from "./kv-layout.ts";
export { createKvStore, type KvStoreOptions } from "./kv-store.ts";
export { defaultLockManager, LocalLockManager, type LockManagerLike, SessionLocks } from "./locks.ts";
export { createMemoryStore } from "./memory-store.ts";
export type {
  LoadOptions,
  LockedSession,
  MessageStore,
  SessionInfo,
  StoreCallOptions,
  StoredMessage,
  StoreEventListener,
  StoreOptions,
} from "./message-store.ts";
export { type Migration, newerSchemaError, planMigrations } from "./migrations.ts";
export {
  INTERRUPTED_TURN_TEXT,
  interruptedToolResultText,
  type RepairOptions,
  type RepairReport,
  repairTranscript,
  type TranscriptRepair,
  toolCallsOf,
} from "./repair.ts";
export { type ResumedSession, type ResumeOptions, resumeSession } from "./resume.ts";
