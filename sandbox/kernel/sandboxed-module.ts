/**
 * A sandboxed module as the kernel's loader sees it: a `mount(coordinator, config)` that starts
 * the module behind its own supervisor and mounts proxies for whatever the guest mounts.
 */
import type { Coordinator, LoadedModule, MountResult } from "../../src/contracts.ts";
import { KernelError } from "../../src/errors.ts";
import type { ModuleType } from "../../src/models/index.ts";
import type { SandboxOptions } from "../../src/plan/sandbox-options.ts";
import type { SandboxSource } from "../protocol.ts";
import type { RunnerConnector } from "../transport/runner-link.ts";
import { CapabilityGate, type CapabilityHost } from "./capabilities/capability-gate.ts";
import { permissionWarnings, resolvePermissions } from "./capabilities/permissions.ts";
import { KernelPort } from "./kernel-port.ts";
import { resolveSandboxLimits } from "./limits.ts";
import type { HookFailurePolicy } from "./proxies/guest-caller.ts";
import { Supervisor, type WatchdogTimers } from "./supervisor.ts";

/** What a sandboxed module needs from the composition that made it. */
export interface SandboxedModuleContext {
  /** Opens a runner where the module is placed. */
  readonly connect: RunnerConnector;
  /** What the host lends the capability gates. */
  readonly capabilities: CapabilityHost;
  readonly watchdogGraceMs?: number | undefined;
  readonly timers?: WatchdogTimers | undefined;
  /** Live supervisors, stopped when the composition is disposed. */
  readonly live: Set<Supervisor>;
}

/** Options of one sandboxed module. */
export interface SandboxedModuleOptions {
  /** The module id (plan entry `module`), used in events and messages. */
  readonly id: string;
  /** The plan entry's `sandbox:` block (limits and permissions; unknown keys are an error). */
  readonly sandbox?: SandboxOptions | undefined;
  /** The declared kind; the module may then only mount on that kind's mount point. */
  readonly kind?: ModuleType | undefined;
  /** How a failing sandboxed hook is answered (default `deny`, fail closed). */
  readonly hookFailure?: HookFailurePolicy | undefined;
}

const SANDBOX_CODES = new Set([
  "sandbox_timeout",
  "sandbox_cpu",
  "sandbox_memory",
  "sandbox_stack",
  "sandbox_payload",
  "sandbox_crash",
]);

/**
 * Wraps an untrusted module's source as a loadable module whose mount runs it in a sandbox.
 * Each mount gets its own sandbox; the returned cleanup runs the guest's cleanup and stops it.
 *
 * @throws KernelError `invalid_config` (bad limits or permissions) at creation; from mount:
 *   `mount_failed`, `module_invalid`, or the `sandbox_*` code of the limit the module broke while mounting.
 */
export function sandboxedModule(
  source: SandboxSource,
  options: SandboxedModuleOptions,
  context: SandboxedModuleContext,
): Extract<LoadedModule, { mount: unknown }> {
  const limits = resolveSandboxLimits(options.sandbox);
  const permissions = resolvePermissions(options.sandbox);
  async function mount(coordinator: Coordinator, config: Record<string, unknown>): Promise<MountResult> {
    for (const warning of permissionWarnings(permissions, options.kind)) {
      coordinator.warn?.({
        code: "risky_permissions",
        message: `${options.id}: ${warning}`,
        data: { module: options.id },
      });
    }
    const gate = new CapabilityGate({
      moduleId: options.id,
      coordinator,
      permissions,
      host: context.capabilities,
      maxMessageBytes: limits.maxMessageBytes,
    });
    const port = new KernelPort({
      moduleId: options.id,
      coordinator,
      limits,
      kind: options.kind,
      hookFailure: options.hookFailure ?? "deny",
      gate,
      permissions,
    });
    const supervisor = new Supervisor({
      moduleId: options.id,
      connect: context.connect,
      request: port.request,
      events: port.events,
      watchdogGraceMs: context.watchdogGraceMs,
      timers: context.timers,
    });
    port.attach(supervisor);
    context.live.add(supervisor);
    const stop = async () => {
      context.live.delete(supervisor);
      await supervisor.stop();
    };
    const started = await supervisor.start({
      moduleId: options.id,
      source,
      config,
      limits,
      session: { session_id: coordinator.session_id, parent_id: coordinator.parent_id ?? null, grants: gate.grants() },
    });
    if (!started.ok) {
      await port.withdraw();
      await stop();
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
      await stop();
      return undefined;
    }
    return async () => {
      try {
        if (hasCleanup) await port.call("cleanup", "call", []);
      } finally {
        await port.withdraw();
        await stop();
      }
    };
  }
  return { mount };
}
