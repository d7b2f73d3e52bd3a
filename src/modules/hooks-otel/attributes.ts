/** Event payloads read as span attributes: what each kernel event says, in the names of `semconv.ts`. */
import type { Attributes } from "@opentelemetry/api";
import { AMPLIFIER, ERROR_TYPE, GEN_AI } from "./semconv.ts";

type Data = Record<string, unknown>;

/** A string field, or undefined. */
export function text(data: Data, key: string): string | undefined {
  const value = data[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A finite number field, or undefined. */
export function number(data: Data, key: string): number | undefined {
  const value = data[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** A nested object field, or an empty object. */
export function record(data: Data, key: string): Data {
  const value = data[key];
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Data) : {};
}

/** Drops undefined values (the API ignores them, but tests and exporters read cleaner without). */
export function defined(attributes: Record<string, Attributes[string]>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out[key] = value;
  return out;
}

/** `llm:request`: the model asked for, streaming, the output limit. */
export function requestAttributes(data: Data): Attributes {
  return defined({
    [GEN_AI.REQUEST_MODEL]: text(data, "model"),
    [GEN_AI.REQUEST_STREAM]: typeof data.stream === "boolean" ? data.stream : undefined,
    [GEN_AI.REQUEST_MAX_TOKENS]: number(data, "max_output_tokens"),
  });
}

/** A `usage` object (ours: gross input tokens, cache reads and writes included). */
export function usageAttributes(usage: Data): Attributes {
  return defined({
    [GEN_AI.USAGE_INPUT_TOKENS]: number(usage, "input_tokens"),
    [GEN_AI.USAGE_OUTPUT_TOKENS]: number(usage, "output_tokens"),
    [GEN_AI.USAGE_CACHE_READ_INPUT_TOKENS]: number(usage, "cache_read_tokens"),
    [GEN_AI.USAGE_CACHE_CREATION_INPUT_TOKENS]: number(usage, "cache_write_tokens"),
    [GEN_AI.USAGE_REASONING_OUTPUT_TOKENS]: number(usage, "reasoning_tokens"),
  });
}

/** `provider:response`: usage, finish reason, the answering model and the response id. */
export function responseAttributes(data: Data): Attributes {
  const finish = text(data, "finish_reason");
  return defined({
    ...usageAttributes(record(data, "usage")),
    [GEN_AI.RESPONSE_FINISH_REASONS]: finish === undefined ? undefined : [finish],
    [GEN_AI.RESPONSE_MODEL]: text(data, "response_model"),
    [GEN_AI.RESPONSE_ID]: text(data, "response_id"),
  });
}

/** The `error.type` of an `{ error: { type } }` payload (`tool:error`, `provider:error`). */
export function errorTypeOf(data: Data, fallback: string): string {
  return text(record(data, "error"), "type") ?? fallback;
}

/** The message of an `{ error: { msg } }` payload. */
export function errorMessageOf(data: Data): string | undefined {
  return text(record(data, "error"), "msg") ?? text(data, "error");
}

/** `context:compaction`: levels applied, tokens and messages before and after, the budget. */
export function compactionAttributes(data: Data): Attributes {
  const levels = Array.isArray(data.levels_applied)
    ? data.levels_applied.filter((level): level is number => typeof level === "number")
    : undefined;
  return defined({
    [AMPLIFIER.COMPACTION_LEVELS]: levels,
    [AMPLIFIER.COMPACTION_STRATEGY_LEVEL]: number(data, "strategy_level"),
    [AMPLIFIER.COMPACTION_BEFORE_TOKENS]: number(data, "before_tokens"),
    [AMPLIFIER.COMPACTION_AFTER_TOKENS]: number(data, "after_tokens"),
    [AMPLIFIER.COMPACTION_BEFORE_MESSAGES]: number(data, "before_messages"),
    [AMPLIFIER.COMPACTION_AFTER_MESSAGES]: number(data, "after_messages"),
    [AMPLIFIER.COMPACTION_BUDGET]: number(data, "budget"),
    [AMPLIFIER.COMPACTION_TOKEN_SOURCE]: text(data, "token_source"),
    [AMPLIFIER.COMPACTION_OVER_BUDGET]: typeof data.over_budget === "boolean" ? data.over_budget : undefined,
  });
}

/** `sandbox:killed`, `sandbox:started`, `sandbox:restarted`: which module, why, what is left. */
export function sandboxAttributes(data: Data): Attributes {
  return defined({
    [AMPLIFIER.MODULE_ID]: text(data, "module") ?? text(data, "module_id"),
    [AMPLIFIER.SANDBOX_REASON]: text(data, "reason"),
    [AMPLIFIER.SANDBOX_MESSAGE]: text(data, "message"),
    [AMPLIFIER.SANDBOX_RESTARTS_LEFT]: number(data, "restarts_left"),
    [AMPLIFIER.SANDBOX_RESTART]: number(data, "restart"),
  });
}

/** `policy:violation`: which module tried what, on what, and why it was refused. */
export function policyAttributes(data: Data): Attributes {
  return defined({
    [AMPLIFIER.MODULE_ID]: text(data, "module"),
    [AMPLIFIER.POLICY_CAPABILITY]: text(data, "capability"),
    [AMPLIFIER.POLICY_ACTION]: text(data, "action"),
    [AMPLIFIER.POLICY_TARGET]: text(data, "target"),
    [AMPLIFIER.POLICY_REASON]: text(data, "reason"),
  });
}

/** `provider:retry`: which attempt, after how long, and why. */
export function retryAttributes(data: Data): Attributes {
  return defined({
    [AMPLIFIER.RETRY_ATTEMPT]: number(data, "attempt"),
    [AMPLIFIER.RETRY_DELAY_MS]: number(data, "delay_ms"),
    [ERROR_TYPE]: errorTypeOf(data, "_OTHER"),
  });
}
