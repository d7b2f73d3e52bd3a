/**
 * Runs a Durable Object store inside the real `SessionObject` of the Worker (through
 * `runInDurableObject`), so each call uses that object's own SQLite storage in workerd.
 */
import { runInDurableObject } from "cloudflare:test";
import { createDurableObjectStore, type MessageStore, type StoreOptions } from "../../../src/storage/index.ts";
import { type FaultCounter, faultyDurableObjectStorage } from "../../contracts/message-store-fault-edge.ts";

const stores = new WeakMap<DurableObjectState, Map<object, MessageStore>>();

/**
 * A MessageStore whose every call runs inside the Durable Object behind `stub`. Calls with the
 * same `identity` share one store instance per object instance (its lock included); after an
 * eviction the object is new, and so is the store, over the same storage.
 */
export function storeInDurableObject(
  stub: DurableObjectStub,
  options: StoreOptions,
  counter?: FaultCounter,
  identity: object = {},
): MessageStore {
  const storeFor = (state: DurableObjectState): MessageStore => {
    const byIdentity = stores.get(state) ?? new Map<object, MessageStore>();
    stores.set(state, byIdentity);
    let store = byIdentity.get(identity);
    if (store === undefined) {
      const storage =
        counter === undefined ? state.storage : faultyDurableObjectStorage(state.storage, counter).storage;
      store = createDurableObjectStore(storage, options);
      byIdentity.set(identity, store);
    }
    return store;
  };
  // While a session lock's body runs inside the object, calls it makes are other requests to the
  // same object: they run there directly (a Durable Object cannot call itself through a stub).
  let lockHolder: DurableObjectState | undefined;
  const inside = <Result>(work: (store: MessageStore) => Promise<Result>): Promise<Result> =>
    lockHolder !== undefined
      ? work(storeFor(lockHolder))
      : runInDurableObject(stub, (_instance, state) => work(storeFor(state)));
  return {
    kind: "durable-object",
    append: (...args) => inside((store) => store.append(...args)),
    load: (...args) => inside((store) => store.load(...args)),
    replace: (...args) => inside((store) => store.replace(...args)),
    clear: (...args) => inside((store) => store.clear(...args)),
    getSession: (...args) => inside((store) => store.getSession(...args)),
    listSessions: (...args) => inside((store) => store.listSessions(...args)),
    setTitle: (...args) => inside((store) => store.setTitle(...args)),
    deleteSession: (...args) => inside((store) => store.deleteSession(...args)),
    getValue: (...args) => inside((store) => store.getValue(...args)),
    setValue: (...args) => inside((store) => store.setValue(...args)),
    deleteValue: (...args) => inside((store) => store.deleteValue(...args)),
    listValues: (...args) => inside((store) => store.listValues(...args)),
    withSessionLock: (sessionId, body) =>
      runInDurableObject(stub, async (_instance, state) => {
        lockHolder = state;
        try {
          return await storeFor(state).withSessionLock(sessionId, body);
        } finally {
          lockHolder = undefined;
        }
      }),
    close: () => inside((store) => store.close()),
    [Symbol.asyncDispose]: () => inside((store) => store.close()),
  };
}

/** A stub of a fresh SessionObject. */
export function freshSessionObject(env: Env): DurableObjectStub {
  return env.SESSIONS.get(env.SESSIONS.idFromName(`storage-${crypto.randomUUID()}`));
}
