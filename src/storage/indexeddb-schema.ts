/**
 * The IndexedDB schema of the store, its migrations, and opening a database through any
 * `IDBFactory` (the browser's, a worker's, or fake-indexeddb's), never through a global.
 */
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, wrap } from "idb";
import type { Message } from "../models/index.ts";
import type { IndexedDBFactoryLike } from "./indexeddb-factory.ts";
import { type Migration, newerSchemaError, planMigrations } from "./migrations.ts";

/** A session row. `messageCount` is also the last sequence number: the history is `1..messageCount`. */
export interface SessionRecord {
  sessionId: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
  title?: string | undefined;
  autoTitle?: string | undefined;
}

/** One message row, keyed `[sessionId, seq]`. */
export interface MessageRecord {
  sessionId: string;
  seq: number;
  at: number;
  message: Message;
}

/** One value of a session's key-value area, keyed `[sessionId, key]`, kept as JSON text. */
export interface ValueRecord {
  sessionId: string;
  key: string;
  json: string;
}

/** The database layout at the current version. */
export interface StoreDatabaseSchema extends DBSchema {
  sessions: { key: string; value: SessionRecord; indexes: { by_updated: number } };
  messages: { key: [string, number]; value: MessageRecord };
  values: { key: [string, string]; value: ValueRecord };
}

type Names = ("sessions" | "messages" | "values")[];

/** What a migration step gets: the database and the upgrade transaction. */
export interface IndexedDBUpgrade {
  readonly database: IDBPDatabase<StoreDatabaseSchema>;
  readonly transaction: IDBPTransaction<StoreDatabaseSchema, Names, "versionchange">;
}

/** The schema's history. Add a step to change it; never edit a released one. */
export const INDEXEDDB_MIGRATIONS: readonly Migration<IndexedDBUpgrade>[] = [
  {
    version: 1,
    description: "sessions, and messages keyed by [sessionId, seq]",
    up({ database }) {
      database.createObjectStore("sessions", { keyPath: "sessionId" });
      database.createObjectStore("messages", { keyPath: ["sessionId", "seq"] });
    },
  },
  {
    version: 2,
    description: "per-session values; sessions indexed by update time",
    up({ database, transaction }) {
      database.createObjectStore("values", { keyPath: ["sessionId", "key"] });
      transaction.objectStore("sessions").createIndex("by_updated", "updatedAt");
    },
  },
];

/** The schema version this code writes. */
export const INDEXEDDB_SCHEMA_VERSION = 2;

/**
 * Opens (creating or upgrading) the store's database through `factory`.
 * @throws KernelError `storage_failed` (reason `newer_schema`) when a newer version wrote it.
 */
export async function openStoreDatabase(
  factory: IndexedDBFactoryLike,
  name: string,
  version = INDEXEDDB_SCHEMA_VERSION,
): Promise<IDBPDatabase<StoreDatabaseSchema>> {
  const request = factory.open(name, version);
  let upgradeError: unknown;
  request.addEventListener("upgradeneeded", (event) => {
    try {
      const upgrade = {
        database: wrap(request.result as never),
        transaction: wrap(request.transaction as never),
      } as unknown as IndexedDBUpgrade;
      for (const step of planMigrations("indexeddb", INDEXEDDB_MIGRATIONS, event.oldVersion, version)) {
        step.up(upgrade);
      }
    } catch (error) {
      upgradeError = error;
      request.transaction?.abort();
    }
  });
  try {
    return (await wrap(request as never)) as unknown as IDBPDatabase<StoreDatabaseSchema>;
  } catch (error) {
    if (upgradeError !== undefined) throw upgradeError;
    if ((error as { name?: unknown } | null)?.name === "VersionError") {
      throw newerSchemaError("indexeddb", await storedVersion(factory, name), version);
    }
    throw error;
  }
}

async function storedVersion(factory: IndexedDBFactoryLike, name: string): Promise<number> {
  const databases = factory.databases === undefined ? [] : await factory.databases();
  return databases.find((info) => info.name === name)?.version ?? Number.NaN;
}
