/**
 * A fault-injecting IndexedDB: wraps an `IDBFactory` so that every object it hands out (databases,
 * transactions, object stores, requests) is a proxy, and a chosen write (`add`, `put`, `delete`,
 * `clear`) fails like a full disk (QuotaExceededError) or an aborted transaction.
 * Works over Chromium's IndexedDB and over fake-indexeddb alike.
 */
import type { FaultInjector, FaultKind } from "./message-store-harness.ts";

const WRITES = new Set<PropertyKey>(["add", "put", "delete", "clear"]);

/** Wraps `factory`; the returned injector arms faults in every database opened through it. */
export function faultyIndexedDB(factory: IDBFactory): { factory: IDBFactory; faults: FaultInjector } {
  const proxies = new WeakMap<object, object>();
  let armed: { nth: number; kind: FaultKind; seen: number } | undefined;
  let fired = false;
  const kinds = [IDBFactory, IDBDatabase, IDBTransaction, IDBObjectStore, IDBIndex, IDBRequest, IDBCursor];
  const isIndexedDBObject = (value: unknown): value is object =>
    typeof value === "object" && value !== null && kinds.some((kind) => value instanceof kind);

  /** Returns the fault to raise for this write, if it is the armed one. */
  const faultFor = (): FaultKind | undefined => {
    if (armed === undefined) return undefined;
    armed.seen += 1;
    if (armed.seen < armed.nth) return undefined;
    const { kind } = armed;
    armed = undefined;
    fired = true;
    return kind;
  };

  const wrapValue = (value: unknown): unknown => (isIndexedDBObject(value) ? proxy(value) : value);

  function proxy<T extends object>(target: T): T {
    const existing = proxies.get(target);
    if (existing !== undefined) return existing as T;
    const made = new Proxy(target, {
      get(object, property) {
        const value: unknown = Reflect.get(object, property, object);
        if (typeof value !== "function") return wrapValue(value);
        return (...args: unknown[]) => {
          const fault = object instanceof IDBObjectStore && WRITES.has(property) ? faultFor() : undefined;
          if (fault === "quota") {
            throw new DOMException("Injected fault: the storage quota has been exceeded.", "QuotaExceededError");
          }
          const result: unknown = Reflect.apply(value, object, args);
          if (fault === "abort") (object as IDBObjectStore).transaction.abort();
          return wrapValue(result);
        };
      },
      set(object, property, value) {
        return Reflect.set(object, property, value, object);
      },
    });
    proxies.set(target, made);
    return made;
  }

  return {
    factory: proxy(factory),
    faults: {
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
  };
}
