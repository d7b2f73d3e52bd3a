/**
 * The calls in flight in one sandbox: each is a guest promise the host follows after every guest
 * section, until it settles (then its value is read out and its handles released).
 */
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten-core";
import type { KernelError } from "../../src/errors.ts";
import type { CallCharge } from "./call-guard.ts";

interface PendingCall {
  readonly what: string;
  readonly read: (value: QuickJSHandle) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  handle: QuickJSHandle | undefined;
}

/** Calls in flight, keyed by their CPU charge (one object per call). */
export class PendingCalls {
  readonly #context: QuickJSContext;
  readonly #calls = new Map<CallCharge, PendingCall>();

  constructor(context: QuickJSContext) {
    this.#context = context;
  }

  /** Registers a call; the promise settles when its guest promise does (or the sandbox dies). */
  add<T>(what: string, charge: CallCharge, read: (value: QuickJSHandle) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#calls.set(charge, { what, read, resolve: resolve as (value: unknown) => void, reject, handle: undefined });
    });
  }

  /** The guest value (a promise or a plain value) the call is waiting for. */
  attach(charge: CallCharge, handle: QuickJSHandle): void {
    const call = this.#calls.get(charge);
    if (call) call.handle = handle;
    else handle.dispose();
  }

  /** Fails a call that threw synchronously. */
  fail(charge: CallCharge, error: KernelError): void {
    const call = this.#calls.get(charge);
    if (!call) return;
    this.#calls.delete(charge);
    call.reject(error);
  }

  /** The CPU charges of the calls in flight. */
  charges(): IterableIterator<CallCharge> {
    return this.#calls.keys();
  }

  /** Resolves or rejects every call whose guest promise has settled. */
  settle(describe: (error: QuickJSHandle, what: string) => KernelError): void {
    for (const [charge, call] of [...this.#calls]) {
      if (!this.#calls.has(charge) || call.handle === undefined || !call.handle.alive) continue;
      const state = this.#context.getPromiseState(call.handle);
      if (state.type === "pending") continue;
      this.#calls.delete(charge);
      const handle = call.handle;
      call.handle = undefined;
      if (state.type === "fulfilled") {
        try {
          call.resolve(call.read(state.value));
        } catch (error) {
          call.reject(error);
        } finally {
          if (!state.notAPromise && state.value.alive) state.value.dispose();
          if (handle.alive) handle.dispose();
        }
      } else {
        if (handle.alive) handle.dispose();
        try {
          call.reject(describe(state.error, call.what));
        } catch (error) {
          call.reject(error);
        }
      }
    }
  }

  /** The first call that can never settle: nothing queued in the guest and no host call pending. */
  stuck(pendingRequests: number, hasPendingJob: boolean): string | undefined {
    if (pendingRequests > 0 || hasPendingJob) return undefined;
    for (const call of this.#calls.values()) if (call.handle !== undefined) return call.what;
    return undefined;
  }

  /** Fails every call in flight with `error` and releases their handles. */
  rejectAll(error: unknown): void {
    const calls = [...this.#calls.values()];
    this.#calls.clear();
    for (const call of calls) {
      try {
        if (call.handle?.alive) call.handle.dispose();
      } catch {
        // The context may already be gone after an abort.
      }
      call.reject(error);
    }
  }
}
