/**
 * The SQLite schema of the Durable Object store and the structural types of the storage it needs,
 * so that src/ never imports Cloudflare's types: `ctx.storage` of a SQLite-backed Durable Object
 * satisfies {@link DurableObjectStorageLike} as it is.
 */
import { KernelError } from "../errors.ts";
import { type Migration, planMigrations } from "./migrations.ts";

/** A value SQLite hands back or takes as a binding. */
export type SqlValue = string | number | null | ArrayBuffer;

/** The cursor `sql.exec` returns. */
export interface SqlCursorLike<Row> {
  toArray(): Row[];
}

/** `ctx.storage.sql`: runs one statement at once and returns its rows. */
export interface SqlStorageLike {
  exec<Row extends Record<string, SqlValue>>(query: string, ...bindings: SqlValue[]): SqlCursorLike<Row>;
}

/** The part of a SQLite-backed Durable Object's `ctx.storage` the store uses. */
export interface DurableObjectStorageLike {
  readonly sql: SqlStorageLike;
  /** Runs `closure` as one transaction: all of its statements commit, or none. */
  transactionSync<T>(closure: () => T): T;
  /** Resolves when every write so far is durable (optional: a DO's output gate also waits for it). */
  sync?(): Promise<void>;
}

/** Table names of one store; every table starts with the store's prefix. */
export interface Tables {
  readonly schema: string;
  readonly sessions: string;
  readonly messages: string;
  readonly values: string;
}

/** Table names for `prefix` (default `amplifier_`). */
export function tablesFor(prefix: string): Tables {
  if (!/^[A-Za-z][A-Za-z0-9_]{0,30}$/.test(prefix)) {
    throw new KernelError("invalid_argument", `table prefix "${prefix}" must be a letter then letters, digits or _`, {
      issues: [
        { path: ["tablePrefix"], message: "must be a letter then letters, digits or _", code: "invalid_format" },
      ],
    });
  }
  return {
    schema: `${prefix}schema`,
    sessions: `${prefix}sessions`,
    messages: `${prefix}messages`,
    values: `${prefix}values`,
  };
}

interface SqlUpgrade {
  readonly sql: SqlStorageLike;
  readonly tables: Tables;
}

/** The schema's history. Add a step to change it; never edit a released one. */
export const DURABLE_OBJECT_MIGRATIONS: readonly Migration<SqlUpgrade>[] = [
  {
    version: 1,
    description: "sessions, and messages keyed by (session_id, seq)",
    up({ sql, tables }) {
      sql.exec(
        `CREATE TABLE ${tables.sessions} (session_id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, ` +
          "updated_at INTEGER NOT NULL, message_count INTEGER NOT NULL, title TEXT, auto_title TEXT)",
      );
      sql.exec(
        `CREATE TABLE ${tables.messages} (session_id TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, ` +
          "body TEXT NOT NULL, PRIMARY KEY (session_id, seq)) WITHOUT ROWID",
      );
    },
  },
  {
    version: 2,
    description: "per-session values; sessions indexed by update time",
    up({ sql, tables }) {
      sql.exec(
        `CREATE TABLE ${tables.values} (session_id TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL, ` +
          "PRIMARY KEY (session_id, key)) WITHOUT ROWID",
      );
      sql.exec(`CREATE INDEX ${tables.sessions}_by_updated ON ${tables.sessions} (updated_at)`);
    },
  },
];

/** The schema version this code writes. */
export const DURABLE_OBJECT_SCHEMA_VERSION = 2;

/**
 * Brings the tables to `version` in one transaction.
 * @throws KernelError `storage_failed` (reason `newer_schema`) when a newer version wrote them.
 */
export function migrateDurableObject(
  storage: DurableObjectStorageLike,
  tables: Tables,
  version = DURABLE_OBJECT_SCHEMA_VERSION,
): void {
  storage.transactionSync(() => {
    const { sql } = storage;
    sql.exec(
      `CREATE TABLE IF NOT EXISTS ${tables.schema} (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)`,
    );
    const found = sql.exec<{ version: number }>(`SELECT version FROM ${tables.schema} WHERE id = 1`).toArray()[0];
    const current = found?.version ?? 0;
    const steps = planMigrations("durable-object", DURABLE_OBJECT_MIGRATIONS, current, version);
    for (const step of steps) step.up({ sql, tables });
    if (steps.length > 0) {
      sql.exec(
        `INSERT INTO ${tables.schema} (id, version) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version`,
        version,
      );
    }
  });
}
