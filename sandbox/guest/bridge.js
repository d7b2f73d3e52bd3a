// @ts-check
/**
 * The guest's one way out. The host installs one raw function on the global object; this module
 * takes it and deletes the global before any module code runs. Every coordinator call becomes
 * `request(op, payload)`: the payload crosses as JSON, and the answer comes back through a guest
 * promise as a result or a KernelError-shaped error.
 */
import { kernelError, serialize } from "./boundary.js";
import { append, arraySplice, call, jsonParse, promiseThen } from "./intrinsics.js";

/** The global the host installs its function under, until this module takes it. */
const HOST_FUNCTION_GLOBAL = "__amplifier_host_request";

/** @type {(op: string, payload: string) => Promise<string>} */
const hostRequest = /** @type {any} */ (globalThis)[HOST_FUNCTION_GLOBAL];
delete (/** @type {any} */ (globalThis)[HOST_FUNCTION_GLOBAL]);

/** Limits the host configured for this instance (read-only to the module). */
export const limits = { maxMessageBytes: 1024 * 1024 };

/** The session's cancellation state, refreshed by every answer from the kernel. */
export const cancellation = { state: "none" };

/** What the guest knows of its session. */
export const session = { session_id: "", parent_id: /** @type {string | null} */ (null) };

/**
 * Asks the kernel for `op` with `payload` and resolves with its answer.
 * @param {string} op
 * @param {unknown} payload
 * @returns {Promise<any>}
 */
export async function request(op, payload) {
  const text = await hostRequest(op, serialize(payload, "coordinator." + op + "() arguments", limits.maxMessageBytes));
  const reply = jsonParse(text);
  if (typeof reply.cancellation === "string") cancellation.state = reply.cancellation;
  if (reply.ok) return reply.value;
  throw kernelError(reply.error.code, reply.error.message, reply.error.data);
}

/**
 * Requests made by synchronous contract methods (`hooks.register`, `register_contributor`, …)
 * whose outcome is awaited when the current call returns.
 * @type {{ promise: Promise<unknown>, error: unknown }[]}
 */
const registrations = [];

/**
 * Tracks a request made by a synchronous method.
 * @param {Promise<unknown>} promise
 */
export function track(promise) {
  /** @type {{ promise: Promise<unknown>, error: unknown }} */
  const entry = { promise, error: undefined };
  entry.promise = call(promiseThen, promise, [
    undefined,
    (/** @type {unknown} */ error) => {
      entry.error = error;
    },
  ]);
  append(registrations, entry);
}

/**
 * Tracks a request whose failure is not the caller's (a denial the kernel reports).
 * @param {Promise<unknown>} promise
 */
export function trackQuietly(promise) {
  append(registrations, { promise: call(promiseThen, promise, [undefined, () => undefined]), error: undefined });
}

/** True when registrations are waiting. */
export function hasRegistrations() {
  return registrations.length > 0;
}

/** Waits for every tracked request; throws the first failure. */
export async function settleRegistrations() {
  while (registrations.length > 0) {
    const batch = call(arraySplice, registrations, [0, registrations.length]);
    for (const entry of batch) {
      await entry.promise;
      if (entry.error !== undefined) throw entry.error;
    }
  }
}
