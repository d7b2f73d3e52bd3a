/** amplifier-edge/sandbox: untrusted modules in QuickJS WebAssembly sandboxes. */
export { inlineConnector, type SandboxConnector } from "./connection.ts";
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
