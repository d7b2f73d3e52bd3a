/**
 * The sandboxes of a Cloudflare session: the one composition, inline (Workers have no threads).
 * An inline module's bounds are the engine's interrupt, the prelude's guards against builtins that
 * loop where no interrupt reaches, and the platform's CPU limit per request (`[limits] cpu_ms` in
 * wrangler.toml): a module that exhausts it resets the Durable Object, which resumes from its
 * stored history on the next request.
 */
import { createSandboxes, type Sandboxes } from "../../sandbox/create-sandboxes.ts";
import type { CapabilityHost } from "../../sandbox/kernel/capabilities/capability-gate.ts";
import type { EngineObserver } from "../../sandbox/protocol.ts";
import type { MessageStore } from "../../src/storage/message-store.ts";

/** What a session's sandboxes are made from. */
export interface CloudflareSandboxOptions extends EngineObserver {
  readonly wasmModule: WebAssembly.Module;
  /** The plan's `${NAME}` map: the only place secrets named in `permissions.secrets` come from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The store behind `permissions.storage`. */
  readonly store?: MessageStore | undefined;
  /** What the gates use besides secrets and store: the fetch behind a granted `fetch` (default the Worker's), its limits. */
  readonly capabilities?: Omit<CapabilityHost, "secrets" | "store"> | undefined;
  /** Fetches https module sources. */
  readonly fetchSource?: ((url: string, init?: RequestInit) => Promise<Response>) | undefined;
}

/** The sandboxes of one session in its Durable Object. */
export function cloudflareSandboxes(options: CloudflareSandboxOptions): Sandboxes {
  return createSandboxes({
    wasmModule: options.wasmModule,
    onCreated: options.onCreated,
    onDisposed: options.onDisposed,
    onDiagnostic: options.onDiagnostic,
    capabilities: {
      fetch: (url, init) => fetch(url, init),
      ...options.capabilities,
      secrets: (name) => options.env[name],
      ...(options.store === undefined ? {} : { store: options.store }),
    },
    fetchSource: options.fetchSource,
  });
}
