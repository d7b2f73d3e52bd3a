/**
 * Prepared engine instances, kept ready so that mounting a module does not wait for the engine:
 * instantiating the wasm with its capped memory, creating the runtime and context and evaluating
 * the prelude all happen before a module asks, off its critical path. Each module still gets an
 * instance of its own: a spare is handed out once and never comes back, and an instance a module
 * ran in is only ever disposed. A spare knows nothing of the module it will serve (its grants,
 * limits and session arrive with the assignment), so nothing passes from one module to the next.
 *
 * Only two limits are fixed when an instance is prepared: its memory cap and its stack limit. The
 * spares are prepared with the common ones (the defaults); a module whose plan sets others gets an
 * instance prepared for it on the spot.
 */
import { GuestInstance } from "./guest-instance.ts";
import type { EngineOptions } from "./guest-options.ts";

/** Options of {@link SpareInstances}. */
export interface SpareInstancesOptions {
  /** The limits most modules use: spares are prepared with them. */
  readonly memoryMiB: number;
  readonly stackBytes: number;
  /** Spares kept ready (default 1; 0 prepares every instance on demand). */
  readonly count?: number | undefined;
  /**
   * Whether a spare handed out is replaced (default true). A worker thread serves one module, so
   * its one spare is prepared when the thread starts and not replaced: the pool's next warm
   * thread is the next module's spare.
   */
  readonly refill?: boolean | undefined;
  /** Runs a refill later, off the caller's path (default `setTimeout(…, 0)`). */
  readonly schedule?: ((refill: () => void) => void) | undefined;
}

/** A thread's ready instances. */
export class SpareInstances {
  readonly #engine: EngineOptions;
  readonly #options: SpareInstancesOptions;
  readonly #ready: Promise<GuestInstance>[] = [];
  #refillScheduled = false;
  #disposed = false;

  constructor(engine: EngineOptions, options: SpareInstancesOptions) {
    this.#engine = engine;
    this.#options = options;
  }

  /** Spares prepared or being prepared now. */
  get count(): number {
    return this.#ready.length;
  }

  /** Prepares the spares now and resolves when they are ready. */
  async warm(): Promise<void> {
    this.#refill();
    await Promise.allSettled(this.#ready);
  }

  /**
   * An instance with `memoryMiB` and `stackBytes` for one module: a spare when the limits are the
   * spares' and one is ready (or on its way), else one prepared now.
   *
   * @throws KernelError `sandbox_unavailable` when the engine cannot start on this thread.
   */
  async take(memoryMiB: number, stackBytes: number): Promise<GuestInstance> {
    const matches = memoryMiB === this.#options.memoryMiB && stackBytes === this.#options.stackBytes;
    const spare = matches ? this.#ready.shift() : undefined;
    const instance = await spare?.catch(() => undefined);
    if (instance?.alive) return instance;
    return GuestInstance.prepare(this.#engine, memoryMiB, stackBytes);
  }

  /**
   * Replaces the spares handed out, later and off the caller's path: called once a module's start
   * is over, so the preparation does not compete with the mount it would have served.
   */
  replenish(): void {
    if (this.#disposed || this.#refillScheduled || this.#options.refill === false) return;
    this.#refillScheduled = true;
    const schedule = this.#options.schedule ?? ((refill: () => void) => void setTimeout(refill, 0));
    schedule(() => {
      this.#refillScheduled = false;
      this.#refill();
    });
  }

  /** Disposes the spares (those still being prepared once they are ready); later takes prepare on demand. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    const spares = this.#ready.splice(0);
    await Promise.all(
      spares.map((spare) =>
        spare.then(
          (instance) => instance.dispose(),
          () => undefined,
        ),
      ),
    );
  }

  #refill(): void {
    const count = this.#options.count ?? 1;
    while (!this.#disposed && this.#ready.length < count) {
      const prepared = GuestInstance.prepare(this.#engine, this.#options.memoryMiB, this.#options.stackBytes);
      // A failed spare is dropped at take(), which then prepares an instance on demand.
      prepared.catch(() => undefined);
      this.#ready.push(prepared);
    }
  }
}
