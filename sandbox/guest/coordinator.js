// @ts-check
/**
 * The guest coordinator: the object a sandboxed module's `mount(coordinator, config)` receives, with
 * the contract's names. Mounting and registering are forwarded to the kernel, which mounts
 * host-side proxies that call back into the objects registered here (`targets`).
 */
import { HookResult } from "amplifier-core";
import { kernelError } from "./boundary.js";
import { cancellation, request, session, track, trackQuietly } from "./bridge.js";
import { append, call, createObject, NativeWeakMap, objectKeys, toText, weakMapGet, weakMapSet } from "./intrinsics.js";

const MOUNT_POINTS = ["tools", "providers", "context", "orchestrator"];

/** The contract methods the kernel may call on each kind of mounted object. */
export const CONTRACT_METHODS = {
  tools: ["execute"],
  providers: ["get_info", "list_models", "complete", "parse_tool_calls", "stream", "get_model_info"],
  context: ["add_message", "get_messages_for_request", "get_messages", "set_messages", "clear"],
  orchestrator: ["execute"],
};

/**
 * Every object the kernel may call into, by target key (`tools:<name>`, `context`, `hooks:<event>:<n>`, …).
 * @type {Record<string, any>}
 */
export const targets = createObject(null);

/** What this module itself mounted (other modules are not visible from a sandbox). */
export const own = {
  /** @type {Record<string, any>} */ tools: createObject(null),
  /** @type {Record<string, any>} */ providers: createObject(null),
  /** @type {any} */ context: null,
  /** @type {any} */ orchestrator: null,
};

/** Cleanup functions registered with `register_cleanup` (and the one `mount()` returned). */
/** @type {Function[]} */
export const cleanups = [];

/** Kernel ids of hook results handed out by `hooks.emit`, so `process_hook_result` can name them. */
const emittedResults = new NativeWeakMap();

/** @type {Record<string, string>} */
const hookNames = createObject(null);
let hookCount = 0;
let contributorCount = 0;

/**
 * @param {string} mountPoint
 * @param {any} module
 * @returns {string[]}
 */
function methodsOf(mountPoint, module) {
  /** @type {string[]} */
  const names = [];
  for (const name of /** @type {Record<string, string[]>} */ (CONTRACT_METHODS)[mountPoint] ?? []) {
    if (typeof module[name] === "function") append(names, name);
  }
  return names;
}

/**
 * @param {string} mountPoint
 * @param {any} module
 * @param {string | null} name
 */
async function describeModule(mountPoint, module, name) {
  const methods = methodsOf(mountPoint, module);
  if (mountPoint === "tools") {
    return {
      methods,
      name: toText(module.name === undefined ? name : module.name),
      description: toText(module.description === undefined ? "" : module.description),
      input_schema: module.input_schema === undefined || module.input_schema === null ? {} : module.input_schema,
    };
  }
  if (mountPoint === "providers") {
    const info = typeof module.get_info === "function" ? await module.get_info() : null;
    return { methods, name: toText(module.name === undefined ? name : module.name), info };
  }
  return { methods };
}

/**
 * Reads `hooks.register`'s third and fourth arguments: an options object `{ priority, name }`, or
 * Amplifier's positional form `(event, handler, priority, name)`.
 * @param {unknown} third
 * @param {unknown} fourth
 * @returns {{ priority: number, name: string | null }}
 */
function registrationOptions(third, fourth) {
  if (typeof third === "number") {
    return { priority: third, name: typeof fourth === "string" ? fourth : null };
  }
  if (third !== null && typeof third === "object") {
    const options = /** @type {any} */ (third);
    const priority = options.priority === undefined ? 0 : options.priority;
    if (typeof priority !== "number")
      throw kernelError("invalid_argument", "hooks.register: priority must be a number");
    return { priority, name: typeof options.name === "string" ? options.name : null };
  }
  if (third !== undefined && third !== null) {
    throw kernelError("invalid_argument", "hooks.register: the third argument must be a priority or an options object");
  }
  return { priority: 0, name: typeof fourth === "string" ? fourth : null };
}

/** @param {string} key */
function unregisterKey(key) {
  delete targets[key];
  delete hookNames[key];
  track(request("hooks.unregister", { key }));
}

export const hooks = {
  /**
   * @param {string} event
   * @param {Function} handler
   * @param {unknown} [priorityOrOptions]
   * @param {unknown} [name]
   */
  register(event, handler, priorityOrOptions, name) {
    if (typeof event !== "string" || event === "") {
      throw kernelError("invalid_argument", "hooks.register: event must be a non-empty string");
    }
    if (typeof handler !== "function") {
      throw kernelError("invalid_argument", 'hooks.register("' + event + '"): handler must be a function');
    }
    const options = registrationOptions(priorityOrOptions, name);
    hookCount += 1;
    const key = "hooks:" + event + ":" + hookCount;
    targets[key] = handler;
    if (options.name !== null) hookNames[key] = options.name;
    track(request("hooks.register", { key, event, priority: options.priority, name: options.name }));
    let active = true;
    return function unregister() {
      if (!active) return;
      active = false;
      unregisterKey(key);
    };
  },
  /**
   * @param {string} event
   * @param {Function} handler
   * @param {unknown} [priorityOrOptions]
   * @param {unknown} [name]
   */
  on(event, handler, priorityOrOptions, name) {
    return hooks.register(event, handler, priorityOrOptions, name);
  },
  /** @param {string} name */
  unregister(name) {
    for (const key of objectKeys(hookNames)) {
      if (hookNames[key] === name) unregisterKey(key);
    }
  },
  /**
   * @param {string} event
   * @param {unknown} [data]
   */
  async emit(event, data) {
    const reply = await request("hooks.emit", { event, data: data === undefined ? {} : data });
    const result = new HookResult(reply.result);
    call(weakMapSet, emittedResults, [result, reply.result_id]);
    return result;
  },
  /**
   * @param {string} event
   * @param {unknown} [data]
   * @param {any} [options]
   */
  async emit_and_collect(event, data, options) {
    const timeout =
      options !== null && typeof options === "object" && typeof options.timeout === "number" ? options.timeout : null;
    return request("hooks.emit_and_collect", { event, data: data === undefined ? {} : data, timeout });
  },
};

/**
 * A denial the guest sees at once; the kernel is told too, so it can report the attempt.
 * @param {string} action
 * @param {unknown} name
 */
export function denyCapability(action, name) {
  trackQuietly(request("capability", { action, name: toText(name) }));
  return kernelError(
    "capability_denied",
    "capability_denied: " + action + '_capability("' + toText(name) + "\") is not in this module's permissions",
  );
}

export const coordinatorCancellation = {
  get state() {
    return cancellation.state;
  },
  get is_cancelled() {
    return cancellation.state !== "none";
  },
  get is_graceful() {
    return cancellation.state === "graceful";
  },
  get is_immediate() {
    return cancellation.state === "immediate";
  },
};

/** @type {Record<string, any>} */
export const coordinator = {
  get session_id() {
    return session.session_id;
  },
  get parent_id() {
    return session.parent_id;
  },
  hooks,
  cancellation: coordinatorCancellation,
  /**
   * @param {string} mountPoint
   * @param {any} module
   * @param {any} [options]
   */
  async mount(mountPoint, module, options) {
    const named =
      typeof options === "string"
        ? options
        : options !== null && typeof options === "object"
          ? options.name
          : undefined;
    // The module guide's old form: mount("session", x, { name: "orchestrator" | "context" }).
    if (mountPoint === "session" && (named === "orchestrator" || named === "context")) {
      return coordinator.mount(named, module);
    }
    if (mountPoint === "hooks") {
      throw kernelError(
        "invalid_argument",
        "Hooks should be registered directly with the HookRegistry (coordinator.hooks.register)",
      );
    }
    if (!MOUNT_POINTS.includes(mountPoint)) {
      throw kernelError("unknown_mount_point", "Unknown mount point: " + toText(mountPoint));
    }
    if (module === null || (typeof module !== "object" && typeof module !== "function")) {
      throw kernelError("invalid_argument", 'mount("' + mountPoint + '"): expected a module object');
    }
    const given = named;
    const name =
      typeof given === "string" && given !== ""
        ? given
        : typeof module.name === "string" && module.name !== ""
          ? module.name
          : null;
    const multi = mountPoint === "tools" || mountPoint === "providers";
    if (multi && name === null) throw kernelError("name_required", "Name required for " + mountPoint);
    const key = multi ? mountPoint + ":" + name : mountPoint;
    const descriptor = await describeModule(mountPoint, module, name);
    targets[key] = module;
    if (multi) /** @type {Record<string, any>} */ (own)[mountPoint][/** @type {string} */ (name)] = module;
    /** @type {Record<string, any>} */ else own[mountPoint] = module;
    await request("mount", { mount_point: mountPoint, key, name, descriptor });
  },
  /**
   * @param {string} mountPoint
   * @param {string} [name]
   */
  async unmount(mountPoint, name) {
    if (!MOUNT_POINTS.includes(mountPoint)) {
      throw kernelError("unknown_mount_point", "Unknown mount point: " + toText(mountPoint));
    }
    const multi = mountPoint === "tools" || mountPoint === "providers";
    if (multi && typeof name !== "string") {
      throw kernelError("name_required", "Name required to unmount from " + mountPoint);
    }
    if (multi) delete (/** @type {Record<string, any>} */ (own)[mountPoint][/** @type {string} */ (name)]);
    /** @type {Record<string, any>} */ else own[mountPoint] = null;
    await request("unmount", { mount_point: mountPoint, name: multi ? name : null });
  },
  /**
   * What this module itself mounted.
   * @param {string} mountPoint
   * @param {string} [name]
   */
  get(mountPoint, name) {
    if (mountPoint === "hooks") return hooks;
    if (!MOUNT_POINTS.includes(mountPoint)) {
      throw kernelError("unknown_mount_point", "Unknown mount point: " + toText(mountPoint));
    }
    const mounted = /** @type {Record<string, any>} */ (own)[mountPoint];
    if (mountPoint === "tools" || mountPoint === "providers") {
      if (name === undefined || name === null) return { ...mounted };
      return mounted[name] === undefined ? null : mounted[name];
    }
    return mounted;
  },
  /** @param {unknown} name */
  register_capability(name) {
    throw denyCapability("register", name);
  },
  /** @param {unknown} name */
  get_capability(name) {
    throw denyCapability("get", name);
  },
  /**
   * @param {unknown} channel
   * @param {unknown} name
   * @param {Function} callback
   */
  register_contributor(channel, name, callback) {
    if (typeof callback !== "function") {
      throw kernelError("invalid_argument", "register_contributor: callback must be a function");
    }
    contributorCount += 1;
    const key = "contributors:" + toText(channel) + ":" + contributorCount;
    targets[key] = callback;
    track(request("register_contributor", { key, channel: toText(channel), name: toText(name) }));
  },
  /** @param {Function} fn */
  register_cleanup(fn) {
    if (typeof fn === "function") append(cleanups, fn);
  },
  /**
   * Applies a hook result. A result `hooks.emit` returned is applied with the authority of the hooks
   * that produced it; any other result is this module's own, and only does what its grants allow.
   * @param {unknown} result
   * @param {unknown} event
   * @param {unknown} [hookName]
   */
  async process_hook_result(result, event, hookName) {
    const resultId =
      result !== null && typeof result === "object" ? call(weakMapGet, emittedResults, [result]) : undefined;
    const processed = await request("process_hook_result", {
      result: result === undefined || result === null ? {} : result,
      result_id: typeof resultId === "string" ? resultId : null,
      event: toText(event),
      hook_name: hookName === undefined || hookName === null ? null : toText(hookName),
    });
    return new HookResult(processed);
  },
};
