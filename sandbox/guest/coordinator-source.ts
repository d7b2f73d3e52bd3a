/**
 * Guest-side coordinator: the object a sandboxed module's `mount(coordinator, config)` receives,
 * with the contract's names. Every call that needs the kernel goes through `request(op, payload)`,
 * which crosses the boundary as JSON and comes back as a result or a KernelError-shaped error.
 */

/** JavaScript source (module scope) of the guest coordinator; needs the boundary source first. */
export const GUEST_COORDINATOR_SOURCE = String.raw`
const MOUNT_POINTS = ["tools", "providers", "context", "orchestrator"];
const CONTRACT_METHODS = {
  tools: ["execute"],
  providers: ["get_info", "list_models", "complete", "parse_tool_calls", "stream", "get_model_info"],
  context: ["add_message", "get_messages_for_request", "get_messages", "set_messages", "clear"],
  orchestrator: ["execute"],
};
const targets = createObject(null);
const own = { tools: createObject(null), providers: createObject(null), context: null, orchestrator: null };
const cleanups = [];
const registrations = [];
const hookNames = createObject(null);
let hookCount = 0;
let contributorCount = 0;
let cancellationState = "none";
const sessionInfo = { session_id: "", parent_id: null };

async function request(op, payload) {
  const text = await hostRequest(op, serialize(payload, "coordinator." + op + "() arguments", limits.maxMessageBytes));
  const reply = jsonParse(text);
  if (typeof reply.cancellation === "string") cancellationState = reply.cancellation;
  if (reply.ok) return reply.value;
  throw kernelError(reply.error.code, reply.error.message, reply.error.data);
}

/** Registrations are synchronous in the contract; their outcome is awaited at the end of mount(). */
function track(promise) {
  const entry = { error: undefined };
  registrations[registrations.length] = entry;
  promise.then(undefined, (error) => { entry.error = error; });
  entry.promise = promise.then(undefined, () => undefined);
}

function methodsOf(mountPoint, module) {
  const names = [];
  for (const name of CONTRACT_METHODS[mountPoint]) if (typeof module[name] === "function") names[names.length] = name;
  return names;
}

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

function hookKey(event, handler, options) {
  if (typeof event !== "string" || event === "") throw kernelError("invalid_argument", "hooks.register: event must be a non-empty string");
  if (typeof handler !== "function") throw kernelError("invalid_argument", "hooks.register(\"" + event + "\"): handler must be a function");
  const priority = options !== null && typeof options === "object" && typeof options.priority === "number" ? options.priority : 0;
  const name = options !== null && typeof options === "object" && typeof options.name === "string" ? options.name : null;
  hookCount += 1;
  return { key: "hooks:" + event + ":" + hookCount, priority, name };
}

const hooks = {
  register(event, handler, options) {
    const { key, priority, name } = hookKey(event, handler, options);
    targets[key] = handler;
    if (name !== null) hookNames[key] = name;
    track(request("hooks.register", { key, event, priority, name }));
    let active = true;
    return function unregister() {
      if (!active) return;
      active = false;
      delete targets[key];
      delete hookNames[key];
      track(request("hooks.unregister", { key }));
    };
  },
  on(event, handler, options) {
    return hooks.register(event, handler, options);
  },
  unregister(name) {
    for (const key of objectKeys(hookNames)) {
      if (hookNames[key] !== name) continue;
      delete targets[key];
      delete hookNames[key];
      track(request("hooks.unregister", { key }));
    }
  },
  async emit(event, data) {
    return new HookResult(await request("hooks.emit", { event, data: data === undefined ? {} : data }));
  },
  async emit_and_collect(event, data, options) {
    const timeout = options !== null && typeof options === "object" && typeof options.timeout === "number" ? options.timeout : null;
    return request("hooks.emit_and_collect", { event, data: data === undefined ? {} : data, timeout });
  },
};

function denyCapability(action, name) {
  request("capability", { action, name: toText(name) }).then(undefined, () => undefined);
  return kernelError("capability_denied", "capability_denied: " + action + "_capability(\"" + toText(name) + "\") is not granted to this sandboxed module");
}

const cancellation = {
  get state() { return cancellationState; },
  get is_cancelled() { return cancellationState !== "none"; },
  get is_graceful() { return cancellationState === "graceful"; },
  get is_immediate() { return cancellationState === "immediate"; },
};

const coordinator = {
  get session_id() { return sessionInfo.session_id; },
  get parent_id() { return sessionInfo.parent_id; },
  hooks,
  cancellation,
  async mount(mountPoint, module, options) {
    if (mountPoint === "hooks") throw kernelError("invalid_argument", "Hooks should be registered directly with the HookRegistry (coordinator.hooks.register)");
    if (!MOUNT_POINTS.includes(mountPoint)) throw kernelError("unknown_mount_point", "Unknown mount point: " + toText(mountPoint));
    if (module === null || (typeof module !== "object" && typeof module !== "function")) {
      throw kernelError("invalid_argument", "mount(\"" + mountPoint + "\"): expected a module object");
    }
    const given = options !== null && typeof options === "object" ? options.name : undefined;
    const name = typeof given === "string" && given !== "" ? given : typeof module.name === "string" && module.name !== "" ? module.name : null;
    const multi = mountPoint === "tools" || mountPoint === "providers";
    if (multi && name === null) throw kernelError("name_required", "Name required for " + mountPoint);
    const key = multi ? mountPoint + ":" + name : mountPoint;
    const descriptor = await describeModule(mountPoint, module, name);
    targets[key] = module;
    if (multi) own[mountPoint][name] = module;
    else own[mountPoint] = module;
    await request("mount", { mount_point: mountPoint, key, name, descriptor });
  },
  async unmount(mountPoint, name) {
    if (!MOUNT_POINTS.includes(mountPoint)) throw kernelError("unknown_mount_point", "Unknown mount point: " + toText(mountPoint));
    const multi = mountPoint === "tools" || mountPoint === "providers";
    if (multi && typeof name !== "string") throw kernelError("name_required", "Name required to unmount from " + mountPoint);
    if (multi) delete own[mountPoint][name];
    else own[mountPoint] = null;
    await request("unmount", { mount_point: mountPoint, name: multi ? name : null });
  },
  /** What this module itself mounted (other modules are not visible from a sandbox). */
  get(mountPoint, name) {
    if (mountPoint === "hooks") return hooks;
    if (!MOUNT_POINTS.includes(mountPoint)) throw kernelError("unknown_mount_point", "Unknown mount point: " + toText(mountPoint));
    const mounted = own[mountPoint];
    if (mountPoint === "tools" || mountPoint === "providers") {
      if (name === undefined || name === null) return { ...mounted };
      return mounted[name] === undefined ? null : mounted[name];
    }
    return mounted;
  },
  register_capability(name) {
    throw denyCapability("register", name);
  },
  get_capability(name) {
    throw denyCapability("get", name);
  },
  register_contributor(channel, name, callback) {
    if (typeof callback !== "function") throw kernelError("invalid_argument", "register_contributor: callback must be a function");
    contributorCount += 1;
    const key = "contributors:" + toText(channel) + ":" + contributorCount;
    targets[key] = callback;
    track(request("register_contributor", { key, channel: toText(channel), name: toText(name) }));
  },
  register_cleanup(fn) {
    if (typeof fn === "function") cleanups[cleanups.length] = fn;
  },
  async process_hook_result(result, event, hookName) {
    const processed = await request("process_hook_result", {
      result: result === undefined || result === null ? {} : result,
      event: toText(event),
      hook_name: hookName === undefined ? "unknown" : toText(hookName),
    });
    return new HookResult(processed);
  },
};
`;
