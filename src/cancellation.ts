/**
 * Cooperative cancellation: a token moves none → graceful → immediate, propagates to child tokens,
 * tracks running tools, and offers an AbortSignal view for tools and providers.
 */
import type { CancellationTokenContract, MaybePromise } from "./contracts.ts";
import { KernelError } from "./errors.ts";

/** The state of a cancellation token. */
export type CancellationState = "none" | "graceful" | "immediate";

/** Reports a cancel callback that threw (callbacks never stop each other). */
export type CancelCallbackErrorHandler = (error: unknown) => void;

/**
 * The cancellation token of a coordinator. `request_graceful` asks loops to stop at the next
 * check point; `request_immediate` also aborts `signal`, which tools and providers receive.
 *
 * @example
 * const token = new CancellationToken();
 * const child = new CancellationToken();
 * token.register_child(child);
 * token.request_immediate(); // child.is_immediate === true, child.signal.aborted === true
 */
export class CancellationToken implements CancellationTokenContract {
  #state: CancellationState = "none";
  #controller = new AbortController();
  readonly #children = new Set<CancellationToken>();
  readonly #callbacks = new Set<() => MaybePromise<void>>();
  readonly #running = new Map<string, string>();
  readonly #onCallbackError: CancelCallbackErrorHandler | undefined;

  constructor(options: { onCallbackError?: CancelCallbackErrorHandler } = {}) {
    this.#onCallbackError = options.onCallbackError;
  }

  /** The current state. */
  get state(): CancellationState {
    return this.#state;
  }
  /** True once any cancellation was requested. */
  get is_cancelled(): boolean {
    return this.#state !== "none";
  }
  /** True when a graceful (and not yet immediate) cancellation was requested. */
  get is_graceful(): boolean {
    return this.#state === "graceful";
  }
  /** True when an immediate cancellation was requested. */
  get is_immediate(): boolean {
    return this.#state === "immediate";
  }
  /** Aborts when the token becomes immediate; a fresh signal after `reset()`. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }
  /** Ids of the tool calls running now. */
  get running_tools(): ReadonlySet<string> {
    return new Set(this.#running.keys());
  }
  /** Names of the tools running now, in start order. */
  get running_tool_names(): readonly string[] {
    return [...this.#running.values()];
  }

  /** Asks for a graceful stop. Only works from `none`; returns whether the state changed. */
  request_graceful(): boolean {
    if (this.#state !== "none") return false;
    this.#state = "graceful";
    for (const child of this.#children) child.request_graceful();
    return true;
  }

  /** Asks for an immediate stop (from `none` or `graceful`); aborts `signal`. */
  request_immediate(): boolean {
    if (this.#state === "immediate") return false;
    this.#state = "immediate";
    if (!this.#controller.signal.aborted) {
      this.#controller.abort(new KernelError("cancelled", "Cancelled: an immediate stop was requested."));
    }
    for (const child of this.#children) child.request_immediate();
    return true;
  }

  /** Back to `none`, with no running tools and a fresh signal. Children are kept. */
  reset(): void {
    this.#state = "none";
    this.#running.clear();
    if (this.#controller.signal.aborted) this.#controller = new AbortController();
  }

  /** Records that a tool call started. */
  register_tool_start(tool_call_id: string, tool_name: string): void {
    this.#running.set(tool_call_id, tool_name);
  }

  /** Records that a tool call finished. */
  register_tool_complete(tool_call_id: string): void {
    this.#running.delete(tool_call_id);
  }

  /** Adds a child token; it receives the current state at once and every later request. */
  register_child(child: CancellationToken): void {
    if (child === this) throw new KernelError("invalid_argument", "A cancellation token cannot be its own child.");
    this.#children.add(child);
    if (this.#state === "graceful") child.request_graceful();
    if (this.#state === "immediate") child.request_immediate();
  }

  /** Removes a child token. */
  unregister_child(child: CancellationToken): void {
    this.#children.delete(child);
  }

  /** Adds a callback for `trigger_callbacks()`; returns a function that removes it. */
  on_cancel(callback: () => MaybePromise<void>): () => void {
    this.#callbacks.add(callback);
    return () => {
      this.#callbacks.delete(callback);
    };
  }

  /**
   * Runs every cancel callback once, in registration order. Loops call it on the first detection
   * of a cancellation. A callback that throws is reported and the others still run.
   */
  async trigger_callbacks(): Promise<void> {
    for (const callback of [...this.#callbacks]) {
      try {
        await callback();
      } catch (error) {
        this.#onCallbackError?.(error);
      }
    }
  }

  /** Throws a `cancelled` KernelError when the token is cancelled (at either level). */
  throw_if_cancelled(): void {
    if (this.#state !== "none") {
      throw new KernelError("cancelled", `Cancelled (${this.#state}).`, { data: { state: this.#state } });
    }
  }

  /** A description for logs. */
  toString(): string {
    return `CancellationToken(${this.#state}${this.#running.size ? `, running: ${this.running_tool_names.join(", ")}` : ""})`;
  }
}
