/**
 * The IndexedDB store (through `idb`): the home of sessions in a browser tab or worker.
 *
 * Every write is one `readwrite` transaction with `durability: "strict"`, so a resolved promise
 * means the data reached disk. The sequence number is read and written inside the append's
 * transaction, which IndexedDB serializes across tabs, so two tabs never take the same number; Web
 * Locks additionally queue whole operations per session across tabs.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from "idb";
import { KernelError } from "../errors.ts";
import type { Message } from "../models/index.ts";
import type { IndexedDBFactoryLike } from "./indexeddb-factory.ts";
import {
  type MessageRecord,
  openStoreDatabase,
  type SessionRecord,
  type StoreDatabaseSchema,
} from "./indexeddb-schema.ts";
import { defaultLockManager, type LockManagerLike } from "./locks.ts";
import type { MessageStore, SessionInfo, StoredMessage, StoreOptions } from "./message-store.ts";
import type { EncodedMessage, SeqRange } from "./records.ts";
import { bySessionRecency, type StoreBackend, sessionInfo } from "./store-backend.ts";
import { BackedMessageStore } from "./store-frontend.ts";

/** A key range as idb's methods take it (an `IDBKeyRange`). */
type KeyRange = Exclude<NonNullable<Parameters<IDBPDatabase<StoreDatabaseSchema>["getAll"]>[1]>, string | unknown[]>;

/** The `IDBKeyRange` constructor's one method the store needs (it must match the factory's realm). */
export interface KeyRangeFactory {
  bound(lower: unknown, upper: unknown): unknown;
}

/** Options of {@link createIndexedDBStore}. */
export interface IndexedDBStoreOptions extends StoreOptions {
  /** The database name; default `amplifier-edge`. */
  readonly name?: string;
  /** `IDBKeyRange` of the same implementation as the factory; default the global one. */
  readonly keyRange?: KeyRangeFactory;
  /** The cross-tab lock manager; default `navigator.locks` when present. */
  readonly locks?: LockManagerLike;
}

/**
 * Opens (creating or upgrading) a store in IndexedDB.
 *
 * @param factory the IndexedDB to use: `indexedDB` in a page or worker, fake-indexeddb in Node.
 * @throws KernelError `invalid_argument` when there is no `IDBKeyRange` to use;
 *   `storage_failed` when the database cannot be opened (reason `newer_schema`
 *   when a newer version of this code upgraded it).
 * @example
 * await using store = await createIndexedDBStore(indexedDB, { onEvent: (name, data) => console.warn(name, data) });
 * await store.append(sessionId, { role: "user", content: "hello" });
 */
export async function createIndexedDBStore(
  factory: IndexedDBFactoryLike,
  options: IndexedDBStoreOptions = {},
): Promise<MessageStore> {
  const name = options.name ?? "amplifier-edge";
  const keyRange = options.keyRange ?? (globalThis as { IDBKeyRange?: KeyRangeFactory }).IDBKeyRange;
  if (keyRange === undefined) {
    throw new KernelError(
      "invalid_argument",
      "createIndexedDBStore: this runtime has no IDBKeyRange; pass options.keyRange",
      {
        issues: [{ path: ["options", "keyRange"], message: "required in this runtime", code: "invalid_type" }],
      },
    );
  }
  const backend = new IndexedDBBackend(factory, name, keyRange);
  const store = new BackedMessageStore(backend, {
    ...options,
    lockName: `amplifier-edge/indexeddb/${name}`,
    locks: options.locks ?? defaultLockManager(),
  });
  await store.listSessions();
  return store;
}

type Database = IDBPDatabase<StoreDatabaseSchema>;
type Names = StoreNames<StoreDatabaseSchema>[];
type Transaction = IDBPTransaction<StoreDatabaseSchema, Names, "readwrite">;

class IndexedDBBackend implements StoreBackend {
  readonly kind = "indexeddb";
  readonly #factory: IndexedDBFactoryLike;
  readonly #name: string;
  readonly #keyRange: KeyRangeFactory;
  #database: Promise<Database> | undefined;

  constructor(factory: IndexedDBFactoryLike, name: string, keyRange: KeyRangeFactory) {
    this.#factory = factory;
    this.#name = name;
    this.#keyRange = keyRange;
  }

  append(sessionId: string, message: EncodedMessage, at: number): Promise<number> {
    return this.#write(["sessions", "messages"], async (transaction) => {
      const session = (await transaction.objectStore("sessions").get(sessionId)) ?? newSession(sessionId, at);
      const seq = session.messageCount + 1;
      await transaction.objectStore("messages").add(messageRecord(sessionId, seq, at, message));
      await transaction.objectStore("sessions").put({
        ...session,
        messageCount: seq,
        updatedAt: at,
        autoTitle: session.autoTitle ?? message.titleCandidate,
      });
      return seq;
    });
  }

  async load(sessionId: string, range: SeqRange): Promise<StoredMessage[]> {
    if (range.from > range.to) return [];
    const database = await this.#open();
    const rows = await database.getAll("messages", this.#seqRange(sessionId, range.from, range.to));
    return rows.map((row) => ({ seq: row.seq, at: row.at, message: row.message }));
  }

  replace(sessionId: string, messages: readonly EncodedMessage[], at: number): Promise<void> {
    return this.#write(["sessions", "messages"], async (transaction) => {
      const session = (await transaction.objectStore("sessions").get(sessionId)) ?? newSession(sessionId, at);
      const store = transaction.objectStore("messages");
      await store.delete(this.#seqRange(sessionId, 1, Number.POSITIVE_INFINITY));
      for (const [index, message] of messages.entries()) {
        await store.add(messageRecord(sessionId, index + 1, at, message));
      }
      const autoTitle = messages.find((message) => message.titleCandidate !== undefined)?.titleCandidate;
      await transaction
        .objectStore("sessions")
        .put({ ...session, messageCount: messages.length, updatedAt: at, autoTitle });
    });
  }

  clear(sessionId: string, at: number): Promise<void> {
    return this.#write(["sessions", "messages"], async (transaction) => {
      const session = await transaction.objectStore("sessions").get(sessionId);
      if (session === undefined) return;
      await transaction.objectStore("messages").delete(this.#seqRange(sessionId, 1, Number.POSITIVE_INFINITY));
      await transaction
        .objectStore("sessions")
        .put({ ...session, messageCount: 0, updatedAt: at, autoTitle: undefined });
    });
  }

  async getSession(sessionId: string): Promise<SessionInfo | undefined> {
    const record = await (await this.#open()).get("sessions", sessionId);
    return record === undefined ? undefined : infoOf(record);
  }

  async listSessions(): Promise<SessionInfo[]> {
    return (await (await this.#open()).getAll("sessions")).map(infoOf).sort(bySessionRecency);
  }

  setTitle(sessionId: string, title: string, at: number): Promise<void> {
    return this.#write(["sessions"], async (transaction) => {
      const session = (await transaction.objectStore("sessions").get(sessionId)) ?? newSession(sessionId, at);
      await transaction.objectStore("sessions").put({ ...session, title, updatedAt: at });
    });
  }

  deleteSession(sessionId: string): Promise<void> {
    return this.#write(["sessions", "messages", "values"], async (transaction) => {
      await transaction.objectStore("sessions").delete(sessionId);
      await transaction.objectStore("messages").delete(this.#seqRange(sessionId, 1, Number.POSITIVE_INFINITY));
      await transaction.objectStore("values").delete(this.#keysOf(sessionId));
    });
  }

  async getValue(sessionId: string, key: string): Promise<string | undefined> {
    return (await (await this.#open()).get("values", [sessionId, key]))?.json;
  }

  setValue(sessionId: string, key: string, json: string): Promise<void> {
    return this.#write(["values"], async (transaction) => {
      await transaction.objectStore("values").put({ sessionId, key, json });
    });
  }

  deleteValue(sessionId: string, key: string): Promise<void> {
    return this.#write(["values"], async (transaction) => {
      await transaction.objectStore("values").delete([sessionId, key]);
    });
  }

  async listValues(sessionId: string): Promise<[string, string][]> {
    const rows = await (await this.#open()).getAll("values", this.#keysOf(sessionId));
    return rows.map((row) => [row.key, row.json]);
  }

  async close(): Promise<void> {
    const database = this.#database;
    this.#database = undefined;
    if (database !== undefined) (await database.catch(() => undefined))?.close();
  }

  /** The open database; reopened after another tab's upgrade or the browser closed it. */
  #open(): Promise<Database> {
    if (this.#database === undefined) {
      const opening = openStoreDatabase(this.#factory, this.#name).then((database) => {
        const forget = () => {
          database.close();
          if (this.#database === opening) this.#database = undefined;
        };
        database.addEventListener("versionchange", forget);
        database.addEventListener("close", forget);
        return database;
      });
      opening.catch(() => {
        if (this.#database === opening) this.#database = undefined;
      });
      this.#database = opening;
    }
    return this.#database;
  }

  /** Runs `body` in one strict-durability transaction; any failure aborts it, so nothing is half-written. */
  async #write<T>(names: Names, body: (transaction: Transaction) => Promise<T>): Promise<T> {
    const database = await this.#open();
    const transaction = database.transaction<Names, "readwrite">(names, "readwrite", { durability: "strict" });
    const done = transaction.done;
    done.catch(() => undefined);
    try {
      const result = await body(transaction);
      await done;
      return result;
    } catch (error) {
      try {
        transaction.abort();
      } catch {
        // Already finished or aborted: nothing of it was committed.
      }
      await done.catch(() => undefined);
      throw isAbort(error) && transaction.error ? transaction.error : error;
    }
  }

  #seqRange(sessionId: string, from: number, to: number): KeyRange {
    return this.#keyRange.bound([sessionId, from], [sessionId, to]) as KeyRange;
  }

  /** Every `[sessionId, key]` with a string key: arrays sort after strings in IndexedDB. */
  #keysOf(sessionId: string): KeyRange {
    return this.#keyRange.bound([sessionId, ""], [sessionId, []]) as KeyRange;
  }
}

function newSession(sessionId: string, at: number): SessionRecord {
  return { sessionId, createdAt: at, updatedAt: at, messageCount: 0 };
}

function messageRecord(sessionId: string, seq: number, at: number, message: EncodedMessage): MessageRecord {
  return { sessionId, seq, at, message: message.message as Message };
}

function infoOf(record: SessionRecord): SessionInfo {
  return sessionInfo(record.sessionId, {
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    messageCount: record.messageCount,
    title: record.title ?? record.autoTitle,
  });
}

function isAbort(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === "AbortError";
}
