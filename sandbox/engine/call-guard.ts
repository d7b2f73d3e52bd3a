/**
 * The CPU guard of one sandbox: QuickJS's interrupt handler stops the guest on a deadline **or**
 * when a count of handler polls runs out. The count is what stops a synchronous loop where the
 * clock does not advance while code runs (deployed Cloudflare Workers).
 *
 * Guest time is charged per call: every synchronous entry into the guest (a section) is charged to
 * each call in flight, and a section may only run for what the most-charged call has left. Time a
 * call spends waiting on the host is not guest time.
 */
import type { InterruptHandler } from "quickjs-emscripten-core";

/** A clock in milliseconds; injected so tests can freeze it. */
export type Clock = () => number;

/** Guest time and interrupt polls charged to one call so far. */
export interface CallCharge {
  spentMs: number;
  spentPolls: number;
}

/**
 * Interrupt polls a tripped section may still run before it is abandoned. A guest that stops when
 * interrupted needs about one poll per async frame it unwinds; one that absorbs the interrupt
 * (async calls from a loop) polls without end.
 */
export const POLLS_BEFORE_ABANDON = 100;

/** Deadline-or-budget interrupt handler with per-call accounting. */
export class CallGuard {
  readonly #now: Clock;
  readonly #timeoutMs: number;
  readonly #budget: number;
  #deadline = Number.POSITIVE_INFINITY;
  #pollsLeft = Number.POSITIVE_INFINITY;
  #polls = 0;
  #sectionStart = 0;
  #tripped = false;
  #pollsSinceTrip = 0;

  constructor(now: Clock, timeoutMs: number, budget: number) {
    this.#now = now;
    this.#timeoutMs = timeoutMs;
    this.#budget = budget;
  }

  /** The handler to install with `runtime.setInterruptHandler`. */
  readonly handler: InterruptHandler = () => {
    if (this.#tripped) {
      this.#pollsSinceTrip += 1;
      return true;
    }
    this.#polls += 1;
    if (this.#polls > this.#pollsLeft || this.#now() > this.#deadline) this.#tripped = true;
    return this.#tripped;
  };

  /**
   * Checks the deadline between units of work the interrupt handler may not see often enough (a
   * flood of tiny promise jobs); true once the section must stop.
   */
  expired(): boolean {
    if (!this.#tripped && this.#now() > this.#deadline) this.#tripped = true;
    return this.#tripped;
  }

  /**
   * True once a tripped section went on polling: the guest absorbs the interrupt, and the host must
   * unwind it by force (see `QuickJSInstance.setInterruptEscalation`).
   */
  get abandoned(): boolean {
    return this.#pollsSinceTrip > POLLS_BEFORE_ABANDON;
  }

  /** True once the running section was interrupted; the instance must then be dropped. */
  get tripped(): boolean {
    return this.#tripped;
  }

  /** Opens a section for the calls in flight (`charges`); with none, the section gets a full call. */
  begin(charges: Iterable<CallCharge>): void {
    let spentMs = 0;
    let spentPolls = 0;
    for (const charge of charges) {
      spentMs = Math.max(spentMs, charge.spentMs);
      spentPolls = Math.max(spentPolls, charge.spentPolls);
    }
    this.#sectionStart = this.#now();
    this.#deadline = this.#sectionStart + Math.max(0, this.#timeoutMs - spentMs);
    this.#pollsLeft = Math.max(0, this.#budget - spentPolls);
    this.#polls = 0;
  }

  /** Closes the section and charges its time and polls to every call in flight. */
  end(charges: Iterable<CallCharge>): void {
    const elapsed = Math.max(0, this.#now() - this.#sectionStart);
    for (const charge of charges) {
      charge.spentMs += elapsed;
      charge.spentPolls += this.#polls;
    }
    this.#deadline = Number.POSITIVE_INFINITY;
    this.#pollsLeft = Number.POSITIVE_INFINITY;
  }
}
