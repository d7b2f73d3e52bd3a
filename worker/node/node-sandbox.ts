/**
 * The sandboxes of the CLI: each untrusted module in its own worker thread (the plan may ask for
 * `placement: inline`), module sources read from disk relative to the plan, https sources fetched
 * by the host, and the secrets a plan grants resolved from the CLI's environment map.
 */
import { readFile } from "node:fs/promises";
import { createSandboxBoundary } from "../../sandbox/boundary/boundary.ts";
import { createSandboxLoader } from "../../sandbox/loader.ts";
import type { SandboxLoader } from "../../src/contracts.ts";
import type { MessageStore } from "../../src/storage/message-store.ts";
import { loadQuickJSWasm } from "./quickjs-wasm.ts";
import { nodeSandboxThreads } from "./sandbox-thread.ts";

/** The CLI's sandbox loader and the threads behind it; dispose it to end them. */
export interface NodeSandboxes extends AsyncDisposable {
  readonly loader: SandboxLoader;
}

/** Options of {@link createNodeSandboxes}. */
export interface NodeSandboxOptions {
  /** Where secrets named in a plan's `permissions.secrets` come from (the CLI passes its environment). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The store behind `permissions.storage` (default: the session's). */
  readonly store?: MessageStore | undefined;
  /** Placement of modules whose plan does not say (default `worker`). */
  readonly defaultPlacement?: "inline" | "worker";
}

/** Creates the sandboxes for one CLI run, compiling the QuickJS wasm once and sharing it with the threads. */
export async function createNodeSandboxes(options: NodeSandboxOptions = {}): Promise<NodeSandboxes> {
  const wasmModule = await loadQuickJSWasm();
  const env = options.env ?? {};
  const boundary = createSandboxBoundary({
    wasmModule,
    spawnWorker: nodeSandboxThreads({ wasmModule }),
    defaultPlacement: options.defaultPlacement ?? "worker",
    poolSize: 0,
    capabilities: {
      fetch: (url, init) => fetch(url, init),
      secrets: (name) => env[name],
      ...(options.store === undefined ? {} : { store: options.store }),
    },
  });
  const loader = createSandboxLoader({
    connect: boundary.connect,
    readFile: (path) => readFile(path, "utf8"),
    fetch: (url, init) => fetch(url, init),
  });
  return { loader, [Symbol.asyncDispose]: () => boundary[Symbol.asyncDispose]() };
}
