/** The data models: messages and blocks, hook results, requests, metadata, LLM errors. */
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import {
  blocksToText,
  chatRequestSchema,
  chatResponseSchema,
  configFieldSchema,
  getLLMErrorData,
  hookResult,
  isLLMError,
  isRetryableLLMError,
  llmError,
  llmErrorKindForStatus,
  messageSchema,
  modelInfoSchema,
  providerInfoSchema,
  sanitizeForLlm,
  sessionStatusSchema,
  streamEventSchema,
  usageSchema,
} from "../../../src/models/index.ts";

export function registerModelSuite(): void {
  describe("models", () => {
    it("messages keep extra keys, stored tool calls and every block type (thinking signatures preserved)", () => {
      const message = {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "hmm", signature: "sig-1", visibility: "internal" },
          { type: "redacted_thinking", data: "opaque" },
          { type: "text", text: "Result", extra: true },
          { type: "tool_call", id: "c1", name: "calc", input: { a: 1 } },
          { type: "tool_result", tool_call_id: "c1", output: { v: 2 } },
          { type: "image", source: { type: "url", url: "https://x" } },
          { type: "reasoning", content: [], summary: ["s"] },
        ],
        tool_calls: [{ id: "c1", tool: "calc", arguments: { a: 1 } }],
        thinking_block: { kept: true },
      };
      expect(messageSchema.parse(message)).toEqual(message);
      expect(blocksToText(messageSchema.parse(message).content as never)).toBe("Result");
    });

    it("rejects unknown roles, unknown block types and a bad visibility, naming the path", () => {
      expect(messageSchema.safeParse({ role: "robot", content: "" }).success).toBe(false);
      const badBlock = messageSchema.safeParse({ role: "user", content: [{ type: "video" }] });
      expect(badBlock.success).toBe(false);
      const badVisibility = messageSchema.safeParse({
        role: "user",
        content: [{ type: "text", text: "x", visibility: "all" }],
      });
      expect(badVisibility.success).toBe(false);
      expect(badVisibility.error?.issues[0]?.path[0]).toBe("content");
    });

    it("hook results default every field and refuse invalid values", () => {
      expect(hookResult({ action: "ask_user" })).toMatchObject({
        approval_timeout: 300,
        approval_default: "deny",
        context_injection_role: "system",
      });
      expect(() => hookResult({ action: "block" as never })).toThrow();
      expect(() => hookResult({ approval_default: "maybe" as never })).toThrow();
      expect(hookResult({ custom: 1 } as never)).toMatchObject({ custom: 1 });
    });

    it("chat requests and responses keep provider extras; response formats are discriminated", () => {
      const request = chatRequestSchema.parse({
        messages: [{ role: "user", content: "hi" }],
        tools: [{ name: "calc", parameters: { type: "object" } }],
        response_format: { type: "json_schema", schema: { type: "object" }, strict: true },
        tool_choice: { type: "auto" },
        provider_option: 1,
      });
      expect(request.provider_option).toBe(1);
      expect(chatRequestSchema.safeParse({ messages: [], response_format: { type: "xml" } }).success).toBe(false);
      const response = chatResponseSchema.parse({
        content: [{ type: "text", text: "ok" }],
        tool_calls: [{ id: "1", name: "calc", arguments: {} }],
        usage: { input_tokens: 3, output_tokens: 4, total_tokens: 7, cost_usd: "0.0001" },
        degradation: { requested: "opus", actual: "sonnet", reason: "overloaded" },
      });
      expect(response.usage?.cost_usd).toBe("0.0001");
    });

    it("money is a decimal string: floats are rejected", () => {
      expect(usageSchema.safeParse({ input_tokens: 1, output_tokens: 1, total_tokens: 2, cost_usd: 0.1 }).success).toBe(
        false,
      );
      const status = sessionStatusSchema.safeParse({
        session_id: "s",
        started_at: "2026-01-01T00:00:00Z",
        status: "running",
        cost_usd: 0.5,
      });
      expect(status.error?.issues[0]?.path).toEqual(["cost_usd"]);
      expect(
        sessionStatusSchema.parse({ session_id: "s", started_at: "t", status: "completed" }).tool_invocations,
      ).toBe(0);
    });

    it("provider, model and config-field metadata apply the original's defaults", () => {
      expect(providerInfoSchema.parse({ id: "p", display_name: "P" })).toEqual({
        id: "p",
        display_name: "P",
        credential_env_vars: [],
        capabilities: [],
        defaults: {},
        config_fields: [],
      });
      expect(configFieldSchema.parse({ id: "api_key", display_name: "API key", prompt: "Key?" })).toMatchObject({
        field_type: "text",
        required: true,
        requires_model: false,
      });
      expect(
        modelInfoSchema.safeParse({ id: "m", display_name: "M", context_window: 0, max_output_tokens: 1 }).success,
      ).toBe(false);
      expect(
        modelInfoSchema.safeParse({
          id: "m",
          display_name: "M",
          context_window: 8,
          max_output_tokens: 1,
          metadata: { cost_tier: "cheap" },
        }).success,
      ).toBe(false);
    });

    it("stream events are a closed union ending with done", () => {
      expect(streamEventSchema.parse({ type: "tool_call_delta", id: "c", arguments_delta: '{"a"' })).toMatchObject({
        type: "tool_call_delta",
      });
      expect(streamEventSchema.safeParse({ type: "done", response: { content: [] } }).success).toBe(true);
      expect(streamEventSchema.safeParse({ type: "text", text: "x" }).success).toBe(false);
    });

    it("LLM errors are provider_failed KernelErrors with kind, retryable and retry_after", () => {
      const error = llmError("rate_limit", "anthropic: 429", {
        retry_after: 20,
        status_code: 429,
        provider: "anthropic",
        model: "opus",
      });
      expect(KernelError.is(error, "provider_failed")).toBe(true);
      expect(getLLMErrorData(error)).toEqual({
        kind: "rate_limit",
        retryable: true,
        retry_after: 20,
        status_code: 429,
        provider: "anthropic",
        model: "opus",
      });
      expect(isLLMError(error, "rate_limit")).toBe(true);
      expect(isLLMError(error, "auth")).toBe(false);
      expect(isRetryableLLMError(llmError("context_length", "too long"))).toBe(false);
      expect(isRetryableLLMError(llmError("auth", "bad key", { retryable: true }))).toBe(true);
      expect(isLLMError(new Error("x"))).toBe(false);
      const crossed = KernelError.fromData(error.toData());
      expect(getLLMErrorData(crossed, "rate_limit")?.retry_after).toBe(20);
      expect([429, 401, 403, 404, 408, 413, 503, 400].map(llmErrorKindForStatus)).toEqual([
        "rate_limit",
        "auth",
        "access_denied",
        "not_found",
        "timeout",
        "context_length",
        "unavailable",
        "invalid_request",
      ]);
    });

    it("sanitizeForLlm keeps tabs, newlines and valid surrogate pairs", () => {
      expect(sanitizeForLlm("a\tb\r\nc 😀")).toBe("a\tb\r\nc 😀");
      expect(sanitizeForLlm("x\u0001\u001b[31m\u007fy\udc00")).toBe("x[31my");
    });
  });
}
