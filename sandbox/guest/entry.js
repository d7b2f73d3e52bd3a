// @ts-check
/**
 * The prelude's entry points, the only functions the host calls. Each answers with a tagged string
 * ("V" + the value's JSON, or "E" + the error's description), so nothing but text leaves the guest.
 */
// Before anything else runs: the guards on builtins that loop where no interrupt reaches.
import "./hardening.js";
import { answerError, answerValue, kernelError } from "./boundary.js";
import { cancellation, hasRegistrations, limits, session, settleRegistrations } from "./bridge.js";
import { installGrants } from "./capabilities.js";
import { cleanups, coordinator, targets } from "./coordinator.js";
import { append, call, jsonParse, objectKeys, stringStartsWith } from "./intrinsics.js";
import { providerSnapshot, runOrchestrator } from "./orchestration.js";
import { pageStep } from "./paging.js";
import { streamStep } from "./streams.js";

/** @type {any} */
let namespace;

/**
 * Sets the instance's limits and session, and installs what the module was granted, before the
 * module's own code runs (so its top level can use `fetch` when granted).
 * @param {string} settingsText
 */
export function configure(settingsText) {
  try {
    const settings = jsonParse(settingsText);
    limits.maxMessageBytes = settings.maxMessageBytes;
    session.session_id = settings.session.session_id;
    session.parent_id = settings.session.parent_id;
    installGrants(settings.session.grants);
    return "V";
  } catch (error) {
    return answerError(error);
  }
}

/**
 * Loads the module's entry file (its top-level await included) and lists its exports.
 * @param {string} entry
 */
export async function load(entry) {
  try {
    namespace = await import(entry);
    return answerValue(objectKeys(namespace), "the module's exports", limits.maxMessageBytes);
  } catch (error) {
    return answerError(error);
  }
}

/**
 * Runs the module's `mount(coordinator, config)`.
 * @param {string} configText
 */
export async function start(configText) {
  try {
    const mount = namespace === undefined ? undefined : namespace.mount;
    if (typeof mount !== "function") {
      throw kernelError("module_invalid", "the module does not export a mount(coordinator, config) function");
    }
    const returned = await mount(coordinator, jsonParse(configText));
    if (hasRegistrations()) await settleRegistrations();
    if (typeof returned === "function") append(cleanups, returned);
    if (cleanups.length > 0) {
      targets.cleanup = async () => {
        for (let index = cleanups.length - 1; index >= 0; index -= 1) await /** @type {Function} */ (cleanups[index])();
      };
    }
    return answerValue({ cleanup: cleanups.length > 0 }, "mount()", limits.maxMessageBytes);
  } catch (error) {
    return answerError(error);
  }
}

/**
 * Calls `method` of the object registered as `target` with the arguments in `argsText`.
 * @param {string} target
 * @param {string} method
 * @param {string} argsText
 * @param {string | undefined} state the session's cancellation state
 */
export async function dispatch(target, method, argsText, state) {
  try {
    if (typeof state === "string") cancellation.state = state;
    const handler = targets[target];
    if (handler === undefined) {
      throw kernelError("module_not_found", "this module has registered nothing as " + target);
    }
    const args = argsText === "" ? [] : jsonParse(argsText);
    if (target === "context" && method === "page:get" && args[0] === "get_messages_for_request") {
      const options = args[1]?.[0];
      if (options?.provider) options.provider = providerSnapshot(options.provider);
    }
    let value;
    if (typeof handler === "function") value = await call(handler, undefined, args);
    else if (method === "stream:open" || method === "stream:next" || method === "stream:close") {
      value = await streamStep(handler, method, args);
    } else if (target === "context" && call(stringStartsWith, method, ["page:"])) {
      value = await pageStep(handler, method, args);
    } else if (target === "orchestrator" && method === "execute") value = await runOrchestrator(handler, args);
    else if (typeof handler[method] === "function") value = await call(handler[method], handler, args);
    else throw kernelError("invalid_result", target + " has no method " + method + "()");
    if (hasRegistrations()) await settleRegistrations();
    return answerValue(value, "the result of " + target + "." + method + "()", limits.maxMessageBytes);
  } catch (error) {
    return answerError(error);
  }
}
