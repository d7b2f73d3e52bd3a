/**
 * The guest prelude: an ES module evaluated before the sandboxed module. It takes the one raw host
 * function off the global object, builds the coordinator, and exports the two entry points the host
 * calls: `start(namespace, config, session)` and `dispatch(target, method, args, state)`.
 * Both resolve to a tagged string: "V" + JSON of the value, or "E" + JSON of the error.
 */
import { GUEST_CAPABILITIES_SOURCE } from "../capabilities/guest-source.ts";
import { GUEST_BOUNDARY_SOURCE } from "./boundary-source.ts";
import { GUEST_COORDINATOR_SOURCE } from "./coordinator-source.ts";
import { GUEST_SDK_NAME } from "./sdk-source.ts";

/** The global the host function is installed under until the prelude takes it. */
export const HOST_FUNCTION_GLOBAL = "__amplifier_host_request";

/** The module name of the prelude (not a file path, so a guest can never import it). */
export const PRELUDE_MODULE_NAME = "amplifier-core:prelude";

const ORCHESTRATION_SOURCE = `
function callRequest(execution, target, name, method, args) {
  return request("call", { execution, target, name, method, args });
}

function contextProxy(execution) {
  const proxy = {};
  for (const method of CONTRACT_METHODS.context) {
    proxy[method] = (...args) => callRequest(execution, "context", null, method, args);
  }
  // A provider object cannot cross; the host looks it up again by name.
  proxy.get_messages_for_request = (options) => {
    const request = {};
    if (options !== null && typeof options === "object") {
      if (typeof options.token_budget === "number") request.token_budget = options.token_budget;
      if (options.provider !== null && typeof options.provider === "object" && typeof options.provider.name === "string") {
        request.provider = options.provider.name;
      }
    }
    return callRequest(execution, "context", null, "get_messages_for_request", [request]);
  };
  return proxy;
}

/** The provider a context manager is asked to size its view for, as a snapshot of its info. */
function providerSnapshot(snapshot) {
  return {
    name: snapshot.name,
    get_info: () => snapshot.info,
    get_model_info: () => (snapshot.model_info === null ? undefined : snapshot.model_info),
  };
}

function providerProxy(execution, descriptor) {
  const toolCalls = new NativeWeakMap();
  return {
    name: descriptor.name,
    get_info: () => descriptor.info,
    list_models: () => callRequest(execution, "provider", descriptor.name, "list_models", []),
    async complete(chatRequest, options) {
      const reply = await callRequest(execution, "provider", descriptor.name, "complete", [chatRequest, options === undefined ? {} : options]);
      reflectApply(weakMapSet, toolCalls, [reply.response, reply.tool_calls]);
      return reply.response;
    },
    /** The provider's own parse_tool_calls ran on the host with complete(); this returns its answer. */
    parse_tool_calls(response) {
      const parsed = reflectApply(weakMapGet, toolCalls, [response]);
      if (parsed !== undefined) return parsed;
      return response !== null && typeof response === "object" && isArray(response.tool_calls) ? response.tool_calls : [];
    },
  };
}

function toolProxy(execution, descriptor) {
  return {
    name: descriptor.name,
    description: descriptor.description,
    input_schema: descriptor.input_schema,
    async execute(input) {
      return new ToolResult(await callRequest(execution, "tool", descriptor.name, "execute", [input]));
    },
  };
}

function runOrchestrator(target, args) {
  const [prompt, refs] = args;
  const providers = {};
  for (const name of objectKeys(refs.providers)) providers[name] = providerProxy(refs.execution, refs.providers[name]);
  const tools = {};
  for (const name of objectKeys(refs.tools)) tools[name] = toolProxy(refs.execution, refs.tools[name]);
  return target.execute(prompt, contextProxy(refs.execution), providers, tools, hooks, { coordinator });
}
`;

const ENTRY_POINTS_SOURCE = `
async function settleRegistrations() {
  while (registrations.length > 0) {
    const batch = registrations.splice(0, registrations.length);
    for (const entry of batch) {
      await entry.promise;
      if (entry.error !== undefined) throw entry.error;
    }
  }
}

export async function start(namespace, configText, sessionText) {
  try {
    const session = jsonParse(sessionText);
    sessionInfo.session_id = session.session_id;
    sessionInfo.parent_id = session.parent_id;
    installGrants(session.grants);
    const mount = namespace.mount;
    if (typeof mount !== "function") {
      throw kernelError("module_invalid", "the module does not export a mount(coordinator, config) function");
    }
    const returned = await mount(coordinator, jsonParse(configText));
    if (registrations.length > 0) await settleRegistrations();
    if (typeof returned === "function") cleanups[cleanups.length] = returned;
    if (cleanups.length > 0) {
      targets.cleanup = async () => {
        for (let index = cleanups.length - 1; index >= 0; index -= 1) await cleanups[index]();
      };
    }
    return "V" + jsonStringify({ cleanup: cleanups.length > 0, exports: objectKeys(namespace) });
  } catch (error) {
    return "E" + jsonStringify(describeError(error));
  }
}

// A provider's stream() crosses one event at a time: the host opens it, pulls each step, closes it.
const openStreams = createObject(null);
let streamCount = 0;

async function streamStep(handler, method, args) {
  if (method === "stream:open") {
    if (typeof handler.stream !== "function") throw kernelError("invalid_result", "this provider has no stream()");
    const iterable = await reflectApply(handler.stream, handler, args);
    const iterator = iterable !== null && typeof iterable === "object" && typeof iterable[Symbol.asyncIterator] === "function"
      ? iterable[Symbol.asyncIterator]()
      : iterable;
    if (iterator === null || typeof iterator !== "object" || typeof iterator.next !== "function") {
      throw kernelError("invalid_result", "stream() must return an async iterable");
    }
    streamCount += 1;
    openStreams[streamCount] = iterator;
    return streamCount;
  }
  const id = args[0];
  const iterator = openStreams[id];
  if (method === "stream:close") {
    delete openStreams[id];
    if (iterator !== undefined && typeof iterator.return === "function") await iterator.return();
    return null;
  }
  if (iterator === undefined) throw kernelError("invalid_argument", "no open stream " + id);
  const step = await iterator.next();
  if (step === null || typeof step !== "object" || step.done) {
    delete openStreams[id];
    return { done: true };
  }
  return { done: false, value: step.value };
}

export async function dispatch(target, method, argsText, state) {
  try {
    if (typeof state === "string") cancellationState = state;
    const handler = targets[target];
    if (handler === undefined) throw kernelError("module_not_found", "this module has registered nothing as " + target);
    const args = argsText === "" ? [] : jsonParse(argsText);
    if (target === "context" && method === "get_messages_for_request" && args[0] && args[0].provider) {
      args[0].provider = providerSnapshot(args[0].provider);
    }
    let value;
    if (typeof handler === "function") value = await reflectApply(handler, undefined, args);
    else if (method.startsWith("stream:")) value = await streamStep(handler, method, args);
    else if (target === "orchestrator" && method === "execute") value = await runOrchestrator(handler, args);
    else if (typeof handler[method] === "function") value = await reflectApply(handler[method], handler, args);
    else throw kernelError("invalid_result", target + " has no method " + method + "()");
    if (registrations.length > 0) await settleRegistrations();
    return "V" + serialize(value, "the result of " + target + "." + method + "()", limits.maxMessageBytes);
  } catch (error) {
    return "E" + jsonStringify(describeError(error));
  }
}
`;

/** Builds the prelude's source for one instance (limits are baked in, read-only to the guest). */
export function preludeSource(maxMessageBytes: number): string {
  return [
    `import { ToolResult, HookResult } from ${JSON.stringify(GUEST_SDK_NAME)};`,
    `const hostRequest = globalThis[${JSON.stringify(HOST_FUNCTION_GLOBAL)}];`,
    `delete globalThis[${JSON.stringify(HOST_FUNCTION_GLOBAL)}];`,
    `const limits = Object.freeze({ maxMessageBytes: ${Math.floor(maxMessageBytes)} });`,
    GUEST_BOUNDARY_SOURCE,
    GUEST_COORDINATOR_SOURCE,
    GUEST_CAPABILITIES_SOURCE,
    ORCHESTRATION_SOURCE,
    ENTRY_POINTS_SOURCE,
  ].join("\n");
}
