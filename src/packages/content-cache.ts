/**
 * Where module tarballs are kept by content: the key is the tarball's `sha512-…` integrity, so a
 * cached entry can never answer for other bytes, and a pinned module loads without its registry.
 * Each runtime has its own (a folder in Node, IndexedDB in browsers, KV on Workers); all of them
 * keep this contract.
 */

/** A content-addressed store of tarballs. Readers check the integrity again; a store need not. */
export interface ContentCache {
  /** The bytes stored under `integrity`, or undefined. */
  get(integrity: string): Promise<Uint8Array | undefined>;
  /** Stores `bytes` under their `integrity` (computed by the caller). */
  put(integrity: string, bytes: Uint8Array): Promise<void>;
}

/** A ContentCache in memory, for one process (tests, short-lived CLIs). */
export function memoryContentCache(): ContentCache {
  const entries = new Map<string, Uint8Array>();
  return {
    async get(integrity) {
      return entries.get(integrity);
    },
    async put(integrity, bytes) {
      entries.set(integrity, bytes.slice());
    },
  };
}
