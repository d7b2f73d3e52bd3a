/**
 * The guest's one way out: the host function behind every guest coordinator call. It reads the
 * request without trusting it (size first), refuses what is over the limits, and hands the rest
 * to the kernel outside the running guest section; the answer comes back through a guest promise.
 */
import type { QuickJSContext, QuickJSDeferredPromise, QuickJSHandle } from "quickjs-emscripten-core";
import { KernelError } from "../../src/errors.ts";
import type { SandboxLimits } from "../limits.ts";
import type { GuestReply, KillReason } from "../protocol.ts";
import { readGuestText } from "./guest-text.ts";

/** What the request bridge needs from its instance. */
export interface HostRequestsOptions {
  readonly context: QuickJSContext;
  readonly limits: SandboxLimits;
  /** Answers a request (op and payload JSON). */
  readonly onRequest: (op: string, payloadText: string) => Promise<GuestReply>;
  /** Kills the instance (called from inside a guest section, so the kill happens when it ends). */
  readonly kill: (reason: KillReason, message: string) => void;
  /** Resolves `deferred` with the reply's JSON inside a new guest section. */
  readonly resume: (deferred: QuickJSDeferredPromise, replyText: string) => void;
}

function describeFailure(error: unknown): string {
  return JSON.stringify(
    KernelError.is(error)
      ? { ok: false, error: error.toData() }
      : { ok: false, error: { code: "internal", message: String(error) } },
  );
}

/** Counts the guest's requests in flight and bridges each one to the kernel. */
export class HostRequests {
  readonly #options: HostRequestsOptions;
  /** Requests handed to the kernel and not answered yet (what max_pending_jobs caps). */
  #inFlight = 0;
  /** Guest promises not resolved yet, refusals included (what keeps a waiting call alive). */
  #unanswered = 0;

  constructor(options: HostRequestsOptions) {
    this.#options = options;
  }

  /** Guest requests whose promise is not resolved yet: a call waiting on one may still settle. */
  get pending(): number {
    return this.#unanswered;
  }

  /** The implementation of the host function the guest prelude calls as `hostRequest(op, payload)`. */
  readonly handle = (opHandle: QuickJSHandle, payloadHandle: QuickJSHandle): QuickJSHandle => {
    const { context, limits } = this.#options;
    const op = context.typeof(opHandle) === "string" ? context.getString(opHandle) : "";
    const payload = readGuestText(context, payloadHandle, limits.maxMessageBytes);
    if (payload.tooLarge) {
      this.#options.kill("payload", `coordinator.${op}() was called with more than ${limits.maxMessageBytes} bytes`);
      return context.newError("the message exceeds the sandbox's size limit");
    }
    const deferred = context.newPromise();
    const text = payload.text;
    this.#unanswered += 1;
    const answer = (reply: string) => {
      this.#unanswered -= 1;
      this.#options.resume(deferred, reply);
    };
    if (text === undefined || this.#inFlight >= limits.maxPendingJobs) {
      const error =
        text === undefined
          ? { code: "invalid_argument", message: `coordinator.${op}() was called without a serialized payload` }
          : {
              code: "sandbox_payload",
              message: `too many coordinator calls in flight (max_pending_jobs = ${limits.maxPendingJobs}); await earlier calls first`,
            };
      const reply = JSON.stringify({ ok: false, error });
      queueMicrotask(() => answer(reply));
      return deferred.handle;
    }
    this.#inFlight += 1;
    // Never call the kernel from inside a guest section: it may call back into this instance.
    Promise.resolve()
      .then(() => this.#options.onRequest(op, text))
      .then((reply) => JSON.stringify(reply), describeFailure)
      .then((reply) => {
        this.#inFlight -= 1;
        answer(reply);
      });
    return deferred.handle;
  };
}
