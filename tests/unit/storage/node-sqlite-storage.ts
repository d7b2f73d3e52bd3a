/**
 * A test double of a SQLite-backed Durable Object's storage over Node's built-in `node:sqlite`, so
 * that the Durable Object store's SQL also runs in fast node tests (workerd runs the real thing).
 */
import { DatabaseSync } from "node:sqlite";
import type { DurableObjectStorageLike, SqlValue } from "../../../src/storage/index.ts";

/** A Durable Object storage look-alike over one in-memory SQLite database. */
export function nodeSqliteStorage(): DurableObjectStorageLike & { close(): void } {
  const database = new DatabaseSync(":memory:");
  return {
    sql: {
      exec<Row extends Record<string, SqlValue>>(query: string, ...bindings: SqlValue[]) {
        const rows = database.prepare(query).all(...(bindings as (string | number | null)[])) as Row[];
        return { toArray: () => rows.map((row) => ({ ...row })) };
      },
    },
    transactionSync<T>(closure: () => T): T {
      database.exec("BEGIN");
      try {
        const result = closure();
        database.exec("COMMIT");
        return result;
      } catch (error) {
        database.exec("ROLLBACK");
        throw error;
      }
    },
    async sync() {},
    close: () => database.close(),
  };
}
