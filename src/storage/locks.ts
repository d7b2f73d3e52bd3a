/**
 * Per-session exclusive locks. In a browser they are Web Locks (`navigator.locks`), which every tab
 * and worker of the origin shares, so two tabs writing one session take turns. Where the runtime has
 * no Web Locks (Node, workerd) the lock is a queue inside this process, which is all a single
 * Durable Object or a single Node process needs.
 */

/** The part of the Web Locks `LockManager` that the stores use. */
export interface LockManagerLike {
  request<T>(name: string, options: { mode: "exclusive" }, callback: () => Promise<T>): Promise<T>;
}

/** An exclusive lock per name, across tabs when Web Locks are available. */
export class SessionLocks {
  readonly #prefix: string;
  readonly #manager: LockManagerLike;

  /**
   * @param prefix names the lock space, e.g. `amplifier-edge/<database>`; locks are `<prefix>/<session>`.
   * @param manager a Web Locks manager; defaults to `navigator.locks` when present, else an in-process one.
   */
  constructor(prefix: string, manager: LockManagerLike | undefined = defaultLockManager()) {
    this.#prefix = prefix;
    this.#manager = manager;
  }

  /** Runs `body` while holding the session's lock; the lock is released when `body` settles. */
  run<T>(sessionId: string, body: () => Promise<T>): Promise<T> {
    return this.#manager.request(`${this.#prefix}/${sessionId}`, { mode: "exclusive" }, body);
  }
}

/** `navigator.locks` when the runtime has it, else a new in-process lock manager. */
export function defaultLockManager(): LockManagerLike {
  const candidate = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  return candidate !== undefined && typeof candidate.request === "function" ? candidate : new LocalLockManager();
}

/** A lock manager inside one JavaScript realm: FIFO per name, like Web Locks in exclusive mode. */
export class LocalLockManager implements LockManagerLike {
  readonly #tails = new Map<string, Promise<void>>();

  async request<T>(name: string, _options: { mode: "exclusive" }, callback: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => released);
    this.#tails.set(name, tail);
    await previous;
    try {
      return await callback();
    } finally {
      release();
      if (this.#tails.get(name) === tail) this.#tails.delete(name);
    }
  }
}
