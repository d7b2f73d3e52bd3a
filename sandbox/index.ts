/** amplifier-edge/sandbox: untrusted modules in QuickJS WebAssembly sandboxes. */
export { createSandboxBoundary, type SandboxBoundary, type SandboxBoundaryOptions } from "./boundary/boundary.ts";
export { BoundaryHost, type WatchdogTimers } from "./boundary/boundary-host.ts";
export { channelEndpoint } from "./boundary/channels.ts";
export { type HostLink, linkSandboxHost } from "./boundary/host-link.ts";
export { serveSandboxHost } from "./boundary/host-service.ts";
export { createInlineThread } from "./boundary/inline-thread.ts";
export type {
  SandboxPlacement,
  SandboxThread,
  SandboxThreadSpawner,
  ThreadExit,
  ThreadObserver,
} from "./boundary/sandbox-thread.ts";
export { serveSandboxThread, type ThreadEngineLoader } from "./boundary/thread-host.ts";
export type { SandboxBuild } from "./boundary/thread-protocol.ts";
export { WarmPool, type WarmPoolOptions } from "./boundary/warm-pool.ts";
export { type WebWorkerLike, webWorkerSpawner } from "./boundary/web-worker.ts";
export { startWorkerThread, type WorkerHandle, type WorkerThreadOptions } from "./boundary/worker-thread.ts";
export { CapabilityGate, type CapabilityHost } from "./capabilities/capability-gate.ts";
export {
  checkFetchUrl,
  type GuestFetchRequest,
  type GuestFetchResponse,
  type HostFetch,
} from "./capabilities/fetch-gate.ts";
export {
  NO_PERMISSIONS,
  permissionWarnings,
  type ResolvedPermissions,
  resolvePermissions,
} from "./capabilities/permissions.ts";
export { REDACTED, type SecretResolver } from "./capabilities/secrets.ts";
export type { PolicyViolation } from "./capabilities/violations.ts";
export { inlineConnector, type SandboxConnectContext, type SandboxConnector } from "./connection.ts";
export { CallGuard, type Clock } from "./engine/call-guard.ts";
export { type DisposeReport, GuestInstance, type GuestInstanceOptions } from "./engine/guest-instance.ts";
export { evaluateModuleDefault } from "./evaluate.ts";
export { GUEST_SDK_NAME, GUEST_SDK_SOURCE } from "./guest/sdk-source.ts";
export { SandboxHost, type SandboxHostOptions } from "./host/sandbox-host.ts";
export { KernelPort, type KernelPortOptions } from "./kernel/kernel-port.ts";
export type { GuestCaller, HookFailurePolicy } from "./kernel/proxies.ts";
export { createSandboxedModule, type SandboxedModuleOptions } from "./kernel/sandboxed-module.ts";
export { DEFAULT_SANDBOX_LIMITS, resolveSandboxLimits, type SandboxLimits } from "./limits.ts";
export { createSandboxLoader, resolveModuleSource, type SandboxLoaderOptions } from "./loader.ts";
export * from "./protocol.ts";
export {
  createQuickJSInstance,
  instantiateQuickJS,
  MIN_MEMORY_MIB,
  type QuickJSInstance,
} from "./quickjs-instance.ts";
