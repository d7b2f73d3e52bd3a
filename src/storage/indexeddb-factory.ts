/**
 * The part of IndexedDB the store takes as its handle, declared here without the DOM library or
 * idb's types, so that code (and declarations) importing the storage barrel typecheck on Workers.
 */

/**
 * The part of an `IDBFactory` the store uses. `indexedDB` and fake-indexeddb's factory satisfy it
 * as they are.
 */
export interface IndexedDBFactoryLike {
  open(name: string, version?: number): IndexedDBOpenRequestLike;
  deleteDatabase(name: string): unknown;
  databases?(): Promise<readonly { name?: string; version?: number }[]>;
}

/** The part of an `IDBOpenDBRequest` the store uses. */
export interface IndexedDBOpenRequestLike {
  readonly result: unknown;
  readonly transaction: { abort(): void } | null;
  addEventListener(type: "upgradeneeded", listener: (event: { readonly oldVersion: number }) => void): void;
}
