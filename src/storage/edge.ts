/**
 * Persistence without IndexedDB: the MessageStore contract, the memory, Durable Object and Workers
 * KV stores, repair, resume and copying. It references no DOM type, so Cloudflare Worker code
 * (typechecked without the DOM library) imports this entry; everything else imports `index.ts`.
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
