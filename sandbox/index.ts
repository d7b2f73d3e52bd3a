/// <reference lib="esnext.disposable" preserve="true" />
/**
 * amplifier-edge/sandbox: untrusted modules in QuickJS WebAssembly sandboxes, one per module, with
 * hard limits and only the capabilities their plan grants. One composition for every runtime:
 * `createSandboxes`; the runtime entries (`amplifier-edge/web`, `/cloudflare`, the CLI) build it
 * for you, so most applications never import this directly.
 */

export { createSandboxes, type Sandboxes, type SandboxesOptions } from "./create-sandboxes.ts";
export type { CapabilityHost } from "./kernel/capabilities/capability-gate.ts";
export type { HostFetch } from "./kernel/capabilities/fetch-gate.ts";
export { type GrantedNetworkHost, mcpNetwork } from "./kernel/capabilities/granted-fetch.ts";
export { permissionWarnings, type ResolvedPermissions, resolvePermissions } from "./kernel/capabilities/permissions.ts";
export type { SecretResolver } from "./kernel/capabilities/secrets.ts";
export type { PolicyViolation } from "./kernel/capabilities/violations.ts";
export { DEFAULT_SANDBOX_LIMITS, resolveSandboxLimits } from "./kernel/limits.ts";
export type { KillReason, SandboxLimits, SandboxPlacement, SandboxSource } from "./protocol.ts";
export { type WebWorkerLike, webWorkerSpawner } from "./transport/web-worker.ts";
export type { SandboxThreadSpawner } from "./transport/worker-thread.ts";
