/**
 * Keeps started sandbox threads ready, so that mounting a worker-placed module does not wait for
 * a worker to start and load its engine. A thread is handed out once and never returns: each
 * module gets a fresh engine, and the pool refills in the background.
 */
import { KernelError } from "../../src/errors.ts";
import type { WorkerThread } from "./worker-thread.ts";

/** Options of {@link WarmPool}. */
export interface WarmPoolOptions {
  /** Starts one thread (resolves once it is ready). */
  readonly spawn: () => Promise<WorkerThread>;
  /** How many ready threads to keep (default 1; 0 disables warming). */
  readonly size?: number | undefined;
}

/**
 * A pool of ready threads.
 *
 * @example
 * await using pool = new WarmPool({ spawn: () => spawnNodeWorkerThread({}), size: 2 });
 * await pool.warm();
 * const thread = await pool.acquire(); // ready at once
 */
export class WarmPool implements AsyncDisposable {
  readonly #spawn: () => Promise<WorkerThread>;
  readonly #size: number;
  readonly #ready: WorkerThread[] = [];
  readonly #starting = new Set<Promise<void>>();
  #disposed = false;
  #lastError: unknown;

  constructor(options: WarmPoolOptions) {
    this.#spawn = options.spawn;
    this.#size = Math.max(0, Math.floor(options.size ?? 1));
  }

  /** Threads ready to hand out now. */
  get readyCount(): number {
    return this.#ready.length;
  }

  /** Starts threads until `size` are ready or starting, and resolves when they are. */
  async warm(): Promise<void> {
    this.#refill();
    await Promise.all(this.#starting);
  }

  /**
   * A ready thread: a warm one when there is one, else a freshly started one.
   *
   * @throws KernelError `sandbox_unavailable` after disposal, or when a thread cannot start.
   */
  async acquire(): Promise<WorkerThread> {
    if (this.#disposed) throw new KernelError("sandbox_unavailable", "the sandbox pool was disposed");
    const thread = this.#ready.shift();
    if (thread) {
      this.#refill();
      return thread;
    }
    const fresh = await this.#spawn();
    this.#lastError = undefined;
    this.#refill();
    return fresh;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#disposed = true;
    await Promise.allSettled(this.#starting);
    const threads = this.#ready.splice(0);
    await Promise.allSettled(threads.map((thread) => thread.terminate()));
  }

  #refill(): void {
    // A pool whose spawns keep failing stops retrying until acquire() succeeds again.
    if (this.#disposed || this.#lastError !== undefined) return;
    while (this.#ready.length + this.#starting.size < this.#size) {
      const starting: Promise<void> = this.#spawn().then(
        (thread) => {
          this.#starting.delete(starting);
          if (this.#disposed) {
            void thread.terminate();
            return;
          }
          this.#ready.push(thread);
          // A warm thread that dies while waiting is dropped, not handed out.
          void thread.exited.then(() => {
            const index = this.#ready.indexOf(thread);
            if (index >= 0) this.#ready.splice(index, 1);
          });
        },
        (error: unknown) => {
          this.#starting.delete(starting);
          this.#lastError = error;
        },
      );
      this.#starting.add(starting);
    }
  }
}
