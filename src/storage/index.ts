/** Persistence: the MessageStore contract, its stores, transcript repair and resume. */
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
