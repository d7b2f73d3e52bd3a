/**
 * A sandboxed module's own key-value area in the session's store (`permissions.storage`), under
 * a byte quota. Keys live under `sandbox:<id length>:<module id>:` in the session's values, so a
 * module sees only its own; the quota counts the UTF-8 bytes of its keys and JSON values.
 */
import { KernelError } from "../../../src/errors.ts";
import type { MessageStore } from "../../../src/storage/message-store.ts";
import { deny } from "./violations.ts";

/** What a guest may ask of its storage area. */
export type StorageRequest =
  | { readonly method: "get"; readonly key: string }
  | { readonly method: "set"; readonly key: string; readonly value: unknown }
  | { readonly method: "delete"; readonly key: string }
  | { readonly method: "keys" };

const MAX_KEY_LENGTH = 256;
const encoder = new TextEncoder();

function entryBytes(key: string, json: string): number {
  return encoder.encode(key).byteLength + encoder.encode(json).byteLength;
}

/** One module's area: serialized operations, usage counted once and kept up to date. */
export class StorageArea {
  readonly #store: MessageStore;
  readonly #sessionId: string;
  readonly #prefix: string;
  readonly #quotaBytes: number;
  #sizes: Map<string, number> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(store: MessageStore, sessionId: string, moduleId: string, quotaBytes: number) {
    this.#store = store;
    this.#sessionId = sessionId;
    // The id's length first: modules "notes" and "notes:cache" must never share a key space.
    this.#prefix = `sandbox:${moduleId.length}:${moduleId}:`;
    this.#quotaBytes = quotaBytes;
  }

  /**
   * Runs one request; requests run one at a time so the quota check and the write agree.
   *
   * @throws Denial over quota; KernelError `invalid_argument` for a bad key or value, `storage_failed`.
   */
  run(request: StorageRequest, signal?: AbortSignal): Promise<unknown> {
    const next = this.#queue.then(() => this.#run(request, signal));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #run(request: StorageRequest, signal: AbortSignal | undefined): Promise<unknown> {
    const options = signal ? { signal } : {};
    const sizes = await this.#usage(signal);
    if (request.method === "keys") return [...sizes.keys()].sort();
    const key = checkKey(request.key);
    const stored = `${this.#prefix}${key}`;
    switch (request.method) {
      case "get": {
        const value = await this.#store.getValue(this.#sessionId, stored, options);
        return value === undefined ? null : value;
      }
      case "delete":
        await this.#store.deleteValue(this.#sessionId, stored, options);
        sizes.delete(key);
        return null;
      case "set": {
        const json = JSON.stringify(request.value);
        if (json === undefined)
          throw new KernelError("invalid_argument", `storage.set("${key}"): the value must be JSON data`);
        const size = entryBytes(key, json);
        const used = [...sizes.values()].reduce((sum, bytes) => sum + bytes, 0) - (sizes.get(key) ?? 0);
        if (used + size > this.#quotaBytes) {
          deny(
            { capability: "storage", action: "set", target: key, reason: "over quota" },
            `storage.set("${key}") needs ${size} bytes but only ${Math.max(0, this.#quotaBytes - used)} of this module's ${this.#quotaBytes}-byte quota are free`,
          );
        }
        await this.#store.setValue(this.#sessionId, stored, JSON.parse(json), options);
        sizes.set(key, size);
        return null;
      }
    }
  }

  async #usage(signal: AbortSignal | undefined): Promise<Map<string, number>> {
    if (this.#sizes) return this.#sizes;
    const values = await this.#store.listValues(this.#sessionId, signal ? { signal } : {});
    const sizes = new Map<string, number>();
    for (const [stored, value] of Object.entries(values)) {
      if (!stored.startsWith(this.#prefix)) continue;
      const key = stored.slice(this.#prefix.length);
      sizes.set(key, entryBytes(key, JSON.stringify(value) ?? "null"));
    }
    this.#sizes = sizes;
    return sizes;
  }
}

function checkKey(key: unknown): string {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new KernelError("invalid_argument", `storage: a key must be a string of 1 to ${MAX_KEY_LENGTH} characters`);
  }
  return key;
}
