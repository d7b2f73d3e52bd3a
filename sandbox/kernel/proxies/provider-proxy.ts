/**
 * A Provider whose calls run in the sandbox. What comes back is validated with the kernel's zod
 * models; guest failures become `provider_failed` errors. A stream crosses one validated event at
 * a time, under per-stream caps (bytes, events, time), and the guest's stream is closed on every exit.
 */
import { z } from "zod";
import type { CompleteOptions, Provider } from "../../../src/contracts.ts";
import { describeError, KernelError } from "../../../src/errors.ts";
import {
  type ChatRequest,
  type ChatResponse,
  chatResponseSchema,
  llmError,
  modelInfoSchema,
  type ProviderInfo,
  providerInfoSchema,
  type StreamEvent,
  streamEventSchema,
  toolCallSchema,
} from "../../../src/models/index.ts";
import type { SandboxLimits } from "../../protocol.ts";
import { describeIssues, guestResult } from "../guest-requests.ts";
import { type GuestCaller, withoutSignal } from "./guest-caller.ts";

/** The caps of one stream. */
export type StreamCaps = Pick<SandboxLimits, "streamMaxBytes" | "streamMaxEvents" | "streamTimeoutMs">;

const streamStepSchema = z.union([
  z.object({ done: z.literal(true) }),
  z.object({ done: z.literal(false), value: streamEventSchema }),
]);

/** The provider a module mounted as `key`, described by `descriptor` at mount. */
export function providerProxy(
  call: GuestCaller,
  key: string,
  descriptor: Record<string, unknown>,
  caps: StreamCaps,
): Provider {
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
      return guestResult(providerInfoSchema, await call(key, "get_info", []), `${name}.get_info()`);
    },
    async list_models() {
      return guestResult(z.array(modelInfoSchema), await call(key, "list_models", []), `${name}.list_models()`);
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
      return guestResult(
        z.array(toolCallSchema),
        await call(key, "parse_tool_calls", [response]),
        `${name}.parse_tool_calls()`,
      );
    },
  };
  if (methods.includes("stream")) {
    provider.stream = (request: ChatRequest, options?: CompleteOptions) =>
      streamFromGuest({ call, key, name, caps, failed }, [request, withoutSignal(options)], options?.signal);
  }
  if (methods.includes("get_model_info")) {
    provider.get_model_info = async () => {
      const value = await call(key, "get_model_info", []);
      return value === undefined || value === null
        ? undefined
        : guestResult(modelInfoSchema, value, `${name}.get_model_info()`);
    };
  }
  return provider;
}

interface StreamSource {
  readonly call: GuestCaller;
  readonly key: string;
  readonly name: string;
  readonly caps: StreamCaps;
  readonly failed: (error: unknown, what: string) => KernelError;
}

/** A guest provider's stream, pulled one validated event at a time, within its caps. */
async function* streamFromGuest(
  source: StreamSource,
  args: readonly unknown[],
  signal: AbortSignal | undefined,
): AsyncGenerator<StreamEvent> {
  const { call, key, name, caps, failed } = source;
  let id: unknown;
  try {
    id = await call(key, "stream:open", args, signal);
  } catch (error) {
    throw failed(error, "stream()");
  }
  const started = Date.now();
  let events = 0;
  let bytes = 0;
  let finished = false;
  const overCap = (what: string) =>
    llmError("stream", `${name}.stream() ${what}; the stream was closed`, { provider: name, retryable: false });
  try {
    for (;;) {
      if (Date.now() - started > caps.streamTimeoutMs)
        throw overCap(`ran longer than ${caps.streamTimeoutMs} ms (stream_timeout_ms)`);
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
      events += 1;
      bytes += JSON.stringify(parsed.data.value).length;
      if (events > caps.streamMaxEvents)
        throw overCap(`yielded more than ${caps.streamMaxEvents} events (stream_max_events)`);
      if (bytes > caps.streamMaxBytes)
        throw overCap(`yielded more than ${caps.streamMaxBytes} bytes (stream_max_bytes)`);
      yield parsed.data.value;
    }
  } finally {
    if (!finished) await call(key, "stream:close", [id]).catch(() => undefined);
  }
}
