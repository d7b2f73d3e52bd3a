/**
 * Calls into the worker, turning its answers back into values or KernelErrors with their codes,
 * and refusing calls after dispose (a terminated worker would never answer).
 */
import type * as Comlink from "comlink";
import { describeError, KernelError, type Result, unwrap } from "../../src/errors.ts";
import type { HostApi } from "./protocol.ts";

/** The worker's API as the page reaches it, and whether it is still usable. */
export class RemoteHost {
  #disposed = false;

  constructor(readonly remote: Comlink.Remote<HostApi>) {}

  get disposed(): boolean {
    return this.#disposed;
  }

  markDisposed(): void {
    this.#disposed = true;
  }

  /**
   * Runs one call and unwraps its result.
   * @throws KernelError the worker's error with its code, data and issues; `not_initialized` after dispose;
   *   `invalid_argument` for a value that cannot be sent to the worker.
   */
  async call<T>(body: (remote: Comlink.Remote<HostApi>) => Promise<Result<T>>): Promise<T> {
    if (this.#disposed) throw new KernelError("not_initialized", "This web client was disposed; connect again.");
    let result: Result<T>;
    try {
      result = await body(this.remote);
    } catch (error) {
      if (KernelError.is(error)) throw error;
      const isClone = error instanceof DOMException && error.name === "DataCloneError";
      throw new KernelError(
        isClone ? "invalid_argument" : "internal",
        isClone
          ? `A value cannot be sent to the worker (plain data only): ${describeError(error)}`
          : `The worker did not answer: ${describeError(error)}`,
        { cause: error },
      );
    }
    return unwrap(result);
  }
}
