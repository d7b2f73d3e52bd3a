/**
 * The seam between the shared store logic (validation, locks, errors, events: `store-frontend.ts`)
 * and each storage engine. A backend gets only validated, encoded input and may throw anything:
 * the frontend turns failures into KernelError `storage_failed`.
 */
import type { SessionInfo, StoredMessage } from "./message-store.ts";
import type { EncodedMessage, SeqRange } from "./records.ts";

/** One storage engine behind a {@link MessageStore}. */
export interface StoreBackend {
  readonly kind: string;
  /** Writes one message atomically with the session's metadata; resolves with its sequence number. */
  append(sessionId: string, message: EncodedMessage, at: number): Promise<number>;
  load(sessionId: string, range: SeqRange): Promise<StoredMessage[]>;
  /** Replaces the whole history atomically: either the old or the new history survives a failure. */
  replace(sessionId: string, messages: readonly EncodedMessage[], at: number): Promise<void>;
  clear(sessionId: string, at: number): Promise<void>;
  getSession(sessionId: string): Promise<SessionInfo | undefined>;
  listSessions(): Promise<SessionInfo[]>;
  setTitle(sessionId: string, title: string, at: number): Promise<void>;
  deleteSession(sessionId: string): Promise<void>;
  /** The JSON text of a value, or undefined. */
  getValue(sessionId: string, key: string): Promise<string | undefined>;
  setValue(sessionId: string, key: string, json: string): Promise<void>;
  deleteValue(sessionId: string, key: string): Promise<void>;
  /** Every value of the session as `[key, json]`. */
  listValues(sessionId: string): Promise<[string, string][]>;
  /** Releases the engine's handle (a database connection); called once. */
  close(): Promise<void>;
}

/** Orders sessions as `listSessions` promises: the most recently updated first, then by id. */
export function bySessionRecency(left: SessionInfo, right: SessionInfo): number {
  if (left.updatedAt !== right.updatedAt) return right.updatedAt - left.updatedAt;
  return left.sessionId < right.sessionId ? -1 : left.sessionId > right.sessionId ? 1 : 0;
}

/** Builds a SessionInfo, leaving `title` out when there is none (exactOptionalPropertyTypes). */
export function sessionInfo(
  sessionId: string,
  fields: { createdAt: number; updatedAt: number; messageCount: number; title?: string | null | undefined },
): SessionInfo {
  const base = {
    sessionId,
    createdAt: fields.createdAt,
    updatedAt: fields.updatedAt,
    messageCount: fields.messageCount,
  };
  return typeof fields.title === "string" ? { ...base, title: fields.title } : base;
}
