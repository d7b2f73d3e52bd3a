/**
 * The sandbox host: the half that owns a module's QuickJS instance. It loads and mounts the
 * module, runs the kernel's calls, and after a kill recreates the instance on the next call (the
 * module is loaded and mounted again) while the restart policy allows. It speaks only the data
 * protocol of `protocol.ts`, so a transport can be placed in front of it without changing it.
 */
import type { QuickJSSyncVariant } from "quickjs-emscripten-core";
import { KernelError } from "../../src/errors.ts";
import type { Clock } from "../engine/call-guard.ts";
import { type DisposeReport, GuestInstance } from "../engine/guest-instance.ts";
import {
  type InvokeRequest,
  type KernelPortApi,
  type KillReason,
  ok,
  type SandboxHostApi,
  type SandboxResult,
  type StartReply,
  type StartRequest,
  settle,
} from "../protocol.ts";

/** What a sandbox host needs from the runtime that creates it. */
export interface SandboxHostOptions {
  /** The compiled QuickJS wasm (compiled once per thread by `worker/`). */
  readonly wasmModule: WebAssembly.Module;
  /** The QuickJS build matching `wasmModule`; the release build by default. */
  readonly variant?: QuickJSSyncVariant | undefined;
  /** Milliseconds clock for the CPU guard (default `Date.now`). */
  readonly now?: Clock | undefined;
  /** Receives engine diagnostics (debug-build leak reports, heap growth failures). */
  readonly onDiagnostic?: ((line: string) => void) | undefined;
  /** Told when an instance is created for `moduleId` (each one is later reported by `onDisposed`). */
  readonly onCreated?: ((moduleId: string) => void) | undefined;
  /** Receives what disposing each instance found (tests assert clean stops under the debug build). */
  readonly onDisposed?: ((report: DisposeReport & { moduleId: string }) => void) | undefined;
}

/**
 * Owns one sandboxed module's engine. Every method answers with a {@link SandboxResult}.
 *
 * @example
 * const host = new SandboxHost({ wasmModule }, kernelPort);
 * const started = await host.start({ moduleId: "tool-weather", source, config: {}, limits, session });
 */
export class SandboxHost implements SandboxHostApi {
  readonly #options: SandboxHostOptions;
  readonly #port: KernelPortApi;
  #request: StartRequest | undefined;
  #guest: GuestInstance | undefined;
  #booting: Promise<GuestInstance> | undefined;
  #restarts = 0;
  #stopped = false;

  constructor(options: SandboxHostOptions, port: KernelPortApi) {
    this.#options = options;
    this.#port = port;
  }

  /** Loads the module and runs its `mount(coordinator, config)`. */
  start(request: StartRequest): Promise<SandboxResult<StartReply>> {
    return settle(async () => {
      if (this.#request)
        throw new KernelError("invalid_argument", `sandbox for ${this.#request.moduleId} already started`);
      this.#request = request;
      const { reply } = await this.#boot();
      return reply;
    });
  }

  /** Calls a method of a guest object; restarts a killed instance first when the policy allows. */
  invoke(request: InvokeRequest): Promise<SandboxResult<unknown>> {
    return settle(async () => {
      const guest = await this.#live();
      return guest.invoke(request.target, request.method, request.args, request.cancellation);
    });
  }

  /** Disposes the instance; later calls fail with `sandbox_killed`. */
  async stop(): Promise<SandboxResult<null>> {
    this.#stopped = true;
    this.#guest?.dispose();
    this.#guest = undefined;
    return ok(null);
  }

  async #live(): Promise<GuestInstance> {
    const request = this.#request;
    if (this.#stopped || !request) {
      throw new KernelError("sandbox_killed", `the sandbox${request ? ` for ${request.moduleId}` : ""} is not running`);
    }
    if (this.#guest?.alive) return this.#guest;
    if (this.#booting) return this.#booting;
    if (this.#restarts >= request.limits.restarts) {
      throw new KernelError(
        "sandbox_killed",
        `${request.moduleId} was killed and has used all ${request.limits.restarts} restarts allowed for this session`,
        { data: { moduleId: request.moduleId, restarts: this.#restarts } },
      );
    }
    this.#restarts += 1;
    this.#booting = this.#boot().then(({ guest }) => guest);
    try {
      return await this.#booting;
    } finally {
      this.#booting = undefined;
    }
  }

  async #boot(): Promise<{ guest: GuestInstance; reply: StartReply }> {
    const request = this.#request;
    if (!request) throw new KernelError("internal", "sandbox booted before start");
    const guest = await GuestInstance.create(
      {
        wasmModule: this.#options.wasmModule,
        variant: this.#options.variant,
        limits: request.limits,
        now: this.#options.now ?? Date.now,
        onRequest: (op, payloadText) => this.#port.request(parseGuestRequest(op, payloadText)),
        onKilled: (reason, message) => this.#killed(request.moduleId, reason, message),
        onDiagnostic: this.#options.onDiagnostic,
        onCreated: () => this.#options.onCreated?.(request.moduleId),
        onDisposed: (report) => this.#options.onDisposed?.({ ...report, moduleId: request.moduleId }),
      },
      request.source,
    );
    try {
      const reply = await guest.start(request.config, request.session);
      this.#guest = guest;
      await this.#port.notify({ type: "started", moduleId: request.moduleId, restart: this.#restarts });
      return { guest, reply };
    } catch (error) {
      guest.dispose();
      throw error;
    }
  }

  #killed(moduleId: string, reason: KillReason, message: string): void {
    const restartsLeft = Math.max(0, (this.#request?.limits.restarts ?? 0) - this.#restarts);
    void this.#port.notify({ type: "killed", moduleId, reason, message, restartsLeft }).catch(() => undefined);
  }
}

/** Joins the op and the guest's JSON payload into one request object for the kernel to validate. */
function parseGuestRequest(op: string, payloadText: string): Parameters<KernelPortApi["request"]>[0] {
  let payload: unknown;
  try {
    payload = payloadText === "" ? {} : JSON.parse(payloadText);
  } catch {
    payload = {};
  }
  const fields = payload !== null && typeof payload === "object" && !Array.isArray(payload) ? payload : {};
  // The kernel side validates the whole request with zod; this only assembles it.
  return { ...(fields as object), op } as Parameters<KernelPortApi["request"]>[0];
}
