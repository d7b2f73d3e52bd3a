/**
 * The Durable Object store: a session's strongly consistent home on Cloudflare, in the object's
 * SQLite storage (`ctx.storage.sql`). Each write is one `transactionSync`, so a failure rolls back
 * every statement of it; the object runs one request at a time, so turns are serialized.
 */
import { describeError, KernelError } from "../errors.ts";
import type { Message } from "../models/index.ts";
import {
  type DurableObjectStorageLike,
  migrateDurableObject,
  type SqlValue,
  type Tables,
  tablesFor,
} from "./durable-object-schema.ts";
import type { MessageStore, SessionInfo, StoredMessage, StoreOptions } from "./message-store.ts";
import { decodeJson, type EncodedMessage, type SeqRange } from "./records.ts";
import { type StoreBackend, sessionInfo } from "./store-backend.ts";
import { BackedMessageStore } from "./store-frontend.ts";

/** Options of {@link createDurableObjectStore}. */
export interface DurableObjectStoreOptions extends StoreOptions {
  /** Prefix of the store's tables (default `amplifier_`), to share the database with other tables. */
  readonly tablePrefix?: string;
}

/**
 * Creates a store in a SQLite-backed Durable Object's storage, creating or upgrading its tables.
 *
 * @param storage the object's `ctx.storage`.
 * @throws KernelError `storage_failed` when the tables cannot be created or upgraded (reason
 *   `newer_schema` when a newer version wrote them); `invalid_argument` for a bad table prefix.
 * @example
 * export class SessionObject extends DurableObject<Env> {
 *   store = createDurableObjectStore(this.ctx.storage);
 * }
 */
export function createDurableObjectStore(
  storage: DurableObjectStorageLike,
  options: DurableObjectStoreOptions = {},
): MessageStore {
  const tables = tablesFor(options.tablePrefix ?? "amplifier_");
  try {
    migrateDurableObject(storage, tables);
  } catch (error) {
    if (KernelError.is(error)) throw error;
    throw new KernelError(
      "storage_failed",
      `durable-object store: creating its tables failed: ${describeError(error)}`,
      {
        cause: error,
        data: { store: "durable-object", operation: "migrate", reason: "error" },
      },
    );
  }
  return new BackedMessageStore(new DurableObjectBackend(storage, tables), {
    ...options,
    lockName: "amplifier-edge/durable-object",
  });
}

interface SessionRow extends Record<string, SqlValue> {
  created_at: number;
  updated_at: number;
  message_count: number;
  title: string | null;
  auto_title: string | null;
}

class DurableObjectBackend implements StoreBackend {
  readonly kind = "durable-object";
  readonly #storage: DurableObjectStorageLike;
  readonly #tables: Tables;

  constructor(storage: DurableObjectStorageLike, tables: Tables) {
    this.#storage = storage;
    this.#tables = tables;
  }

  async append(sessionId: string, message: EncodedMessage, at: number): Promise<number> {
    const { sessions, messages } = this.#tables;
    const seq = this.#transaction(() => {
      const session = this.#ensureSession(sessionId, at);
      const next = session.message_count + 1;
      this.#exec(
        `INSERT INTO ${messages} (session_id, seq, at, body) VALUES (?, ?, ?, ?)`,
        sessionId,
        next,
        at,
        message.json,
      );
      this.#exec(
        `UPDATE ${sessions} SET message_count = ?, updated_at = ?, auto_title = COALESCE(auto_title, ?) WHERE session_id = ?`,
        next,
        at,
        message.titleCandidate ?? null,
        sessionId,
      );
      return next;
    });
    await this.#storage.sync?.();
    return seq;
  }

  async load(sessionId: string, range: SeqRange): Promise<StoredMessage[]> {
    const to = Number.isFinite(range.to) ? range.to : Number.MAX_SAFE_INTEGER;
    const rows = this.#exec<{ seq: number; at: number; body: string }>(
      `SELECT seq, at, body FROM ${this.#tables.messages} WHERE session_id = ? AND seq BETWEEN ? AND ? ORDER BY seq`,
      sessionId,
      range.from,
      to,
    );
    return rows.map((row) => ({
      seq: row.seq,
      at: row.at,
      message: decodeJson(row.body, `message ${row.seq} of session "${sessionId}"`) as Message,
    }));
  }

  async replace(sessionId: string, messages: readonly EncodedMessage[], at: number): Promise<void> {
    const { sessions, messages: table } = this.#tables;
    this.#transaction(() => {
      this.#ensureSession(sessionId, at);
      this.#exec(`DELETE FROM ${table} WHERE session_id = ?`, sessionId);
      for (const [index, message] of messages.entries()) {
        this.#exec(
          `INSERT INTO ${table} (session_id, seq, at, body) VALUES (?, ?, ?, ?)`,
          sessionId,
          index + 1,
          at,
          message.json,
        );
      }
      const autoTitle = messages.find((message) => message.titleCandidate !== undefined)?.titleCandidate ?? null;
      this.#exec(
        `UPDATE ${sessions} SET message_count = ?, updated_at = ?, auto_title = ? WHERE session_id = ?`,
        messages.length,
        at,
        autoTitle,
        sessionId,
      );
    });
    await this.#storage.sync?.();
  }

  async clear(sessionId: string, at: number): Promise<void> {
    const { sessions, messages } = this.#tables;
    this.#transaction(() => {
      if (this.#session(sessionId) === undefined) return;
      this.#exec(`DELETE FROM ${messages} WHERE session_id = ?`, sessionId);
      this.#exec(
        `UPDATE ${sessions} SET message_count = 0, updated_at = ?, auto_title = NULL WHERE session_id = ?`,
        at,
        sessionId,
      );
    });
    await this.#storage.sync?.();
  }

  async getSession(sessionId: string): Promise<SessionInfo | undefined> {
    const row = this.#session(sessionId);
    return row === undefined ? undefined : infoOf(sessionId, row);
  }

  async listSessions(): Promise<SessionInfo[]> {
    return this.#exec<SessionRow & { session_id: string }>(
      `SELECT * FROM ${this.#tables.sessions} ORDER BY updated_at DESC, session_id ASC`,
    ).map((row) => infoOf(row.session_id, row));
  }

  async setTitle(sessionId: string, title: string, at: number): Promise<void> {
    this.#transaction(() => {
      this.#ensureSession(sessionId, at);
      this.#exec(
        `UPDATE ${this.#tables.sessions} SET title = ?, updated_at = ? WHERE session_id = ?`,
        title,
        at,
        sessionId,
      );
    });
    await this.#storage.sync?.();
  }

  async deleteSession(sessionId: string): Promise<void> {
    this.#transaction(() => {
      for (const table of [this.#tables.messages, this.#tables.values, this.#tables.sessions]) {
        this.#exec(`DELETE FROM ${table} WHERE session_id = ?`, sessionId);
      }
    });
    await this.#storage.sync?.();
  }

  async getValue(sessionId: string, key: string): Promise<string | undefined> {
    return this.#exec<{ body: string }>(
      `SELECT body FROM ${this.#tables.values} WHERE session_id = ? AND key = ?`,
      sessionId,
      key,
    )[0]?.body;
  }

  async setValue(sessionId: string, key: string, json: string): Promise<void> {
    this.#transaction(() =>
      this.#exec(
        `INSERT INTO ${this.#tables.values} (session_id, key, body) VALUES (?, ?, ?) ` +
          "ON CONFLICT (session_id, key) DO UPDATE SET body = excluded.body",
        sessionId,
        key,
        json,
      ),
    );
    await this.#storage.sync?.();
  }

  async deleteValue(sessionId: string, key: string): Promise<void> {
    this.#transaction(() =>
      this.#exec(`DELETE FROM ${this.#tables.values} WHERE session_id = ? AND key = ?`, sessionId, key),
    );
    await this.#storage.sync?.();
  }

  async listValues(sessionId: string): Promise<[string, string][]> {
    return this.#exec<{ key: string; body: string }>(
      `SELECT key, body FROM ${this.#tables.values} WHERE session_id = ? ORDER BY key`,
      sessionId,
    ).map((row) => [row.key, row.body]);
  }

  async close(): Promise<void> {
    // The storage belongs to the Durable Object; there is nothing to release.
  }

  #session(sessionId: string): SessionRow | undefined {
    return this.#exec<SessionRow>(`SELECT * FROM ${this.#tables.sessions} WHERE session_id = ?`, sessionId)[0];
  }

  #ensureSession(sessionId: string, at: number): SessionRow {
    const existing = this.#session(sessionId);
    if (existing !== undefined) return existing;
    this.#exec(
      `INSERT INTO ${this.#tables.sessions} (session_id, created_at, updated_at, message_count) VALUES (?, ?, ?, 0)`,
      sessionId,
      at,
      at,
    );
    return { created_at: at, updated_at: at, message_count: 0, title: null, auto_title: null };
  }

  #transaction<T>(closure: () => T): T {
    return this.#storage.transactionSync(closure);
  }

  #exec<Row extends Record<string, SqlValue>>(query: string, ...bindings: SqlValue[]): Row[] {
    return this.#storage.sql.exec<Row>(query, ...bindings).toArray();
  }
}

function infoOf(sessionId: string, row: SessionRow): SessionInfo {
  return sessionInfo(sessionId, {
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    messageCount: row.message_count,
    title: row.title ?? row.auto_title,
  });
}
