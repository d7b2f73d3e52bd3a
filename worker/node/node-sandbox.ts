/**
 * The sandboxes of the CLI: each untrusted module in its own worker thread (the plan may ask for
 * `placement: inline`), module sources read from disk relative to the plan, https sources fetched
 * by the host, and the secrets a plan grants resolved from the CLI's environment map.
 */
import { readFile } from "node:fs/promises";
import { createSandboxes, type Sandboxes } from "../../sandbox/create-sandboxes.ts";
import type { CapabilityHost } from "../../sandbox/kernel/capabilities/capability-gate.ts";
import type { EngineObserver } from "../../sandbox/protocol.ts";
import type { MessageStore } from "../../src/storage/message-store.ts";
import { loadQuickJSWasm } from "./quickjs-wasm.ts";
import { nodeSandboxThreads } from "./sandbox-thread.ts";

/** Options of {@link createNodeSandboxes}. */
export interface NodeSandboxOptions extends EngineObserver {
  /** Where secrets named in a plan's `permissions.secrets` come from (the CLI passes its environment). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The store behind `permissions.storage` (default: the session's). */
  readonly store?: MessageStore | undefined;
  /** What the gates use besides secrets and store: the fetch behind a granted `fetch` (default Node's), its limits. */
  readonly capabilities?: Omit<CapabilityHost, "secrets" | "store"> | undefined;
}

/** Creates the sandboxes for one CLI run, compiling the QuickJS wasm once and sharing it with the threads. */
export async function createNodeSandboxes(options: NodeSandboxOptions = {}): Promise<Sandboxes> {
  const wasmModule = await loadQuickJSWasm();
  const env = options.env ?? {};
  return createSandboxes({
    wasmModule,
    spawnWorker: nodeSandboxThreads({ wasmModule }),
    // A CLI run mounts its modules once: a worker kept ready for a module that may never come costs a thread.
    poolSize: 0,
    onCreated: options.onCreated,
    onDisposed: options.onDisposed,
    onDiagnostic: options.onDiagnostic,
    capabilities: {
      fetch: (url, init) => fetch(url, init),
      ...options.capabilities,
      secrets: (name) => env[name],
      ...(options.store === undefined ? {} : { store: options.store }),
    },
    readFile: (path) => readFile(path, "utf8"),
    fetchSource: (url, init) => fetch(url, init),
  });
}
