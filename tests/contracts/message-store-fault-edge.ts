/**
 * Fault-injecting wrappers for the edge stores' handles: a Workers KV namespace whose chosen `put`
 * or `delete` fails, and Durable Object storage whose chosen write statement fails inside its
 * transaction. They work over the real bindings in workerd and over the node test doubles alike.
 */
import type { DurableObjectStorageLike, KvNamespaceLike } from "../../src/storage/index.ts";
import type { FaultInjector, FaultKind } from "./message-store-harness.ts";

/** Counts writes and says which one must fail; one counter may serve several wrappers. */
export interface FaultCounter {
  readonly injector: FaultInjector;
  next(): FaultKind | undefined;
}

/** A new fault counter. */
export function faultCounter(): FaultCounter {
  let armed: { nth: number; kind: FaultKind; seen: number } | undefined;
  let fired = false;
  return {
    injector: {
      failWrite(nth, kind) {
        armed = { nth, kind, seen: 0 };
        fired = false;
      },
      get fired() {
        return fired;
      },
      reset() {
        armed = undefined;
      },
    },
    next() {
      if (armed === undefined) return undefined;
      armed.seen += 1;
      if (armed.seen < armed.nth) return undefined;
      const { kind } = armed;
      armed = undefined;
      fired = true;
      return kind;
    },
  };
}

function injectedError(kind: FaultKind, what: string): Error {
  return kind === "quota"
    ? new DOMException(`Injected fault: ${what} is over its storage or write quota.`, "QuotaExceededError")
    : new Error(`Injected fault: ${what} failed, the connection was lost.`);
}

/** Wraps a KV namespace: the chosen write rejects before it reaches KV. */
export function faultyKv(
  kv: KvNamespaceLike,
  counter: FaultCounter = faultCounter(),
): { kv: KvNamespaceLike; faults: FaultInjector } {
  const guard = (what: string) => {
    const fault = counter.next();
    if (fault !== undefined) throw injectedError(fault, what);
  };
  return {
    faults: counter.injector,
    kv: {
      get: (key, type) => kv.get(key, type),
      list: (options) => kv.list(options),
      async put(key, value, options) {
        guard(`KV put ${key}`);
        await kv.put(key, value, options);
      },
      async delete(key) {
        guard(`KV delete ${key}`);
        await kv.delete(key);
      },
    },
  };
}

const WRITE_STATEMENT = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;

/**
 * Wraps Durable Object storage: the chosen write statement fails. A `quota` fault fails before the
 * statement runs (SQLITE_FULL); an `abort` fault runs it and then fails, as a crash before commit.
 */
export function faultyDurableObjectStorage(
  storage: DurableObjectStorageLike,
  counter: FaultCounter = faultCounter(),
): {
  storage: DurableObjectStorageLike;
  faults: FaultInjector;
} {
  return {
    faults: counter.injector,
    storage: {
      sql: {
        exec(query, ...bindings) {
          const fault = WRITE_STATEMENT.test(query) ? counter.next() : undefined;
          if (fault === "quota") throw injectedError(fault, "SQLite write");
          const cursor = storage.sql.exec(query, ...bindings);
          if (fault === "abort") throw injectedError(fault, "SQLite transaction");
          return cursor;
        },
      } as DurableObjectStorageLike["sql"],
      transactionSync: (closure) => storage.transactionSync(closure),
      sync: () => storage.sync?.() ?? Promise.resolve(),
    },
  };
}
