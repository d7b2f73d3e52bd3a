/**
 * What the worker host owns besides its sessions: the store (opened on first use) and the sandbox
 * loader (the QuickJS wasm compiled on first use). Both are created lazily, so a page that only
 * lists sessions never compiles QuickJS, and released in reverse order.
 */
import type { SandboxConnector } from "../../sandbox/connection.ts";
import { inlineConnector } from "../../sandbox/connection.ts";
import { createSandboxLoader } from "../../sandbox/loader.ts";
import type { SandboxLoader } from "../../src/contracts.ts";
import { describeError, KernelError } from "../../src/errors.ts";
import { createIndexedDBStore, type IndexedDBFactoryLike } from "../../src/storage/index.ts";
import type { MessageStore } from "../../src/storage/message-store.ts";
import { loadQuickJSWasm } from "./quickjs-wasm.ts";

/** A sandbox connector and what releases it (worker threads, warm pools). */
export interface SandboxConnection {
  readonly connect: SandboxConnector;
  dispose?(): Promise<void>;
}

/** Options of {@link HostResources}. */
export interface HostResourcesOptions {
  /** Opens the store; default IndexedDB (`indexedDB` of this worker) with the given name. */
  readonly openStore?: (() => Promise<MessageStore>) | undefined;
  readonly databaseName?: string | undefined;
  /** Connects sandboxes; default inline QuickJS in this worker. */
  readonly connectSandbox?: (() => Promise<SandboxConnection>) | undefined;
  /** Fetches https module sources; default the worker's fetch. */
  readonly fetch?: ((url: string, init?: RequestInit) => Promise<Response>) | undefined;
}

/** The store and sandboxes of one worker host. */
export class HostResources implements AsyncDisposable {
  #store: Promise<MessageStore> | undefined;
  #connection: Promise<SandboxConnection> | undefined;
  #disposed = false;

  constructor(private readonly options: HostResourcesOptions) {}

  /**
   * The store, opened on first use.
   * @throws KernelError `storage_failed` when it cannot be opened (a later call tries again).
   */
  store(): Promise<MessageStore> {
    if (this.#disposed) return Promise.reject(new KernelError("storage_failed", "The worker host was disposed."));
    this.#store ??= this.#openStore().catch((error: unknown) => {
      this.#store = undefined;
      throw KernelError.is(error)
        ? error
        : new KernelError("storage_failed", `Cannot open the session store: ${describeError(error)}`, { cause: error });
    });
    return this.#store;
  }

  /** A SandboxLoader whose sandboxes start on first load. */
  readonly sandbox: SandboxLoader = {
    load: async (entry, context) => {
      const { connect } = await this.#sandboxConnection();
      return createSandboxLoader({ connect, fetch: this.options.fetch ?? ((url, init) => fetch(url, init)) }).load(
        entry,
        context,
      );
    },
  };

  #sandboxConnection(): Promise<SandboxConnection> {
    if (this.#disposed) return Promise.reject(new KernelError("sandbox_unavailable", "The worker host was disposed."));
    this.#connection ??= (this.options.connectSandbox ?? defaultSandbox)().catch((error: unknown) => {
      this.#connection = undefined;
      throw new KernelError("sandbox_unavailable", `Cannot start the sandbox: ${describeError(error)}`, {
        cause: error,
      });
    });
    return this.#connection;
  }

  async #openStore(): Promise<MessageStore> {
    if (this.options.openStore) return this.options.openStore();
    const factory = (globalThis as { indexedDB?: IndexedDBFactoryLike }).indexedDB;
    if (factory === undefined) throw new KernelError("storage_failed", "This worker has no IndexedDB.");
    return createIndexedDBStore(factory, { name: this.options.databaseName ?? "amplifier-edge" });
  }

  /** Releases the sandboxes, then closes the store. Idempotent. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    const connection = await this.#connection?.catch(() => undefined);
    await connection?.dispose?.();
    const store = await this.#store?.catch(() => undefined);
    await store?.close();
  }
}

async function defaultSandbox(): Promise<SandboxConnection> {
  return { connect: inlineConnector({ wasmModule: await loadQuickJSWasm() }) };
}
