/**
 * Serializes the turns of one session: a prompt that arrives while a turn runs waits for it (in
 * arrival order), up to a bound; past the bound it is refused. Turns never overlap, so the
 * history of one turn is never interleaved with another's.
 */

/** A FIFO of turns with at most `maxWaiting` turns waiting behind the running one. */
export class TurnQueue {
  readonly #maxWaiting: number;
  #tail: Promise<void> = Promise.resolve();
  #queued = 0;

  constructor(maxWaiting: number) {
    this.#maxWaiting = maxWaiting;
  }

  /** Turns running or waiting. */
  get size(): number {
    return this.#queued;
  }

  /** False when one more turn would be refused. */
  get hasRoom(): boolean {
    return this.#queued <= this.#maxWaiting;
  }

  /**
   * Queues `turn`; returns the promise of its end, or undefined when the
   * queue is full.
   */
  enqueue(turn: () => Promise<void>): Promise<void> | undefined {
    if (this.#queued > this.#maxWaiting) return undefined;
    this.#queued++;
    // A turn that throws anyway must not stop the ones behind it.
    const done = this.#tail
      .then(turn)
      .catch(() => undefined)
      .finally(() => {
        this.#queued--;
      });
    this.#tail = done;
    return done;
  }

  /** Resolves once every turn queued so far has ended. */
  drained(): Promise<void> {
    return this.#tail;
  }
}
