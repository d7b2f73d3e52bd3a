/**
 * The CPU guard of one sandbox. QuickJS's interrupt handler stops the guest on a deadline **or**
 * when a count of handler polls runs out; the count is what stops a synchronous loop where the
 * clock does not advance while code runs (deployed Cloudflare Workers).
 *
 * Guest time is charged three ways, and the tightest one sets each section's limit:
 * - **per call**: every synchronous entry into the guest (a section) is charged to each call in
 *   flight, and may only run for what the most-charged call has left of `timeoutMs`;
 * - **per module, over a window**: every section, in or out of a call, counts against
 *   `windowBudgetMs` of guest time in any `windowMs`;
 * - **in the background**: a section with no call in flight (a promise chain a module left running)
 *   counts against the smaller `backgroundBudgetMs` in the same window.
 * Time a call spends waiting on the host is not guest time.
 */
import type { InterruptHandler } from "quickjs-emscripten-core";

/** A clock in milliseconds; injected so tests can freeze it. */
export type Clock = () => number;

/** Guest time and interrupt polls charged to one call so far. */
export interface CallCharge {
  spentMs: number;
  spentPolls: number;
}

/** The CPU limits of one sandbox. */
export interface CpuLimits {
  readonly timeoutMs: number;
  /** Interrupt polls allowed per call (the clock-free twin of `timeoutMs`). */
  readonly interruptBudget: number;
  readonly windowMs: number;
  readonly windowBudgetMs: number;
  readonly backgroundBudgetMs: number;
}

/** Which limit stopped a section: a call's own time, or the module's share over the window. */
export type CpuTrip = "timeout" | "cpu";

/**
 * Interrupt polls a tripped section may still run before it is abandoned. A guest that stops when
 * interrupted needs about one poll per async frame it unwinds; one that absorbs the interrupt
 * (async calls from a loop) polls without end.
 */
export const POLLS_BEFORE_ABANDON = 100;

/** Interrupt polls counted as one millisecond of guest time where the clock stands still. */
export const INTERRUPT_CHECKS_PER_MS = 50;

const BUCKETS = 10;

/** Guest time spent in the last `windowMs`, kept in ten buckets (cheap, and precise enough). */
class WindowLog {
  readonly #bucketMs: number;
  readonly #ms = new Float64Array(BUCKETS);
  readonly #polls = new Float64Array(BUCKETS);
  #bucket = 0;
  #bucketStart = 0;

  constructor(windowMs: number) {
    this.#bucketMs = Math.max(1, windowMs / BUCKETS);
  }

  /** Moves to the bucket of `now`, clearing the ones that fell out of the window. */
  #advance(now: number): void {
    const steps = Math.floor((now - this.#bucketStart) / this.#bucketMs);
    if (steps <= 0) return;
    for (let step = 1; step <= Math.min(steps, BUCKETS); step += 1) {
      const index = (this.#bucket + step) % BUCKETS;
      this.#ms[index] = 0;
      this.#polls[index] = 0;
    }
    this.#bucket = (this.#bucket + steps) % BUCKETS;
    this.#bucketStart += steps * this.#bucketMs;
  }

  add(now: number, ms: number, polls: number): void {
    this.#advance(now);
    this.#ms[this.#bucket] = (this.#ms[this.#bucket] ?? 0) + ms;
    this.#polls[this.#bucket] = (this.#polls[this.#bucket] ?? 0) + polls;
  }

  /** Time and polls spent in the window ending `now`. */
  spent(now: number): { ms: number; polls: number } {
    this.#advance(now);
    let ms = 0;
    let polls = 0;
    for (let index = 0; index < BUCKETS; index += 1) {
      ms += this.#ms[index] ?? 0;
      polls += this.#polls[index] ?? 0;
    }
    return { ms, polls };
  }
}

/** Deadline-or-budget interrupt handler with per-call and per-module accounting. */
export class CallGuard {
  readonly #now: Clock;
  #limits: CpuLimits;
  #window: WindowLog;
  #background: WindowLog;
  #deadline = Number.POSITIVE_INFINITY;
  #pollsLeft = Number.POSITIVE_INFINITY;
  #polls = 0;
  #sectionStart = 0;
  #sectionIsBackground = false;
  #limitedBy: CpuTrip = "timeout";
  #tripped: CpuTrip | undefined;
  #pollsSinceTrip = 0;

  constructor(now: Clock, limits: CpuLimits) {
    this.#now = now;
    this.#limits = limits;
    this.#window = new WindowLog(limits.windowMs);
    this.#background = new WindowLog(limits.windowMs);
  }

  /** Replaces the limits (a prepared instance learns its module's limits when it is assigned). */
  configure(limits: CpuLimits): void {
    this.#limits = limits;
    this.#window = new WindowLog(limits.windowMs);
    this.#background = new WindowLog(limits.windowMs);
  }

  /** The handler to install with `runtime.setInterruptHandler`. */
  readonly handler: InterruptHandler = () => {
    if (this.#tripped) {
      this.#pollsSinceTrip += 1;
      return true;
    }
    this.#polls += 1;
    if (this.#polls > this.#pollsLeft || this.#now() > this.#deadline) this.#tripped = this.#limitedBy;
    return this.#tripped !== undefined;
  };

  /**
   * Checks the deadline between units of work the interrupt handler may not see often enough (a
   * flood of tiny promise jobs); true once the section must stop.
   */
  expired(): boolean {
    if (!this.#tripped && this.#now() > this.#deadline) this.#tripped = this.#limitedBy;
    return this.#tripped !== undefined;
  }

  /**
   * True once a tripped section went on polling: the guest absorbs the interrupt, and the host must
   * unwind it by force (see `EngineInstance.setInterruptEscalation`).
   */
  get abandoned(): boolean {
    return this.#pollsSinceTrip > POLLS_BEFORE_ABANDON;
  }

  /** Which limit the running section broke, if any; the instance must then be dropped. */
  get tripped(): CpuTrip | undefined {
    return this.#tripped;
  }

  /** Whether the running (or last) section ran with no call in flight. */
  get inBackground(): boolean {
    return this.#sectionIsBackground;
  }

  /** Opens a section for the calls in flight (`charges`); with none, it runs on the background budget. */
  begin(charges: readonly CallCharge[]): void {
    const limits = this.#limits;
    const now = this.#now();
    let spentMs = 0;
    let spentPolls = 0;
    for (const charge of charges) {
      spentMs = Math.max(spentMs, charge.spentMs);
      spentPolls = Math.max(spentPolls, charge.spentPolls);
    }
    this.#sectionIsBackground = charges.length === 0;
    const callMs = limits.timeoutMs - spentMs;
    const callPolls = limits.interruptBudget - spentPolls;
    const window = this.#window.spent(now);
    let shareMs = limits.windowBudgetMs - window.ms;
    let sharePolls = limits.windowBudgetMs * INTERRUPT_CHECKS_PER_MS - window.polls;
    if (this.#sectionIsBackground) {
      const background = this.#background.spent(now);
      shareMs = Math.min(shareMs, limits.backgroundBudgetMs - background.ms);
      sharePolls = Math.min(sharePolls, limits.backgroundBudgetMs * INTERRUPT_CHECKS_PER_MS - background.polls);
    }
    this.#limitedBy = shareMs < callMs ? "cpu" : "timeout";
    this.#sectionStart = now;
    this.#deadline = now + Math.max(0, Math.min(callMs, shareMs));
    this.#pollsLeft = Math.max(0, Math.min(callPolls, sharePolls));
    this.#polls = 0;
  }

  /** Closes the section and charges its time and polls to every call in flight and to the module. */
  end(charges: readonly CallCharge[]): void {
    const now = this.#now();
    const elapsed = Math.max(0, now - this.#sectionStart);
    for (const charge of charges) {
      charge.spentMs += elapsed;
      charge.spentPolls += this.#polls;
    }
    this.#window.add(now, elapsed, this.#polls);
    if (this.#sectionIsBackground) this.#background.add(now, elapsed, this.#polls);
    this.#deadline = Number.POSITIVE_INFINITY;
    this.#pollsLeft = Number.POSITIVE_INFINITY;
  }
}
