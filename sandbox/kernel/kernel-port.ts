/**
 * The kernel side of one sandboxed module: it answers the guest coordinator's requests against
 * the real coordinator (mounting host-side proxies, registering hook handlers, emitting events) and
 * reports the sandbox's life as events. It only sees plain data from the host half.
 */
import type { Coordinator } from "../../src/contracts.ts";
import { KernelError } from "../../src/errors.ts";
import { POLICY_VIOLATION, SANDBOX_KILLED, SANDBOX_RESTARTED, SANDBOX_STARTED } from "../../src/hooks/events.ts";
import { hookResultSchema, type ModuleType } from "../../src/models/index.ts";
import {
  fail,
  type GuestReply,
  type GuestRequest,
  type HostNotice,
  type KernelPortApi,
  ok,
  type SandboxHostApi,
  type SandboxLimitsData,
  unwrap,
} from "../protocol.ts";
import { ExecutionTable } from "./executions.ts";
import { describeIssues, parseGuestRequest } from "./guest-request.ts";
import {
  contextProxy,
  type GuestCaller,
  type HookFailurePolicy,
  hookProxy,
  orchestratorProxy,
  providerProxy,
  toolProxy,
} from "./proxies.ts";
import { isReservedEvent, reservedEventError } from "./reserved-events.ts";

/** The mount point a module of each kind may mount on (hooks register through the registry). */
const MOUNT_POINT_OF_KIND: Partial<Record<ModuleType, string>> = {
  tool: "tools",
  provider: "providers",
  context: "context",
  orchestrator: "orchestrator",
};

/** What the kernel side of one sandboxed module knows. */
export interface KernelPortOptions {
  readonly moduleId: string;
  readonly coordinator: Coordinator;
  readonly limits: SandboxLimitsData;
  /** The module's declared kind: it may only mount on that kind's mount point. */
  readonly kind?: ModuleType | undefined;
  readonly hookFailure: HookFailurePolicy;
}

/** Answers one module's guest requests and owns what it mounted. */
export class KernelPort implements KernelPortApi {
  readonly #options: KernelPortOptions;
  readonly #executions: ExecutionTable;
  readonly #mounts = new Map<string, { mountPoint: string; name: string | null; module: unknown }>();
  readonly #hooks = new Map<string, () => void>();
  readonly #contributors = new Set<string>();
  #host: SandboxHostApi | undefined;
  #started = false;

  constructor(options: KernelPortOptions) {
    this.#options = options;
    this.#executions = new ExecutionTable(options.moduleId);
  }

  /** Connects the host half this port calls into. */
  attach(host: SandboxHostApi): void {
    this.#host = host;
  }

  /** Calls into the guest; the cancellation state rides along; the result is unwrapped. */
  readonly call: GuestCaller = async (target, method, args, signal) => {
    const host = this.#host;
    if (!host) throw new KernelError("sandbox_unavailable", `${this.#options.moduleId} has no sandbox attached`);
    if (signal?.aborted) throw new KernelError("cancelled", `${target}.${method}() was cancelled`);
    const cancellation = this.#options.coordinator.cancellation.state;
    const pending = host.invoke({ target, method, args, cancellation }).then(unwrap);
    if (!signal) return pending;
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(new KernelError("cancelled", `${target}.${method}() was cancelled`));
      signal.addEventListener("abort", onAbort, { once: true });
      pending.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  };

  async request(raw: GuestRequest): Promise<GuestReply> {
    const cancellation = this.#options.coordinator.cancellation.state;
    try {
      const request = parseGuestRequest(raw);
      return { ...ok(await this.#answer(request)), cancellation };
    } catch (error) {
      const data = KernelError.is(error) ? error.toData() : { code: "internal" as const, message: String(error) };
      return { ...fail(data.code, data.message, data.data), cancellation };
    }
  }

  async notify(notice: HostNotice): Promise<void> {
    const hooks = this.#options.coordinator.hooks;
    if (notice.type === "killed") {
      await hooks.emit(SANDBOX_KILLED, {
        module: notice.moduleId,
        reason: notice.reason,
        message: notice.message,
        restarts_left: notice.restartsLeft,
      });
      return;
    }
    const event = this.#started ? SANDBOX_RESTARTED : SANDBOX_STARTED;
    this.#started = true;
    await hooks.emit(event, { module: notice.moduleId, restart: notice.restart });
  }

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
      if (coordinator.get(mountPoint, name ?? undefined) === module) {
        await coordinator.unmount(mountPoint, name === null ? undefined : { name });
      }
    }
    this.#mounts.clear();
  }

  async #answer(request: GuestRequest): Promise<unknown> {
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
      case "hooks.emit":
        await this.#refuseReserved(request.event);
        return coordinator.hooks.emit(request.event, request.data);
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
      case "capability":
        await coordinator.hooks.emit("policy:violation", {
          module: this.#options.moduleId,
          kind: "capability",
          action: request.action,
          capability: request.name,
        });
        throw new KernelError(
          "capability_denied",
          `capability_denied: ${request.action}_capability("${request.name}") is not granted to ${this.#options.moduleId}`,
        );
      case "process_hook_result": {
        const parsed = hookResultSchema.safeParse(request.result);
        if (!parsed.success) {
          throw new KernelError("invalid_argument", `process_hook_result: ${describeIssues(parsed.error)}`);
        }
        return coordinator.process_hook_result(parsed.data, request.event, request.hook_name);
      }
      case "call":
        return this.#executions.call(request, coordinator.cancellation.signal);
    }
  }

  /** Refuses a reserved event (see `reserved-events.ts`) and reports the attempt. */
  async #refuseReserved(event: string): Promise<void> {
    if (!isReservedEvent(event, this.#options.kind)) return;
    const { moduleId, coordinator } = this.#options;
    await coordinator.hooks.emit(POLICY_VIOLATION, {
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
    const existing = coordinator.get(request.mount_point, request.name ?? undefined);
    if (existing !== undefined && existing !== null) {
      throw new KernelError(
        "mount_failed",
        `${moduleId} may not replace the ${request.mount_point}${request.name ? ` "${request.name}"` : ""} another module mounted`,
      );
    }
    this.#countMount();
    const module = this.#proxy(request);
    await coordinator.mount(request.mount_point, module, request.name === null ? undefined : { name: request.name });
    this.#mounts.set(request.key, { mountPoint: request.mount_point, name: request.name, module });
    return null;
  }

  #proxy(request: Extract<GuestRequest, { op: "mount" }>): unknown {
    switch (request.mount_point) {
      case "tools":
        return toolProxy(this.call, request.key, request.descriptor);
      case "providers":
        return providerProxy(this.call, request.key, request.descriptor);
      case "context":
        return contextProxy(this.call);
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
    await this.#options.coordinator.unmount(mountPoint, name === null ? undefined : { name });
    return null;
  }

  #registerHook(request: Extract<GuestRequest, { op: "hooks.register" }>): null {
    if (this.#hooks.has(request.key)) return null; // a restarted module registering again
    this.#countMount();
    const handler = hookProxy(this.call, request.key, request.event, this.#options.hookFailure);
    const options = { priority: request.priority, ...(request.name === null ? {} : { name: request.name }) };
    this.#hooks.set(request.key, this.#options.coordinator.hooks.register(request.event, handler, options));
    return null;
  }
}
