/**
 * The guest's one way out: the host function behind every guest coordinator call. It reads the
 * request without trusting it (size first), refuses what is over the limits, and hands the rest
 * to the kernel side outside the running guest section; the answer comes back through a guest
 * promise.
 */
import type { QuickJSContext, QuickJSDeferredPromise, QuickJSHandle } from "quickjs-emscripten-core";
import { toErrorData } from "../../src/errors.ts";
import type { GuestReply, GuestRequest, KillReason } from "../protocol.ts";
import { readGuestText } from "./guest-text.ts";

/** Who answers the requests of an instance, and under which limits (set when a module is assigned). */
export interface RequestOwner {
  readonly maxMessageBytes: number;
  readonly maxPendingJobs: number;
  /** Answers a request; called outside any guest section. */
  readonly send: (request: GuestRequest) => Promise<GuestReply>;
}

/** What the request bridge needs from its instance. */
export interface GuestRequestsOptions {
  readonly context: QuickJSContext;
  /** Kills the instance (called from inside a guest section, so the kill happens when it ends). */
  readonly kill: (reason: KillReason, message: string) => void;
  /** Resolves `deferred` with the reply's JSON inside a new guest section. */
  readonly resume: (deferred: QuickJSDeferredPromise, replyText: string) => void;
}

/** The kernel side assembles and validates the request; this only joins the op and the guest's JSON. */
function assemble(op: string, payloadText: string): GuestRequest {
  let payload: unknown;
  try {
    payload = payloadText === "" ? {} : JSON.parse(payloadText);
  } catch {
    payload = {};
  }
  const fields = payload !== null && typeof payload === "object" && !Array.isArray(payload) ? payload : {};
  return { ...(fields as object), op } as GuestRequest;
}

/** Counts the guest's requests in flight and bridges each one to the kernel side. */
export class GuestRequests {
  readonly #options: GuestRequestsOptions;
  #owner: RequestOwner | undefined;
  /** Requests handed to the kernel and not answered yet (what max_pending_jobs caps). */
  #inFlight = 0;
  /** Guest promises not resolved yet, refusals included (what keeps a waiting call alive). */
  #unanswered = 0;

  constructor(options: GuestRequestsOptions) {
    this.#options = options;
  }

  /** Assigns who answers (a prepared instance has no owner until a module is loaded in it). */
  assign(owner: RequestOwner): void {
    this.#owner = owner;
  }

  /** Guest requests whose promise is not resolved yet: a call waiting on one may still settle. */
  get pending(): number {
    return this.#unanswered;
  }

  /** The implementation of the host function the guest prelude calls as `hostRequest(op, payload)`. */
  readonly handle = (opHandle: QuickJSHandle, payloadHandle: QuickJSHandle): QuickJSHandle => {
    const context = this.#options.context;
    const owner = this.#owner;
    const op = readGuestText(context, opHandle, 64).text ?? "";
    if (!owner) return context.newError("this sandbox has no module yet");
    const payload = readGuestText(context, payloadHandle, owner.maxMessageBytes);
    if (payload.tooLarge) {
      // The prelude refuses oversized payloads itself; only a bypassed prelude gets here.
      this.#options.kill("payload", `a coordinator call carried more than the ${owner.maxMessageBytes}-byte limit`);
      return context.newError("the message exceeds the sandbox's size limit");
    }
    const deferred = context.newPromise();
    const text = payload.text;
    this.#unanswered += 1;
    const answer = (reply: string) => {
      this.#unanswered -= 1;
      this.#options.resume(deferred, reply);
    };
    if (text === undefined || this.#inFlight >= owner.maxPendingJobs) {
      const error =
        text === undefined
          ? { code: "invalid_argument", message: `coordinator.${op}() was called without a serialized payload` }
          : {
              code: "sandbox_busy",
              message: `too many coordinator calls in flight (max_pending_jobs = ${owner.maxPendingJobs}); await earlier calls first`,
            };
      const reply = JSON.stringify({ ok: false, error });
      queueMicrotask(() => answer(reply));
      return deferred.handle;
    }
    this.#inFlight += 1;
    // Never call the kernel from inside a guest section: it may call back into this instance.
    const request = assemble(op, text);
    Promise.resolve()
      .then(() => owner.send(request))
      .then(
        (reply) => JSON.stringify(reply),
        (error: unknown) => JSON.stringify({ ok: false, error: toErrorData(error) }),
      )
      .then((reply) => {
        this.#inFlight -= 1;
        answer(reply);
      });
    return deferred.handle;
  };
}
