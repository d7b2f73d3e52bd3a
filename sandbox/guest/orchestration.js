// @ts-check
/**
 * What a sandboxed orchestrator's `execute()` is handed: proxies of the real context, providers and
 * tools, reached by the execution's id, only while that execution runs. The kernel validates every
 * call and runs tools through its own tool path (`tool:pre`, approvals, deny hooks), so what these
 * proxies do is ask, never act.
 */
import { ToolResult } from "amplifier-core";
import { request } from "./bridge.js";
import { CONTRACT_METHODS, coordinator, hooks } from "./coordinator.js";
import { call, isArray, NativeWeakMap, objectKeys, weakMapGet, weakMapSet } from "./intrinsics.js";

/**
 * @param {string} execution
 * @param {"context" | "provider" | "tool"} target
 * @param {string | null} name
 * @param {string} method
 * @param {unknown[]} args
 */
function callRequest(execution, target, name, method, args) {
  return request("call", { execution, target, name, method, args });
}

/** @param {string} execution */
function contextProxy(execution) {
  /** @type {Record<string, Function>} */
  const proxy = {};
  for (const method of CONTRACT_METHODS.context) {
    proxy[method] = (/** @type {unknown[]} */ ...args) => callRequest(execution, "context", null, method, args);
  }
  // A provider object cannot cross; the host looks it up again by name.
  proxy.get_messages_for_request = (/** @type {any} */ options) => {
    /** @type {Record<string, unknown>} */
    const asked = {};
    if (options !== null && typeof options === "object") {
      if (typeof options.token_budget === "number") asked.token_budget = options.token_budget;
      const provider = options.provider;
      if (provider !== null && typeof provider === "object" && typeof provider.name === "string") {
        asked.provider = provider.name;
      }
    }
    return callRequest(execution, "context", null, "get_messages_for_request", [asked]);
  };
  return proxy;
}

/**
 * @param {string} execution
 * @param {{ name: string, info: unknown }} descriptor
 */
function providerProxy(execution, descriptor) {
  const toolCalls = new NativeWeakMap();
  return {
    name: descriptor.name,
    get_info: () => descriptor.info,
    list_models: () => callRequest(execution, "provider", descriptor.name, "list_models", []),
    /**
     * @param {unknown} chatRequest
     * @param {unknown} [options]
     */
    async complete(chatRequest, options) {
      const reply = await callRequest(execution, "provider", descriptor.name, "complete", [
        chatRequest,
        options === undefined ? {} : options,
      ]);
      call(weakMapSet, toolCalls, [reply.response, reply.tool_calls]);
      return reply.response;
    },
    /**
     * The provider's own parse_tool_calls ran on the host with complete(); this returns its answer.
     * @param {any} response
     */
    parse_tool_calls(response) {
      const parsed = call(weakMapGet, toolCalls, [response]);
      if (parsed !== undefined) return parsed;
      return response !== null && typeof response === "object" && isArray(response.tool_calls)
        ? response.tool_calls
        : [];
    },
  };
}

/**
 * @param {string} execution
 * @param {{ name: string, description: string, input_schema: unknown }} descriptor
 */
function toolProxy(execution, descriptor) {
  return {
    name: descriptor.name,
    description: descriptor.description,
    input_schema: descriptor.input_schema,
    /** @param {unknown} input */
    async execute(input) {
      return new ToolResult(await callRequest(execution, "tool", descriptor.name, "execute", [input]));
    },
  };
}

/**
 * Runs a mounted orchestrator's `execute(prompt, context, providers, tools, hooks, { coordinator })`.
 * @param {any} orchestrator
 * @param {[string, { execution: string, providers: Record<string, any>, tools: Record<string, any> }]} args
 */
export function runOrchestrator(orchestrator, args) {
  const [prompt, refs] = args;
  /** @type {Record<string, unknown>} */
  const providers = {};
  for (const name of objectKeys(refs.providers)) providers[name] = providerProxy(refs.execution, refs.providers[name]);
  /** @type {Record<string, unknown>} */
  const tools = {};
  for (const name of objectKeys(refs.tools)) tools[name] = toolProxy(refs.execution, refs.tools[name]);
  return orchestrator.execute(prompt, contextProxy(refs.execution), providers, tools, hooks, { coordinator });
}

/**
 * The provider a context manager is asked to size its view for, as a snapshot of its info.
 * @param {{ name: string, info: unknown, model_info: unknown }} snapshot
 */
export function providerSnapshot(snapshot) {
  return {
    name: snapshot.name,
    get_info: () => snapshot.info,
    get_model_info: () => (snapshot.model_info === null ? undefined : snapshot.model_info),
  };
}
