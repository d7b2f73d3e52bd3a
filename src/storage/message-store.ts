/**
 * The `MessageStore` contract: where a session's conversation history lives between turns, reloads,
 * evictions and crashes. Every store (memory, IndexedDB, Durable Object SQLite, Workers KV) passes
 * the same contract suite (`tests/contracts/message-store.ts`).
 */
import type { Message } from "../models/index.ts";

/** A message as a store returns it: its sequence number, when it was written, and the message. */
export interface StoredMessage {
  /** 1-based position in the session's history; the history is always `1..messageCount`, without gaps. */
  readonly seq: number;
  /** Milliseconds since the epoch at which the store wrote it (from the store's injected clock). */
  readonly at: number;
  /** The message as it was appended, round-tripped through JSON. */
  readonly message: Message;
}

/** What a store knows about one session, for a session list. */
export interface SessionInfo {
  readonly sessionId: string;
  /** An explicit title (`setTitle`), else the start of the first user message, else undefined. */
  readonly title?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly messageCount: number;
}

/** Options every store call takes. An aborted signal stops a call before it writes anything. */
export interface StoreCallOptions {
  readonly signal?: AbortSignal;
}

/** A range of sequence numbers, both ends inclusive; either end may be left open. */
export interface LoadOptions extends StoreCallOptions {
  readonly from?: number;
  readonly to?: number;
}

/** A store event, reported through `onEvent`: `storage:failed` or `storage:repaired`. */
export type StoreEventListener = (event: string, data: Record<string, unknown>) => void;

/** Options shared by every store factory. */
export interface StoreOptions {
  /** Called with `storage:failed` when a write or read fails; a listener that throws is ignored. */
  readonly onEvent?: StoreEventListener;
  /** The clock for `at`, `createdAt` and `updatedAt`; defaults to `Date.now`. */
  readonly now?: () => number;
}

/**
 * The operations on one session while its lock is held (see {@link MessageStore.withSessionLock}).
 * They skip the lock, so calling them after the callback has returned is a mistake.
 */
export interface LockedSession {
  readonly sessionId: string;
  append(message: Message): Promise<number>;
  load(options?: { from?: number; to?: number }): Promise<StoredMessage[]>;
  replace(messages: readonly Message[]): Promise<void>;
  clear(): Promise<void>;
}

/**
 * A durable, append-only home for conversation history, plus a small key-value area per session.
 *
 * Guarantees, for every store:
 * - `append` writes exactly one record and resolves with its sequence number once it is durable;
 *   it never rewrites earlier messages.
 * - A failed write changes nothing: no half-written message, no gap in sequence numbers; it rejects
 *   with a KernelError `storage_failed` and reports `storage:failed` through `onEvent`.
 * - Messages come back as they went in, round-tripped through JSON.
 *
 * Session ids are 1–128 characters of `A–Z a–z 0–9 . _ : @ -`, starting with a letter or digit.
 */
export interface MessageStore extends AsyncDisposable {
  /** Which store this is: `memory`, `indexeddb`, `durable-object` or `kv`. */
  readonly kind: string;

  /**
   * Appends one message and resolves with its sequence number once it is durable.
   * @throws KernelError `invalid_message` (with the zod path) for a message that is not a Message,
   *   `invalid_argument` for a bad session id, `cancelled` when the signal was aborted first,
   *   `storage_failed` when the write failed (nothing was written).
   */
  append(sessionId: string, message: Message, options?: StoreCallOptions): Promise<number>;

  /** Loads the history, or the part of it between `from` and `to` (inclusive), in order. */
  load(sessionId: string, options?: LoadOptions): Promise<StoredMessage[]>;

  /** Replaces the whole history at once (`set_messages`); the new messages are numbered from 1. */
  replace(sessionId: string, messages: readonly Message[], options?: StoreCallOptions): Promise<void>;

  /** Removes every message of the session; the session and its values stay. */
  clear(sessionId: string, options?: StoreCallOptions): Promise<void>;

  /** The session's metadata, or undefined when nothing was ever written to it. */
  getSession(sessionId: string, options?: StoreCallOptions): Promise<SessionInfo | undefined>;

  /** Every session, the most recently updated first. */
  listSessions(options?: StoreCallOptions): Promise<SessionInfo[]>;

  /** Sets the session's title (creating the session if needed). */
  setTitle(sessionId: string, title: string, options?: StoreCallOptions): Promise<void>;

  /** Deletes the session: its messages, its metadata and its values. */
  deleteSession(sessionId: string, options?: StoreCallOptions): Promise<void>;

  /** Reads a value of the session's key-value area (JSON), or undefined. */
  getValue(sessionId: string, key: string, options?: StoreCallOptions): Promise<unknown>;

  /** Writes a JSON value into the session's key-value area. */
  setValue(sessionId: string, key: string, value: unknown, options?: StoreCallOptions): Promise<void>;

  /** Removes a value from the session's key-value area. */
  deleteValue(sessionId: string, key: string, options?: StoreCallOptions): Promise<void>;

  /** Every value of the session's key-value area, by key. */
  listValues(sessionId: string, options?: StoreCallOptions): Promise<Record<string, unknown>>;

  /**
   * Runs `body` while holding the session's exclusive lock (Web Locks across tabs where the runtime
   * has them, else a lock inside this store). Other writers to the session wait until it returns.
   */
  withSessionLock<T>(sessionId: string, body: (session: LockedSession) => Promise<T>): Promise<T>;

  /** Closes the store and releases its handle; later calls fail with `storage_failed`. Idempotent. */
  close(): Promise<void>;
}
