/**
 * What the worker host owns besides its sessions: the store (opened on first use) and the
 * sandboxes. Each session gets its own sandboxes, so its secrets (from the env the page
 * passed) reach only its modules' gated requests, and closing the session ends its sandboxes and
 * their workers. The QuickJS wasm is compiled once per worker, on first use.
 */
import { createSandboxes, type Sandboxes } from "../../sandbox/create-sandboxes.ts";
import type { CapabilityHost } from "../../sandbox/kernel/capabilities/capability-gate.ts";
import { mcpNetwork } from "../../sandbox/kernel/capabilities/granted-fetch.ts";
import type { EngineObserver } from "../../sandbox/protocol.ts";
import { type WebWorkerLike, webWorkerSpawner } from "../../sandbox/transport/web-worker.ts";
import type { SandboxLoader } from "../../src/contracts.ts";
import { describeError, KernelError } from "../../src/errors.ts";
import type { ToolMcpOptions } from "../../src/modules/tool-mcp/host-seam.ts";
import { createIndexedDBStore, type IndexedDBFactoryLike } from "../../src/storage/index.ts";
import type { MessageStore } from "../../src/storage/message-store.ts";
import { loadQuickJSWasm } from "./quickjs-wasm.ts";

/** Options of {@link HostResources}. */
export interface HostResourcesOptions {
  /** Opens the store; default IndexedDB (`indexedDB` of this worker) named `databaseName`. */
  readonly openStore?: (() => Promise<MessageStore>) | undefined;
  /** Default `amplifier-edge`. */
  readonly databaseName?: string | undefined;
  /**
   * Starts a dedicated worker for each sandboxed module (worker placement, the default); default `sandbox-worker.ts`.
   * Pass your own when your bundler needs to see the `new Worker(new URL(...))`.
   */
  readonly createSandboxWorker?: (() => WebWorkerLike) | undefined;
  /**
   * Compiles the QuickJS release wasm for this worker's sandboxes (default: fetches the copy the
   * package ships beside its entries, `amplifier-edge/quickjs.wasm`, found by `new URL(...)`).
   * Give it when your bundler does not follow `new URL("…", import.meta.url)` (esbuild).
   */
  readonly loadQuickJSWasm?: (() => Promise<WebAssembly.Module>) | undefined;
  /** What sandboxed modules' gated requests use: fetch, limits (secrets come from each session's env). */
  readonly capabilities?: Omit<CapabilityHost, "secrets" | "store"> | undefined;
  /** Told when engine instances are created and disposed (tests check that none is left behind). */
  readonly engineObserver?: EngineObserver | undefined;
  /** Fetches https module sources; default the worker's fetch. */
  readonly fetchSource?: ((url: string, init?: RequestInit) => Promise<Response>) | undefined;
}

/** Sandboxes for one owner (a session, or one module check), released together. */
export interface SessionSandboxes extends AsyncDisposable {
  readonly loader: SandboxLoader;
}

/** The store and sandboxes of one worker host. */
export class HostResources implements AsyncDisposable {
  #store: Promise<MessageStore> | undefined;
  readonly #sandboxes = new Set<SessionSandboxes>();
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

  /**
   * What `tool-mcp` gets in this worker: each MCP server's connection through the sandbox's fetch
   * gate (its `capabilities.fetch` underneath), with credentials from `env`; no stdio in a browser.
   */
  toolMcpOptions(env: Readonly<Record<string, string>> | undefined): ToolMcpOptions {
    return {
      network: mcpNetwork({ fetch: this.options.capabilities?.fetch, secrets: (name) => env?.[name] }),
      runtime: "the browser (the web worker host)",
    };
  }

  /**
   * Sandboxes whose credentials come from `env` (nothing when undefined). The sandboxes start on
   * the first sandboxed module, so a plan without one never compiles QuickJS.
   */
  sandboxes(env: Readonly<Record<string, string>> | undefined): SessionSandboxes {
    let sandboxes: Promise<Sandboxes> | undefined;
    const start = async (): Promise<Sandboxes> => {
      if (this.#disposed) throw new KernelError("sandbox_unavailable", "The worker host was disposed.");
      const wasmModule = await (this.options.loadQuickJSWasm ?? loadQuickJSWasm)();
      const createWorker = this.options.createSandboxWorker ?? defaultSandboxWorker;
      return createSandboxes({
        wasmModule,
        spawnWorker: webWorkerSpawner(createWorker, { wasmModule }),
        // Workers start when a sandboxed module mounts, not ahead of time for every session.
        poolSize: 0,
        ...this.options.engineObserver,
        capabilities: {
          ...this.options.capabilities,
          secrets: (name) => env?.[name],
        },
        fetchSource: this.options.fetchSource ?? ((url, init) => fetch(url, init)),
      });
    };
    const owned: SessionSandboxes = {
      loader: {
        load: async (entry, context) => {
          sandboxes ??= start().catch((error: unknown) => {
            sandboxes = undefined;
            throw KernelError.is(error)
              ? error
              : new KernelError("sandbox_unavailable", `Cannot start the sandbox: ${describeError(error)}`, {
                  cause: error,
                });
          });
          const { loader } = await sandboxes;
          return loader.load(entry, context);
        },
      },
      [Symbol.asyncDispose]: async () => {
        this.#sandboxes.delete(owned);
        const started = await sandboxes?.catch(() => undefined);
        await started?.[Symbol.asyncDispose]();
      },
    };
    this.#sandboxes.add(owned);
    return owned;
  }

  async #openStore(): Promise<MessageStore> {
    if (this.options.openStore) return this.options.openStore();
    const factory = (globalThis as { indexedDB?: IndexedDBFactoryLike }).indexedDB;
    if (factory === undefined) throw new KernelError("storage_failed", "This worker has no IndexedDB.");
    return createIndexedDBStore(factory, { name: this.options.databaseName ?? "amplifier-edge" });
  }

  /** Releases every sandbox still held, then closes the store. Idempotent. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const owned of [...this.#sandboxes].reverse()) {
      try {
        await owned[Symbol.asyncDispose]();
      } catch {
        // The store still closes; a sandbox that fails to stop is gone with the worker anyway.
      }
    }
    const store = await this.#store?.catch(() => undefined);
    await store?.close();
  }
}

function defaultSandboxWorker(): WebWorkerLike {
  return new Worker(new URL("./sandbox-worker.ts", import.meta.url), {
    type: "module",
    name: "amplifier-edge sandbox",
  });
}
