/**
 * A sandboxed module as the kernel's loader sees it: a `mount(coordinator, config)` that starts
 * the module in its own sandbox and mounts host-side proxies for whatever the guest mounts.
 */
import type { Coordinator, LoadedModule, MountResult } from "../../src/contracts.ts";
import { KernelError } from "../../src/errors.ts";
import type { ModuleType } from "../../src/models/index.ts";
import type { SandboxOptions } from "../../src/plan/sandbox-options.ts";
import type { SandboxConnector } from "../connection.ts";
import { resolveSandboxLimits } from "../limits.ts";
import type { SandboxSource } from "../protocol.ts";
import { KernelPort } from "./kernel-port.ts";
import type { HookFailurePolicy } from "./proxies.ts";

/** Options of {@link createSandboxedModule}. */
export interface SandboxedModuleOptions {
  /** The module id (plan entry `module`), used in events and messages. */
  readonly id: string;
  /** Connects the kernel side to a sandbox host (see `inlineConnector`). */
  readonly connect: SandboxConnector;
  /** The plan entry's `sandbox:` block (limits; unknown keys are an error). */
  readonly sandbox?: SandboxOptions | undefined;
  /** The declared kind; the module may then only mount on that kind's mount point. */
  readonly kind?: ModuleType | undefined;
  /** How a failing sandboxed hook is answered (default `deny`, fail closed). */
  readonly hookFailure?: HookFailurePolicy | undefined;
}

const SANDBOX_CODES = new Set([
  "sandbox_timeout",
  "sandbox_memory",
  "sandbox_stack",
  "sandbox_payload",
  "sandbox_crash",
]);

/**
 * Wraps an untrusted module's source as a loadable module whose mount runs it in a sandbox.
 * Each mount gets its own sandbox; the returned cleanup runs the guest's cleanup and stops it.
 *
 * @throws KernelError `invalid_config` (bad limits) at creation; from mount: `mount_failed`,
 *   `module_invalid`, or the `sandbox_*` code of the limit the module broke while mounting.
 * @example
 * const connect = inlineConnector({ wasmModule: await loadQuickJSWasm() });
 * const weather = createSandboxedModule({ files: { "index.js": code }, entry: "index.js" }, { id: "tool-weather", connect });
 * await weather.mount(coordinator, {});
 */
export function createSandboxedModule(
  source: SandboxSource,
  options: SandboxedModuleOptions,
): Extract<LoadedModule, { mount: unknown }> {
  const limits = resolveSandboxLimits(options.sandbox);
  async function mount(coordinator: Coordinator, config: Record<string, unknown>): Promise<MountResult> {
    const port = new KernelPort({
      moduleId: options.id,
      coordinator,
      limits,
      kind: options.kind,
      hookFailure: options.hookFailure ?? "deny",
    });
    const host = options.connect(port, { moduleId: options.id, coordinator, sandbox: options.sandbox });
    port.attach(host);
    const started = await host.start({
      moduleId: options.id,
      source,
      config,
      limits,
      session: { session_id: coordinator.session_id, parent_id: coordinator.parent_id ?? null },
    });
    if (!started.ok) {
      await port.withdraw();
      await host.stop();
      const { code, message, data } = started.error;
      throw new KernelError(
        SANDBOX_CODES.has(code) || code === "module_invalid" ? code : "mount_failed",
        `${options.id}: ${message}`,
        {
          data: { ...(data ?? {}), cause_code: code },
        },
      );
    }
    const hasCleanup = started.value.cleanup;
    if (!hasCleanup && !port.holdsAnything) {
      // Nothing mounted and nothing to clean up ("graceful degradation"): the sandbox has no use.
      await host.stop();
      return undefined;
    }
    return async () => {
      try {
        if (hasCleanup) await port.call("cleanup", "call", []);
      } finally {
        await port.withdraw();
        await host.stop();
      }
    };
  }
  return { mount };
}
