/**
 * Host-side proxies: objects that implement the kernel's contracts (Tool, Provider,
 * ContextManager, Orchestrator, hook handlers) by calling into a sandbox. What comes back is
 * validated with the kernel's zod models; guest failures become data of the contract's kind.
 */
import { z } from "zod";
import type {
  CompleteOptions,
  ContextManager,
  HookHandler,
  HookRegistryContract,
  MessagesForRequestOptions,
  Orchestrator,
  OrchestratorExecuteOptions,
  Provider,
  Tool,
} from "../../src/contracts.ts";
import { describeError, KernelError } from "../../src/errors.ts";
import {
  type ChatRequest,
  type ChatResponse,
  chatResponseSchema,
  hookResultSchema,
  llmError,
  type Message,
  messageSchema,
  modelInfoSchema,
  normalizeToolResult,
  type ProviderInfo,
  providerInfoSchema,
  type StreamEvent,
  streamEventSchema,
  type ToolResult,
  toolCallSchema,
  toolFailure,
} from "../../src/models/index.ts";
import type { ExecutionTable } from "./executions.ts";
import { describeIssues } from "./guest-request.ts";

/** Calls `method` on the guest object registered as `target`; rejects with a KernelError. */
export type GuestCaller = (
  target: string,
  method: string,
  args: readonly unknown[],
  signal?: AbortSignal,
) => Promise<unknown>;

/** How a sandboxed hook's failure is answered: `deny` (fail closed, the default) or `skip`. */
export type HookFailurePolicy = "deny" | "skip";

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new KernelError("invalid_result", `${what} returned invalid data: ${describeIssues(parsed.error)}`);
}

function withoutSignal<T extends { signal?: AbortSignal }>(options: T | undefined): Omit<T, "signal"> {
  if (!options) return {} as Omit<T, "signal">;
  const { signal: _signal, ...rest } = options;
  return rest;
}

/** A Tool whose `execute` runs in the sandbox; it never throws. */
export function toolProxy(call: GuestCaller, key: string, descriptor: Record<string, unknown>): Tool {
  const name = typeof descriptor.name === "string" ? descriptor.name : key.slice("tools:".length);
  const description = typeof descriptor.description === "string" ? descriptor.description : "";
  const schema = descriptor.input_schema;
  const input_schema = schema !== null && typeof schema === "object" && !Array.isArray(schema) ? schema : {};
  return {
    name,
    description,
    input_schema: input_schema as Record<string, unknown>,
    async execute(input, options): Promise<ToolResult> {
      try {
        return normalizeToolResult(await call(key, "execute", [input], options?.signal), name);
      } catch (error) {
        const code = KernelError.is(error) ? error.code : "tool_failed";
        return toolFailure(`${name} failed in its sandbox: ${describeError(error)}`, { type: code, code });
      }
    },
  };
}

/** A Provider whose calls run in the sandbox; failures are `provider_failed` errors. */
export function providerProxy(call: GuestCaller, key: string, descriptor: Record<string, unknown>): Provider {
  const name = typeof descriptor.name === "string" ? descriptor.name : key.slice("providers:".length);
  const methods = Array.isArray(descriptor.methods) ? descriptor.methods : [];
  const knownInfo = providerInfoSchema.safeParse(descriptor.info);
  const failed = (error: unknown, what: string): KernelError => {
    if (KernelError.is(error, "provider_failed")) return error;
    const kind = KernelError.is(error, "cancelled") ? "aborted" : "unknown";
    return llmError(kind, `${name}.${what} failed in its sandbox: ${describeError(error)}`, {
      provider: name,
      retryable: false,
      cause: error,
    });
  };
  const provider: Provider = {
    name,
    async get_info(): Promise<ProviderInfo> {
      if (knownInfo.success) return knownInfo.data;
      return parse(providerInfoSchema, await call(key, "get_info", []), `${name}.get_info()`);
    },
    async list_models() {
      return parse(z.array(modelInfoSchema), await call(key, "list_models", []), `${name}.list_models()`);
    },
    async complete(request: ChatRequest, options?: CompleteOptions): Promise<ChatResponse> {
      let value: unknown;
      try {
        value = await call(key, "complete", [request, withoutSignal(options)], options?.signal);
      } catch (error) {
        throw failed(error, "complete()");
      }
      const parsed = chatResponseSchema.safeParse(value);
      if (parsed.success) return parsed.data;
      throw llmError(
        "invalid_request",
        `${name}.complete() returned an invalid ChatResponse: ${describeIssues(parsed.error)}`,
        {
          provider: name,
          retryable: false,
        },
      );
    },
    async parse_tool_calls(response: ChatResponse) {
      if (!methods.includes("parse_tool_calls")) return response.tool_calls ?? [];
      return parse(
        z.array(toolCallSchema),
        await call(key, "parse_tool_calls", [response]),
        `${name}.parse_tool_calls()`,
      );
    },
  };
  if (methods.includes("stream")) {
    provider.stream = (request: ChatRequest, options?: CompleteOptions) =>
      streamFromGuest(call, key, name, [request, withoutSignal(options)], options?.signal, failed);
  }
  if (methods.includes("get_model_info")) {
    provider.get_model_info = async () => {
      const value = await call(key, "get_model_info", []);
      return value === undefined || value === null
        ? undefined
        : parse(modelInfoSchema, value, `${name}.get_model_info()`);
    };
  }
  return provider;
}

/** A guest provider's stream, pulled one validated event at a time; the guest's stream is closed on every exit. */
async function* streamFromGuest(
  call: GuestCaller,
  key: string,
  name: string,
  args: readonly unknown[],
  signal: AbortSignal | undefined,
  failed: (error: unknown, what: string) => KernelError,
): AsyncGenerator<StreamEvent> {
  let id: unknown;
  try {
    id = await call(key, "stream:open", args, signal);
  } catch (error) {
    throw failed(error, "stream()");
  }
  let finished = false;
  try {
    for (;;) {
      let step: unknown;
      try {
        step = await call(key, "stream:next", [id], signal);
      } catch (error) {
        throw failed(error, "stream()");
      }
      const parsed = streamStepSchema.safeParse(step);
      if (!parsed.success) {
        throw llmError("stream", `${name}.stream() yielded an invalid event: ${describeIssues(parsed.error)}`, {
          provider: name,
          retryable: false,
        });
      }
      if (parsed.data.done) {
        finished = true;
        return;
      }
      yield parsed.data.value;
    }
  } finally {
    if (!finished) await call(key, "stream:close", [id]).catch(() => undefined);
  }
}

const streamStepSchema = z.union([
  z.object({ done: z.literal(true) }),
  z.object({ done: z.literal(false), value: streamEventSchema }),
]);

/** A ContextManager whose storage lives in the sandbox. */
export function contextProxy(call: GuestCaller): ContextManager {
  const messages = (value: unknown, what: string) => parse(z.array(messageSchema), value ?? [], what);
  return {
    async add_message(message: Message) {
      await call("context", "add_message", [message]);
    },
    async get_messages_for_request(options?: MessagesForRequestOptions) {
      const provider = options?.provider;
      const snapshot = provider
        ? {
            name: provider.name,
            info: await Promise.resolve(provider.get_info()).catch(() => null),
            model_info: (await Promise.resolve(provider.get_model_info?.()).catch(() => undefined)) ?? null,
          }
        : undefined;
      const request = { ...(options?.token_budget === undefined ? {} : { token_budget: options.token_budget }) };
      const args = snapshot ? [{ ...request, provider: snapshot }] : [request];
      return messages(await call("context", "get_messages_for_request", args), "context.get_messages_for_request()");
    },
    async get_messages() {
      return messages(await call("context", "get_messages", []), "context.get_messages()");
    },
    async set_messages(list: Message[]) {
      await call("context", "set_messages", [list]);
    },
    async clear() {
      await call("context", "clear", []);
    },
  };
}

/** An Orchestrator whose loop runs in the sandbox, calling back for context, providers, tools and hooks. */
export function orchestratorProxy(call: GuestCaller, executions: ExecutionTable): Orchestrator {
  return {
    async execute(
      prompt: string,
      context: ContextManager,
      providers: Record<string, Provider>,
      tools: Record<string, Tool>,
      hooks: HookRegistryContract,
      options: OrchestratorExecuteOptions,
    ): Promise<string> {
      const execution = executions.open({ context, providers, tools, hooks, coordinator: options.coordinator });
      try {
        const refs = { execution, providers: await describeProviders(providers), tools: describeTools(tools) };
        const answer = await call("orchestrator", "execute", [prompt, refs], options.signal);
        if (typeof answer !== "string") {
          throw new KernelError("invalid_result", `the sandboxed orchestrator returned ${typeof answer}, not a string`);
        }
        return answer;
      } finally {
        await executions.close(execution);
      }
    },
  };
}

async function describeProviders(providers: Record<string, Provider>): Promise<Record<string, unknown>> {
  const described: Record<string, unknown> = {};
  for (const [name, provider] of Object.entries(providers)) {
    const info = await Promise.resolve(provider.get_info()).catch(() => null);
    described[name] = { name: provider.name ?? name, info };
  }
  return described;
}

function describeTools(tools: Record<string, Tool>): Record<string, unknown> {
  const described: Record<string, unknown> = {};
  for (const [name, tool] of Object.entries(tools)) {
    described[name] = { name: tool.name, description: tool.description, input_schema: tool.input_schema ?? {} };
  }
  return described;
}

/**
 * A hook handler that runs the guest's handler. An invalid result is handed to the registry as is,
 * so its fail-closed rule applies (deny, reported); a guest failure is a deny or, with the `skip`
 * policy, an error the registry skips and reports.
 */
export function hookProxy(call: GuestCaller, key: string, event: string, policy: HookFailurePolicy): HookHandler {
  return async (emitted, data) => {
    let value: unknown;
    try {
      value = await call(key, "call", [emitted, data]);
    } catch (error) {
      if (policy === "skip") throw error;
      return { action: "deny", reason: `sandboxed hook for ${event} failed: ${describeError(error)}` };
    }
    if (value === undefined || value === null) return undefined;
    const parsed = hookResultSchema.safeParse(value);
    return parsed.success ? parsed.data : (value as Record<string, unknown>);
  };
}
