/**
 * The runner of one module: it takes a prepared instance, loads the module into it and runs its
 * `mount()`, answers the kernel side's calls, and reports a kill. It has no restart policy: after a
 * kill, calls fail until the kernel side (the supervisor) starts it again.
 */
import { fail, KernelError, ok, type Result, settle } from "../../src/errors.ts";
import type { EngineObserver, InvokeRequest, KernelPortApi, RunnerApi, StartReply, StartRequest } from "../protocol.ts";
import type { GuestInstance } from "./guest-instance.ts";
import type { SpareInstances } from "./spare-instances.ts";

/** Serves one module's runner API over an engine's spare instances. */
export class ModuleRunner implements RunnerApi {
  readonly #spares: SpareInstances;
  readonly #port: KernelPortApi;
  readonly #observer: EngineObserver;
  #instance: GuestInstance | undefined;
  #moduleId = "sandboxed module";
  #stopped = false;

  constructor(spares: SpareInstances, port: KernelPortApi, observer: EngineObserver = {}) {
    this.#spares = spares;
    this.#port = port;
    this.#observer = observer;
  }

  /**
   * Loads the module in a fresh instance (dropping any earlier one) and runs its `mount()`. The
   * instance is never one another module ran in: a spare prepared for no module, or a new one.
   */
  async start(request: StartRequest): Promise<Result<StartReply>> {
    const started = await settle(async () => {
      if (this.#stopped) throw new KernelError("sandbox_killed", `the sandbox for ${request.moduleId} was stopped`);
      this.#instance?.dispose();
      this.#instance = undefined;
      this.#moduleId = request.moduleId;
      const { limits } = request;
      const instance = await this.#spares.take(limits.memoryMiB, limits.stackBytes);
      if (this.#stopped) {
        instance.dispose();
        throw new KernelError("sandbox_killed", `the sandbox for ${request.moduleId} was stopped`);
      }
      this.#instance = instance;
      this.#observer.onCreated?.(request.moduleId);
      try {
        return await this.#load(instance, request);
      } catch (error) {
        instance.dispose();
        throw error;
      }
    });
    // The next module's spare is prepared once this mount is over, not while it runs.
    this.#spares.replenish();
    return started;
  }

  async #load(instance: GuestInstance, request: StartRequest): Promise<StartReply> {
    const { limits } = request;
    const exports = await instance.load(
      {
        moduleId: request.moduleId,
        limits,
        session: request.session,
        onRequest: (guestRequest) => this.#port.request(guestRequest),
        onKilled: (reason, message) => this.#port.notify({ type: "killed", reason, message }),
        onDisposed: (report) => this.#observer.onDisposed?.({ ...report, moduleId: request.moduleId }),
      },
      request.source,
    );
    return instance.start(request.config, exports);
  }

  /** Calls into the module; fails with the kill's error when its instance is gone. */
  async invoke(request: InvokeRequest): Promise<Result<unknown>> {
    const instance = this.#instance;
    if (!instance?.alive) {
      const death = instance?.death;
      return death ? { ok: false, error: death.toData() } : fail("sandbox_killed", `${this.#moduleId} is not running`);
    }
    return settle(() => instance.invoke(request.target, request.method, request.args, request.cancellation));
  }

  /** Releases the instance; later calls fail with `sandbox_killed`. */
  async stop(): Promise<Result<null>> {
    this.#stopped = true;
    this.#instance?.dispose();
    this.#instance = undefined;
    return ok(null);
  }
}
