/**
 * The hook registry: handlers run lowest priority first, results are combined with the
 * original's rules (deny > ask_user > inject_context > continue), and failures fail closed.
 */
import type { EmitAndCollectOptions, HookHandler, HookRegistryContract, RegisterArguments } from "../contracts.ts";
import { describeError, KernelError } from "../errors.ts";
import { issuesError, issuesFromZod } from "../issues.ts";
import { type HookResult, hookResult, type JsonObject, safeParseHookResult } from "../models/index.ts";
import { timerDelay } from "../timer-delay.ts";
import { utcTimestamp } from "../timestamps.ts";
import { cloneEventData } from "./clone.ts";
import { type CollectedResults, collectResult, combineResults } from "./combine.ts";
import type { EventData, EventHandler } from "./event-data.ts";
import {
  CONTEXT_PRE_COMPACT,
  ORCHESTRATOR_COMPLETE,
  PROMPT_SUBMIT,
  SESSION_END,
  SESSION_START,
  TOOL_POST,
  TOOL_PRE,
  USER_NOTIFICATION,
} from "./events.ts";
import { registrationOf } from "./registration.ts";

export { mergeInjections } from "./combine.ts";

/** The reason given when a handler returns something that is not a HookResult. */
export const INVALID_RESPONSE_REASON = "Hook handler returned invalid response";

/** A handler failure the registry skipped: it threw, timed out, or returned an invalid result. */
export interface HookHandlerFailure {
  event: string;
  handler_name: string;
  kind: "threw" | "invalid_result" | "timeout";
  error: unknown;
}

/** What one handler answered when an event was emitted with {@link HookRegistry.emit_traced}. */
export interface HookHandlerTrace {
  readonly name: string;
  readonly priority: number;
  /** `result`: it answered (a missing answer is `continue`); else it was skipped, or failed closed. */
  readonly outcome: "result" | "threw" | "timeout" | "invalid_result";
  readonly result?: HookResult;
  readonly error?: string;
  /** Milliseconds by the registry's clock. */
  readonly duration_ms: number;
}

/** Options of a HookRegistry. */
export interface HookRegistryOptions {
  /** The clock used for event timestamps. */
  now?: () => Date;
  /** Receives every handler failure (the registry never logs to a console). */
  onHandlerError?: (failure: HookHandlerFailure) => void;
}

/** Watches an emitted event (see {@link HookRegistry.observe}); its data typed by name. */
export type EventObserver<E extends string = string> = (event: E, data: EventData<E>) => void;

interface Registration {
  readonly event: string;
  readonly handler: HookHandler;
  readonly priority: number;
  readonly name: string;
  readonly order: number;
}

/**
 * Registers hook handlers and emits events to them.
 *
 * @example
 * const hooks = new HookRegistry();
 * hooks.register("tool:pre", (_event, data) => (data.tool_name === "bash" ? { action: "deny", reason: "no shell" } : undefined));
 * const result = await hooks.emit("tool:pre", { tool_name: "bash" }); // result.action === "deny"
 */
export class HookRegistry implements HookRegistryContract {
  // The original's class-level event names (`HookRegistry.TOOL_PRE`).
  static readonly SESSION_START = SESSION_START;
  static readonly SESSION_END = SESSION_END;
  static readonly PROMPT_SUBMIT = PROMPT_SUBMIT;
  static readonly TOOL_PRE = TOOL_PRE;
  static readonly TOOL_POST = TOOL_POST;
  static readonly CONTEXT_PRE_COMPACT = CONTEXT_PRE_COMPACT;
  static readonly ORCHESTRATOR_COMPLETE = ORCHESTRATOR_COMPLETE;
  static readonly USER_NOTIFICATION = USER_NOTIFICATION;

  readonly #handlers = new Map<string, Registration[]>();
  /** Each observer with the event names it watches (undefined: every event). */
  readonly #observers = new Map<EventObserver, ReadonlySet<string> | undefined>();
  #defaults: Record<string, unknown> = {};
  #order = 0;
  readonly #now: () => Date;
  #onHandlerError: ((failure: HookHandlerFailure) => void) | undefined;

  constructor(options: HookRegistryOptions = {}) {
    this.#now = options.now ?? (() => new Date());
    this.#onHandlerError = options.onHandlerError;
  }

  /** Sets (replaces) the receiver of handler failures. */
  set_error_handler(onHandlerError: ((failure: HookHandlerFailure) => void) | undefined): void {
    this.#onHandlerError = onHandlerError;
  }

  /**
   * Registers `handler` for `event`; returns a function that removes exactly this registration.
   * Takes `{ priority, name }` or the original's positional form `register(event, handler, 50, "late")`.
   *
   * @throws KernelError `invalid_argument` when the event is empty, the handler is not a function, or the
   *   priority or name is given in a form the registry cannot honour (it never silently drops one).
   */
  register<E extends string>(event: E, handler: EventHandler<E>, ...options: RegisterArguments): () => void {
    if (typeof event !== "string" || event.length === 0) {
      throw new KernelError("invalid_argument", "hooks.register: the event name must be a non-empty string.");
    }
    if (typeof handler !== "function") {
      throw new KernelError("invalid_argument", `hooks.register("${event}"): the handler must be a function.`);
    }
    const { priority, name } = registrationOf(event, options);
    const order = this.#order++;
    const registration: Registration = {
      event,
      // Stored untyped: the registry hands each handler the data emitted under its own name.
      handler: handler as HookHandler,
      priority,
      name: name ?? `_auto_${event}_${order}`,
      order,
    };
    const list = [...(this.#handlers.get(event) ?? []), registration];
    list.sort((a, b) => a.priority - b.priority || a.order - b.order);
    this.#handlers.set(event, list);
    return () => {
      this.#remove((candidate) => candidate === registration);
    };
  }

  /** Alias of {@link register}. */
  on<E extends string>(event: E, handler: EventHandler<E>, ...options: RegisterArguments): () => void {
    return this.register(event, handler, ...options);
  }

  /**
   * Removes every handler registered under `name` (on any event); returns whether any was removed.
   * The original kept one handle per name, so a duplicate name lost the first; here both go.
   */
  unregister(name: string): boolean {
    return this.#remove((candidate) => candidate.name === name);
  }

  /** Handler names per event, in the order they run. */
  list_handlers(event?: string): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [name, list] of this.#handlers) {
      if (event !== undefined && name !== event) continue;
      if (list.length > 0) out[name] = list.map((registration) => registration.name);
    }
    return out;
  }

  /** Replaces the fields merged into every emitted event (the session sets `session_id`, `parent_id`). */
  set_default_fields(fields: Record<string, unknown>): void {
    this.#defaults = { ...fields };
  }

  /** The current default fields. */
  get default_fields(): Readonly<Record<string, unknown>> {
    return this.#defaults;
  }

  /**
   * Emits `event` to its handlers in priority order and combines their results.
   * With no handlers the data comes back unchanged, with no defaults or timestamp added.
   */
  async emit(event: string, data: Record<string, unknown> = {}): Promise<HookResult> {
    return this.#emit(event, data, undefined);
  }

  /**
   * Emits like {@link emit} and also says what each handler answered, in the order they ran, for
   * a person firing an event by hand to see every hook's result. Handlers after a `deny` did not run
   * and are not listed.
   */
  async emit_traced(
    event: string,
    data: Record<string, unknown> = {},
  ): Promise<{ result: HookResult; handlers: HookHandlerTrace[] }> {
    const handlers: HookHandlerTrace[] = [];
    const result = await this.#emit(event, data, handlers);
    return { result, handlers };
  }

  async #emit(event: string, data: Record<string, unknown>, trace: HookHandlerTrace[] | undefined) {
    if (this.#observers.size > 0) this.#notifyObservers(event, data);
    const handlers = this.#handlers.get(event) ?? [];
    if (handlers.length === 0) return hookResult({ action: "continue", data });
    const collected: CollectedResults = {
      data: { ...this.#defaults, ...data, timestamp: utcTimestamp(this.#now()) },
      modified: false,
      injections: [],
      askUser: undefined,
      message: undefined,
    };
    for (const registration of handlers) {
      const outcome = await this.#call(registration, event, cloneEventData(collected.data), undefined, trace);
      if (outcome === "skip") continue;
      if (outcome === "invalid") return hookResult({ action: "deny", reason: INVALID_RESPONSE_REASON });
      if (outcome.action === "deny") return outcome;
      collectResult(collected, outcome);
    }
    return combineResults(collected);
  }

  /**
   * Watches every event emitted through `emit`, handlers or not, with the default fields and a
   * timestamp merged in: for event logs, streams and timelines. An observer cannot change the
   * outcome, and one that throws is ignored. `events` limits it to those names, so that emits it
   * does not watch cost nothing. Returns a function that stops the observer.
   *
   * @example
   * const stop = hooks.observe((event, data) => console.log(event, data));
   * const stopErrors = hooks.observe(report, { events: ["tool:error", "provider:error"] });
   */
  observe<E extends string = string>(observer: EventObserver<E>, options: { events?: readonly E[] } = {}): () => void {
    this.#observers.set(
      observer as EventObserver,
      options.events === undefined ? undefined : new Set<string>(options.events),
    );
    return () => {
      this.#observers.delete(observer as EventObserver);
    };
  }

  #notifyObservers(event: string, data: Record<string, unknown>): void {
    let stamped: Record<string, unknown> | undefined;
    for (const [observer, events] of this.#observers) {
      if (events !== undefined && !events.has(event)) continue;
      stamped ??= { ...this.#defaults, ...data, timestamp: utcTimestamp(this.#now()) };
      try {
        observer(event, cloneEventData(stamped));
      } catch {
        // Observers only watch: a failing one must not change what the emit does.
      }
    }
  }

  /**
   * Emits a decision event: every handler gets the same data (no chaining, no defaults, no
   * timestamp), each under its own timeout, and every non-empty `result.data` is collected.
   */
  async emit_and_collect(
    event: string,
    data: Record<string, unknown> = {},
    options: EmitAndCollectOptions = {},
  ): Promise<JsonObject[]> {
    const timeoutMs = (options.timeout ?? 1) * 1000;
    const collected: JsonObject[] = [];
    for (const registration of this.#handlers.get(event) ?? []) {
      const outcome = await this.#call(registration, event, cloneEventData(data), timeoutMs);
      if (outcome === "skip" || outcome === "invalid") continue;
      if (outcome.data !== undefined) collected.push(outcome.data);
    }
    return collected;
  }

  async #call(
    registration: Registration,
    event: string,
    data: Record<string, unknown>,
    timeoutMs?: number,
    trace?: HookHandlerTrace[],
  ): Promise<HookResult | "skip" | "invalid"> {
    const started = trace === undefined ? 0 : this.#now().getTime();
    const traced = (entry: Omit<HookHandlerTrace, "name" | "priority" | "duration_ms">) =>
      trace?.push({
        name: registration.name,
        priority: registration.priority,
        ...entry,
        duration_ms: this.#now().getTime() - started,
      });
    let raw: unknown;
    try {
      const pending = Promise.resolve(registration.handler(event, data));
      raw = timeoutMs === undefined ? await pending : await withTimeout(pending, timeoutMs);
    } catch (error) {
      const kind = error === TIMED_OUT ? "timeout" : "threw";
      this.#report({ event, handler_name: registration.name, kind, error: error === TIMED_OUT ? undefined : error });
      traced({ outcome: kind, ...(error === TIMED_OUT ? {} : { error: describeError(error) }) });
      return "skip";
    }
    if (raw === undefined || raw === null) {
      traced({ outcome: "result", result: hookResult() });
      return hookResult();
    }
    const parsed = safeParseHookResult(raw);
    if (parsed.success) {
      traced({ outcome: "result", result: parsed.data });
      return parsed.data;
    }
    // Reported as a KernelError listing the issues (what a person reads, and `issues` for code).
    const issues = issuesFromZod(parsed.error);
    const error = issuesError("invalid_result", `${registration.name} returned an invalid HookResult`, issues);
    this.#report({ event, handler_name: registration.name, kind: "invalid_result", error });
    traced({ outcome: "invalid_result", error: error.message });
    return "invalid";
  }

  #report(failure: HookHandlerFailure): void {
    try {
      this.#onHandlerError?.(failure);
    } catch {
      // A failing reporter must not change the outcome of an emit.
    }
  }

  #remove(matches: (registration: Registration) => boolean): boolean {
    let removed = false;
    for (const [event, list] of this.#handlers) {
      const kept = list.filter((registration) => !matches(registration));
      if (kept.length !== list.length) {
        removed = true;
        if (kept.length === 0) this.#handlers.delete(event);
        else this.#handlers.set(event, kept);
      }
    }
    return removed;
  }
}

const TIMED_OUT = Symbol("timed out");

async function withTimeout<T>(pending: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(TIMED_OUT), timerDelay(timeoutMs));
  });
  try {
    return await Promise.race([pending, timeout]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
