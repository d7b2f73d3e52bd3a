/**
 * The kernel side of one sandboxed module: it answers the guest coordinator's requests against the
 * real coordinator (mounting proxies, registering hook handlers, emitting events, capability
 * requests through the module's gate) and reports the sandbox's life as events. It only ever sees
 * data the guest sent, and validates all of it first.
 */
import type { Coordinator } from "../../src/contracts.ts";
import { KernelError, ok, toErrorData, unwrap } from "../../src/errors.ts";
import { POLICY_VIOLATION, SANDBOX_KILLED, SANDBOX_RESTARTED, SANDBOX_STARTED } from "../../src/hooks/events.ts";
import { type HookResult, hookResult, hookResultSchema, type ModuleType } from "../../src/models/index.ts";
import { schemaSafetyProblem } from "../../src/models/schema-safety.ts";
import type { GuestReply, GuestRequest, KillReason, SandboxLimits } from "../protocol.ts";
import { boundHookResult, type ModuleAuthority, mayRegisterHook } from "./authority.ts";
import { type CapabilityGate, isCapabilityRequest } from "./capabilities/capability-gate.ts";
import type { ResolvedPermissions } from "./capabilities/permissions.ts";
import type { PolicyViolation } from "./capabilities/violations.ts";
import { ExecutionTable } from "./executions.ts";
import { describeIssues, parseGuestRequest } from "./guest-requests.ts";
import { hasOpenToolCalls, INJECTION_BUDGET_PER_MINUTE, InjectionBudget } from "./injections.ts";
import { nameClaimsFor } from "./name-claims.ts";
import { contextProxy, type ShadowedContext } from "./proxies/context-proxy.ts";
import type { GuestCaller, HookFailurePolicy } from "./proxies/guest-caller.ts";
import { hookProxy } from "./proxies/hook-proxy.ts";
import { orchestratorProxy } from "./proxies/orchestrator-proxy.ts";
import { providerProxy } from "./proxies/provider-proxy.ts";
import { toolProxy } from "./proxies/tool-proxy.ts";
import { isReservedEvent, reservedEventError } from "./reserved-events.ts";
import type { Supervisor, SupervisorEvents } from "./supervisor.ts";

/** The mount point a module of each kind may mount on (hooks register through the registry). */
const MOUNT_POINT_OF_KIND: Partial<Record<ModuleType, string>> = {
  tool: "tools",
  provider: "providers",
  context: "context",
  orchestrator: "orchestrator",
};

/** Hook results `hooks.emit` handed to the guest, kept so `process_hook_result` can name them. */
const KEPT_RESULTS = 64;

/** What the kernel side of one sandboxed module knows. */
export interface KernelPortOptions {
  readonly moduleId: string;
  readonly coordinator: Coordinator;
  readonly limits: SandboxLimits;
  /** The module's declared kind: it may only mount on that kind's mount point. */
  readonly kind?: ModuleType | undefined;
  readonly hookFailure: HookFailurePolicy;
  /** The module's capability gate (fetch, storage, transcript, named capabilities). */
  readonly gate: CapabilityGate;
  /** What its plan grants (hooks, content, injections, messages, approvals, names). */
  readonly permissions: ResolvedPermissions;
}

/** Answers one module's guest requests and owns what it mounted. */
export class KernelPort {
  readonly #options: KernelPortOptions;
  readonly #executions: ExecutionTable;
  readonly #mounts = new Map<string, { mountPoint: string; name: string | null; module: unknown }>();
  readonly #hooks = new Map<string, () => void>();
  readonly #contributors = new Set<string>();
  /** The context managers it mounted, whose history comes back after a restart. */
  readonly #contexts: ShadowedContext[] = [];
  readonly #emitted = new Map<string, HookResult>();
  #emittedCount = 0;
  #supervisor: Supervisor | undefined;
  readonly #authority: ModuleAuthority;
  readonly #injected = new InjectionBudget();

  constructor(options: KernelPortOptions) {
    this.#options = options;
    this.#executions = new ExecutionTable(options.moduleId);
    this.#authority = { moduleId: options.moduleId, kind: options.kind, permissions: options.permissions };
  }

  /** Reports what the module's grants refused, as `policy:violation` events naming it. */
  readonly #report = (refused: readonly Omit<PolicyViolation, "module">[]): void => {
    for (const violation of refused) {
      void this.#emitQuietly(POLICY_VIOLATION, { module: this.#options.moduleId, ...violation });
    }
  };

  /** Connects the supervisor this port calls into. */
  attach(supervisor: Supervisor): void {
    this.#supervisor = supervisor;
  }

  /** The module's life as events: `sandbox:started`, `sandbox:restarted`, `sandbox:killed`. */
  readonly events: SupervisorEvents = {
    started: (restart) => {
      const event = restart === 0 ? SANDBOX_STARTED : SANDBOX_RESTARTED;
      void this.#emitQuietly(event, { module: this.#options.moduleId, restart });
    },
    killed: (reason: KillReason, message: string, restartsLeft: number) => {
      void this.#emitQuietly(SANDBOX_KILLED, {
        module: this.#options.moduleId,
        reason,
        message,
        restarts_left: restartsLeft,
      });
    },
    restore: async () => {
      for (const context of this.#contexts) await context.restore();
    },
  };

  /** Calls into the guest; the cancellation state rides along; the result is unwrapped. */
  readonly call: GuestCaller = async (target, method, args, signal) => {
    const supervisor = this.#supervisor;
    if (!supervisor) throw new KernelError("sandbox_unavailable", `${this.#options.moduleId} has no sandbox attached`);
    if (signal?.aborted) throw new KernelError("cancelled", `${target}.${method}() was cancelled`);
    const cancellation = this.#options.coordinator.cancellation.state;
    const pending = supervisor.invoke({ target, method, args, cancellation }).then(unwrap);
    if (!signal) return pending;
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new KernelError("cancelled", `${target}.${method}() was cancelled`));
      signal.addEventListener("abort", onAbort, { once: true });
      pending.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  };

  /** Answers a guest request (validated here first); never throws. */
  readonly request = async (raw: GuestRequest): Promise<GuestReply> => {
    const cancellation = this.#options.coordinator.cancellation.state;
    try {
      const request = parseGuestRequest(raw);
      const value = isCapabilityRequest(request)
        ? await this.#options.gate.answer(request)
        : await this.#answer(request);
      return { ...ok(value), cancellation };
    } catch (error) {
      return { ok: false, error: toErrorData(error), cancellation };
    }
  };

  /** True when the module mounted, registered or contributed anything. */
  get holdsAnything(): boolean {
    return this.#mounts.size + this.#hooks.size + this.#contributors.size > 0;
  }

  /** Removes everything this module mounted or registered (after a failed mount, or at cleanup). */
  async withdraw(): Promise<void> {
    for (const unregister of this.#hooks.values()) unregister();
    this.#hooks.clear();
    const coordinator = this.#options.coordinator;
    for (const { mountPoint, name, module } of this.#mounts.values()) {
      if (name !== null) nameClaimsFor(coordinator).release(this.#options.moduleId, mountPoint, name);
      if (coordinator.get(mountPoint, name ?? undefined) === module) {
        await coordinator.unmount(mountPoint, name === null ? undefined : { name });
      }
    }
    this.#mounts.clear();
  }

  async #emitQuietly(event: string, data: Record<string, unknown>): Promise<void> {
    try {
      await this.#options.coordinator.hooks.emit(event, data);
    } catch {
      // A listener's failure is the listener's; the sandbox's life goes on.
    }
  }

  async #answer(
    request: Exclude<GuestRequest, { op: "fetch" | "storage" | "transcript" | "capability" | "capability.call" }>,
  ): Promise<unknown> {
    const coordinator = this.#options.coordinator;
    switch (request.op) {
      case "mount":
        return this.#mount(request);
      case "unmount":
        return this.#unmount(request.mount_point, request.name);
      case "hooks.register":
        return this.#registerHook(request);
      case "hooks.unregister":
        this.#hooks.get(request.key)?.();
        this.#hooks.delete(request.key);
        return null;
      case "hooks.emit": {
        await this.#refuseReserved(request.event);
        // A sandboxed orchestrator's tool events are announcements: the host's tool path emits them.
        const announced =
          this.#options.kind === "orchestrator" && this.#executions.announce(request.event, request.data);
        const result = announced
          ? hookResult({ data: request.data })
          : await coordinator.hooks.emit(request.event, request.data);
        return { result, result_id: this.#keep(result) };
      }
      case "hooks.emit_and_collect":
        await this.#refuseReserved(request.event);
        return coordinator.hooks.emit_and_collect(
          request.event,
          request.data,
          request.timeout === null ? {} : { timeout: request.timeout },
        );
      case "register_contributor":
        if (this.#contributors.has(request.key)) return null;
        this.#countMount();
        this.#contributors.add(request.key);
        coordinator.register_contributor(request.channel, request.name, () => this.call(request.key, "call", []));
        return null;
      case "process_hook_result":
        return this.#processHookResult(request);
      case "call":
        return this.#executions.call(request, coordinator.cancellation.signal);
    }
  }

  /** Keeps a result `hooks.emit` returned, under an id the guest can name it by. */
  #keep(result: HookResult): string {
    this.#emittedCount += 1;
    const id = `result-${this.#emittedCount}`;
    this.#emitted.set(id, result);
    if (this.#emitted.size > KEPT_RESULTS) this.#emitted.delete(this.#emitted.keys().next().value as string);
    return id;
  }

  /**
   * Applies a hook result in the module's own name: a result `hooks.emit` returned is taken as the
   * kernel kept it (the guest's copy may have been changed); any other result is the module's own.
   */
  async #processHookResult(request: Extract<GuestRequest, { op: "process_hook_result" }>): Promise<unknown> {
    const kept = request.result_id === null ? undefined : this.#emitted.get(request.result_id);
    if (request.result_id !== null && !kept) {
      throw new KernelError(
        "invalid_argument",
        `process_hook_result: ${request.result_id} is not a result this module was given`,
      );
    }
    if (kept) return this.#options.coordinator.process_hook_result(kept, request.event, this.#options.moduleId);
    const parsed = hookResultSchema.safeParse(request.result);
    if (!parsed.success) {
      throw new KernelError("invalid_argument", `process_hook_result: ${describeIssues(parsed.error)}`);
    }
    // A result the module made up does only what its own grants allow.
    const bounded = boundHookResult(this.#authority, parsed.data as HookResult, request.event);
    this.#report(bounded.refused);
    const result = bounded.result;
    if (result.action === "inject_context" && result.context_injection && !result.ephemeral) {
      await this.#checkInjection(result.context_injection.length);
    }
    return this.#options.coordinator.process_hook_result(result, request.event, this.#options.moduleId);
  }

  /**
   * A stored injection from a sandboxed module may not land between an assistant's tool calls and
   * their results (providers refuse such a history), nor exceed the module's per-minute budget.
   */
  async #checkInjection(size: number): Promise<void> {
    const refuse = (reason: string) => {
      this.#report([{ capability: "inject", action: "inject_context", target: "context", reason }]);
      throw new KernelError("capability_denied", `capability_denied: ${this.#options.moduleId}: ${reason}`);
    };
    if (!this.#injected.allows(size)) {
      refuse(`injections over ${INJECTION_BUDGET_PER_MINUTE} characters a minute`);
    }
    const context = this.#options.coordinator.get("context");
    const history = context ? await context.get_messages() : [];
    if (hasOpenToolCalls(history)) refuse("an injection may not land between a tool call and its results");
    this.#injected.spend(size);
  }

  /** Refuses a reserved event (see `reserved-events.ts`) and reports the attempt. */
  async #refuseReserved(event: string): Promise<void> {
    if (!isReservedEvent(event, this.#options.kind)) return;
    const { moduleId } = this.#options;
    await this.#emitQuietly(POLICY_VIOLATION, {
      module: moduleId,
      capability: "events",
      action: "emit",
      target: event,
      reason: "reserved for the host",
    });
    throw reservedEventError(moduleId, event);
  }

  #countMount(): void {
    const count = this.#mounts.size + this.#hooks.size + this.#contributors.size;
    if (count >= this.#options.limits.maxMounts) {
      throw new KernelError(
        "mount_failed",
        `${this.#options.moduleId} reached its limit of ${this.#options.limits.maxMounts} mounts and hook registrations (sandbox.max_mounts)`,
      );
    }
  }

  async #mount(request: Extract<GuestRequest, { op: "mount" }>): Promise<null> {
    const { moduleId, kind, coordinator } = this.#options;
    if (this.#mounts.has(request.key)) return null; // a restarted module mounting again
    const allowed = kind === undefined ? undefined : MOUNT_POINT_OF_KIND[kind];
    if (kind !== undefined && allowed !== request.mount_point) {
      throw new KernelError(
        "capability_denied",
        `${moduleId} is a ${kind} module and may not mount on "${request.mount_point}"`,
      );
    }
    this.#countMount();
    if (request.mount_point === "tools") {
      const problem = schemaSafetyProblem(request.descriptor.input_schema);
      if (problem) {
        throw new KernelError("invalid_result", `${moduleId}: the input_schema of tool "${request.name}" ${problem}`);
      }
    }
    const name = request.name;
    if (name !== null) await this.#claim(request.key, request.mount_point, name);
    const release = () => {
      if (name !== null) nameClaimsFor(coordinator).release(moduleId, request.mount_point, name);
    };
    const existing = coordinator.get(request.mount_point, name ?? undefined);
    if (existing !== undefined && existing !== null) {
      release();
      throw new KernelError(
        "mount_failed",
        `${moduleId} may not replace the ${request.mount_point}${name ? ` "${name}"` : ""} another module mounted`,
      );
    }
    const module = this.#proxy(request);
    try {
      await coordinator.mount(request.mount_point as string, module, name === null ? undefined : { name });
    } catch (error) {
      release();
      throw error;
    }
    this.#mounts.set(request.key, { mountPoint: request.mount_point, name, module });
    return null;
  }

  /** Claims a tool or provider name among the session's sandboxed modules (see `name-claims.ts`). */
  async #claim(key: string, mountPoint: string, name: string): Promise<void> {
    const { moduleId, coordinator } = this.#options;
    try {
      await nameClaimsFor(coordinator).claim(moduleId, mountPoint, name, async (reason) => {
        const mounted = this.#mounts.get(key);
        this.#mounts.delete(key);
        if (mounted && coordinator.get(mountPoint, name) === mounted.module)
          await coordinator.unmount(mountPoint, { name });
        this.#report([{ capability: "names", action: "withdrawn", target: name, reason }]);
      });
    } catch (error) {
      if (KernelError.is(error, "name_conflict")) {
        this.#report([{ capability: "names", action: "mount", target: name, reason: error.message }]);
      }
      throw error;
    }
  }

  #proxy(request: Extract<GuestRequest, { op: "mount" }>): unknown {
    switch (request.mount_point) {
      case "tools":
        return toolProxy(this.call, request.key, request.descriptor);
      case "providers":
        return providerProxy(this.call, request.key, request.descriptor, this.#options.limits);
      case "context": {
        const context = contextProxy(this.call, this.#options.limits);
        this.#contexts.push(context);
        return context;
      }
      case "orchestrator":
        return orchestratorProxy(this.call, this.#executions);
    }
  }

  async #unmount(mountPoint: string, name: string | null): Promise<null> {
    const entry = [...this.#mounts].find(([, mount]) => mount.mountPoint === mountPoint && mount.name === name);
    if (!entry) {
      throw new KernelError(
        "capability_denied",
        `${this.#options.moduleId} may only unmount what it mounted (${mountPoint}${name ? ` "${name}"` : ""})`,
      );
    }
    this.#mounts.delete(entry[0]);
    if (name !== null) nameClaimsFor(this.#options.coordinator).release(this.#options.moduleId, mountPoint, name);
    await this.#options.coordinator.unmount(mountPoint, name === null ? undefined : { name });
    return null;
  }

  #registerHook(request: Extract<GuestRequest, { op: "hooks.register" }>): null {
    if (this.#hooks.has(request.key)) return null; // a restarted module registering again
    if (!mayRegisterHook(this.#authority, request.event)) {
      const reason =
        this.#authority.permissions.hooks === undefined
          ? `a ${this.#options.kind ?? "sandboxed"} module may register hooks only with permissions.hooks`
          : "not among the events permissions.hooks names";
      this.#report([{ capability: "hooks", action: "register", target: request.event, reason }]);
      throw new KernelError(
        "capability_denied",
        `capability_denied: ${this.#options.moduleId} may not register a hook for "${request.event}": ${reason}`,
      );
    }
    this.#countMount();
    const handler = hookProxy(
      this.call,
      request.key,
      request.event,
      this.#options.hookFailure,
      this.#authority,
      this.#report,
    );
    // A sandboxed hook is listed and blamed under its module's id, whatever name it chose.
    const name = request.name === null ? this.#options.moduleId : `${this.#options.moduleId}/${request.name}`;
    this.#hooks.set(
      request.key,
      this.#options.coordinator.hooks.register(request.event, handler, { priority: request.priority, name }),
    );
    return null;
  }
}
