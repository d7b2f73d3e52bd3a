/**
 * Prepared engine instances, kept ready so that mounting a module does not wait for the engine:
 * instantiating the wasm, creating the runtime and context and evaluating the prelude all happen
 * before a module asks, off its critical path. Each module still gets an instance of its own
 * (a spare is handed out once and never returns); the pool refills after each one it hands out.
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
  /** Runs a refill later, off the caller's path (default `setTimeout(…, 0)`). */
  readonly schedule?: ((refill: () => void) => void) | undefined;
}

/** A thread's ready instances. */
export class SpareInstances {
  readonly #engine: EngineOptions;
  readonly #options: SpareInstancesOptions;
  readonly #ready: Promise<GuestInstance>[] = [];
  #disposed = false;

  constructor(engine: EngineOptions, options: SpareInstancesOptions) {
    this.#engine = engine;
    this.#options = options;
  }

  /** The engine the instances come from. */
  get engine(): EngineOptions {
    return this.#engine;
  }

  /** Prepares the spares now and resolves when they are ready. */
  async warm(): Promise<void> {
    this.#refill();
    await Promise.all(this.#ready);
  }

  /**
   * An instance with `memoryMiB` and `stackBytes`: a spare when one matches, else a new one.
   *
   * @throws KernelError `sandbox_unavailable` when the engine cannot start on this thread.
   */
  async take(memoryMiB: number, stackBytes: number): Promise<GuestInstance> {
    const { memoryMiB: spareMemory, stackBytes: spareStack } = this.#options;
    if (memoryMiB !== spareMemory || stackBytes !== spareStack || this.#ready.length === 0) {
      this.#later();
      return GuestInstance.prepare(this.#engine, memoryMiB, stackBytes);
    }
    const spare = this.#ready.shift() as Promise<GuestInstance>;
    this.#later();
    const instance = await spare.catch(() => undefined);
    return instance?.alive ? instance : GuestInstance.prepare(this.#engine, memoryMiB, stackBytes);
  }

  /** Releases the spares; later takes prepare instances on demand. */
  dispose(): void {
    this.#disposed = true;
    for (const spare of this.#ready.splice(0))
      void spare.then(
        (instance) => instance.dispose(),
        () => undefined,
      );
  }

  #later(): void {
    const schedule = this.#options.schedule ?? ((refill: () => void) => void setTimeout(refill, 0));
    schedule(() => this.#refill());
  }

  #refill(): void {
    const count = this.#options.count ?? 1;
    while (!this.#disposed && this.#ready.length < count) {
      const prepared = GuestInstance.prepare(this.#engine, this.#options.memoryMiB, this.#options.stackBytes);
      prepared.catch(() => undefined);
      this.#ready.push(prepared);
    }
  }
}
