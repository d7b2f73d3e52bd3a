/**
 * Ported conformance: data models and event names (test_tool_result_autopop.py, models.rs,
 * messages.rs, test_message_models.py, test_event_taxonomy.py, test_events_smoke.py, events.rs,
 * test_cost_usd_serialization.py).
 */
import { describe, expect, it } from "vitest";
import * as events from "../../../../src/hooks/events.ts";
import {
  chatRequestSchema,
  contentBlockSchema,
  hookResult,
  messageSchema,
  serializeToolOutput,
  sessionStatusSchema,
  toolResult,
  usageSchema,
} from "../../../../src/models/index.ts";
import { core } from "./source.ts";

const AUTOPOP = "tests/test_tool_result_autopop.py";
const MODELS_RS = "crates/amplifier-core/src/models.rs";
const MESSAGES = "tests/test_message_models.py";
const EVENTS_RS = "crates/amplifier-core/src/events.rs";

export function registerUpstreamModelTests(): void {
  describe("upstream conformance: models and events", () => {
    it(`${core(AUTOPOP, "test_toolresult_autopopulates_output_from_error_message")} a failure with no output takes error.message`, () => {
      expect(toolResult({ success: false, error: { message: "file not found" } }).output).toBe("file not found");
    });

    it(`${core(AUTOPOP, "test_toolresult_no_autopopulate_when_output_set")} an output that is set stays`, () => {
      expect(toolResult({ success: false, output: "partial", error: { message: "x" } }).output).toBe("partial");
    });

    it(`${core(AUTOPOP, "test_toolresult_no_autopopulate_on_success")} a success is never filled from error`, () => {
      expect(toolResult({ success: true, error: { message: "ignored" } }).output).toBeUndefined();
    });

    it(`${core(AUTOPOP, "test_toolresult_no_autopopulate_without_message_key")} an error without a message fills nothing`, () => {
      expect(toolResult({ success: false, error: { code: "E7" } }).output).toBeUndefined();
    });

    it(`${core(MODELS_RS, "tool_result_success_default")} success defaults to true; serialization follows get_serialized_output`, () => {
      expect(toolResult({}).success).toBe(true);
      expect(serializeToolOutput({ output: { a: 1 } })).toBe('{"a":1}');
      expect(serializeToolOutput(toolResult({ success: false, error: { message: "nope" } }))).toBe("nope");
      expect(serializeToolOutput({})).toBe("Success");
    });

    it(`${core(MODELS_RS, "hook_result_default_is_continue")} a HookResult defaults to continue with the original's defaults`, () => {
      expect(hookResult()).toEqual({
        action: "continue",
        context_injection_role: "system",
        ephemeral: false,
        approval_timeout: 300,
        approval_default: "deny",
        suppress_output: false,
        user_message_level: "info",
        append_to_last_tool_result: false,
      });
    });

    it(`${core(MODELS_RS, "hook_result_extensions_capture_unknown_keys")} unknown keys of a HookResult are kept`, () => {
      expect(hookResult({ action: "deny", reason: "r", custom_flag: 1 } as never)).toMatchObject({ custom_flag: 1 });
    });

    it(`${core(MESSAGES, "TestMessage::test_extra_fields_preserved")} a message keeps extra keys and every role`, () => {
      for (const role of ["system", "developer", "user", "assistant", "function", "tool"]) {
        expect(messageSchema.safeParse({ role, content: "x", extra: 1 }).data).toMatchObject({ role, extra: 1 });
      }
      expect(messageSchema.safeParse({ role: "robot", content: "x" }).success).toBe(false);
    });

    it(`${core(MESSAGES, "TestContentBlocks::test_discriminated_union_from_dict")} blocks are told apart by type; a thinking signature is kept`, () => {
      const thinking = contentBlockSchema.parse({ type: "thinking", thinking: "hmm", signature: "sig" });
      expect(thinking).toEqual({ type: "thinking", thinking: "hmm", signature: "sig" });
      expect(contentBlockSchema.safeParse({ type: "tool_call", id: "1", name: "t" }).success).toBe(false);
      expect(contentBlockSchema.safeParse({ type: "text", text: "x", visibility: "developer" }).success).toBe(true);
    });

    it(`${core(MESSAGES, "TestChatRequestNewFields::test_all_new_fields_together")} a request keeps model, tool_choice, stop, reasoning_effort, timeout and extras`, () => {
      const request = {
        messages: [{ role: "user", content: "hi" }],
        model: "m",
        tool_choice: { type: "tool", name: "calc" },
        stop: ["END"],
        reasoning_effort: "high",
        timeout: 30,
        vendor_extra: true,
      };
      expect(chatRequestSchema.parse(request)).toMatchObject(request);
    });

    it(`${core(MESSAGES, "TestUsageOptionalFields::test_usage_all_optional_fields")} usage takes reasoning and cache tokens`, () => {
      const usage = {
        input_tokens: 10,
        output_tokens: 5,
        total_tokens: 15,
        reasoning_tokens: 2,
        cache_read_tokens: 3,
        cache_write_tokens: 4,
      };
      expect(usageSchema.parse(usage)).toEqual(usage);
      expect(usageSchema.safeParse({ input_tokens: 1 }).success).toBe(false);
    });

    it(`${core("tests/test_cost_usd_serialization.py", "TestSessionStatusCostUsdSerialization::test_float_validator_still_rejects")} cost_usd is a decimal string; a float is refused`, () => {
      const status = { session_id: "s", started_at: "t", status: "running" };
      expect(sessionStatusSchema.safeParse({ ...status, cost_usd: "0.0123" }).success).toBe(true);
      expect(sessionStatusSchema.safeParse({ ...status, cost_usd: 0.0123 }).success).toBe(false);
      expect(sessionStatusSchema.safeParse({ ...status, status: "initialized" }).success).toBe(false);
    });

    it(`${core(EVENTS_RS, "all_events_count")} there are 43 canonical events, module:load_failed last (core PR #97)`, () => {
      expect(events.ALL_EVENTS).toHaveLength(43);
      expect(events.ALL_EVENTS.at(-1)).toBe("module:load_failed");
    });

    it(`${core("tests/test_event_taxonomy.py", "test_no_duplicate_events_in_all_events")} no event is listed twice`, () => {
      expect(new Set(events.ALL_EVENTS).size).toBe(events.ALL_EVENTS.length);
    });

    it(`${core("tests/test_event_taxonomy.py", "test_all_event_constants_in_all_events")} every exported canonical constant is in ALL_EVENTS`, () => {
      const own = new Set<string>(events.EDGE_EVENTS);
      const constants = Object.entries(events).filter(
        ([name, value]) => /^[A-Z_]+$/.test(name) && typeof value === "string" && !own.has(value),
      );
      for (const [, value] of constants) expect(events.ALL_EVENTS as readonly string[]).toContain(value);
    });

    it(`${core("tests/test_event_taxonomy.py", "test_events_follow_naming_convention")} every name is namespace:action`, () => {
      for (const name of events.ALL_EVENTS) expect(name).toMatch(/^[a-z_]+:[a-z_]+$/);
    });

    it(`${core(EVENTS_RS, "test_provider_throttle_event_value")} the provider events have their values`, () => {
      expect([
        events.PROVIDER_THROTTLE,
        events.PROVIDER_RESOLVE,
        events.PROVIDER_TOOL_SEQUENCE_REPAIRED,
        events.PROVIDER_RETRY,
      ]).toEqual(["provider:throttle", "provider:resolve", "provider:tool_sequence_repaired", "provider:retry"]);
    });

    it(`${core(EVENTS_RS, "session_constants")} the session and cancellation constants have their values`, () => {
      expect([events.SESSION_START, events.SESSION_END, events.SESSION_FORK, events.SESSION_RESUME]).toEqual([
        "session:start",
        "session:end",
        "session:fork",
        "session:resume",
      ]);
      expect([events.CANCEL_REQUESTED, events.CANCEL_COMPLETED, events.MODULE_LOAD_FAILED]).toEqual([
        "cancel:requested",
        "cancel:completed",
        "module:load_failed",
      ]);
    });
  });
}
