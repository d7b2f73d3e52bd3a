/**
 * Ported conformance: context-simple (microsoft/amplifier-module-context-simple: test_timestamps.py,
 * test_tool_pair_compaction.py, test_progressive_compaction.py, and the module's config keys).
 */
import { describe, expect, it } from "vitest";
import type { CoordinatorWarning } from "../../../../src/coordinator.ts";
import { ModuleCoordinator } from "../../../../src/coordinator.ts";
import type { Message } from "../../../../src/models/index.ts";
import {
  CompactingContext,
  contextSimple,
  simpleContextConfigSchema,
} from "../../../../src/modules/context-simple/index.ts";
import { estimateMessageTokens } from "../../../../src/modules/shared/token-estimate.ts";
import { createSession } from "../../../../src/session.ts";
import {
  EventRecorder,
  findToolPairingProblems,
  scriptedOrchestratorModule,
  scriptedProviderModule,
} from "../../../../src/testing/index.ts";
import { fixedClock, contextSimple as source } from "./source.ts";

const TIMESTAMPS = "tests/test_timestamps.py";
const PAIRS = "tests/test_tool_pair_compaction.py";
const PROGRESSIVE = "tests/test_progressive_compaction.py";
const MODULE = "amplifier_module_context_simple/__init__.py";

/** A context-simple on its own, with a fixed clock, the given config and a recorder of its events. */
function simple(config: Record<string, unknown> = {}) {
  const coordinator = new ModuleCoordinator();
  const recorder = new EventRecorder();
  recorder.attach(coordinator.hooks, ["context:compaction"]);
  const context = new CompactingContext(simpleContextConfigSchema.parse(config), coordinator.hooks, "context-simple", {
    now: fixedClock(),
  });
  return { context, recorder };
}

const openAiCall = (id: string, name: string, args?: string) => ({
  id,
  type: "function",
  function: { name, ...(args === undefined ? {} : { arguments: args }) },
});

export function registerUpstreamContextSimpleTests(): void {
  describe("upstream conformance: context-simple", () => {
    it(`${source(TIMESTAMPS, "test_timestamps_added_automatically")} add_message puts a timestamp in metadata`, async () => {
      const { context } = simple();
      await context.add_message({ role: "user", content: "Hello" });
      expect(await context.get_messages()).toEqual([
        { role: "user", content: "Hello", metadata: { timestamp: "2026-02-06T10:00:00.123+00:00" } },
      ]);
    });

    it(`${source(TIMESTAMPS, "test_timestamps_do_not_mutate_caller_dict")} the caller's message is not changed`, async () => {
      const { context } = simple();
      const message: Message = { role: "user", content: "Hello" };
      await context.add_message(message);
      expect(message).toEqual({ role: "user", content: "Hello" });
    });

    it(`${source(TIMESTAMPS, "test_timestamp_format")} the timestamp is UTC ISO 8601 with milliseconds and +00:00`, async () => {
      const context = new CompactingContext(simpleContextConfigSchema.parse({}), undefined, "context-simple");
      await context.add_message({ role: "user", content: "Test" });
      const timestamp = String((await context.get_messages())[0]?.metadata?.timestamp);
      expect(timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
      expect(Number.isNaN(Date.parse(timestamp))).toBe(false);
    });

    it(`${source(TIMESTAMPS, "test_timestamps_preserved_when_present")} a timestamp already in metadata is kept`, async () => {
      const { context } = simple();
      await context.add_message({
        role: "user",
        content: "Hello",
        metadata: { timestamp: "2026-02-06T10:00:00.123+00:00" },
      });
      await context.add_message({ role: "user", content: "Again", metadata: { timestamp: "earlier" } });
      expect((await context.get_messages()).map((message) => message.metadata?.timestamp)).toEqual([
        "2026-02-06T10:00:00.123+00:00",
        "earlier",
      ]);
    });

    it(`${source(TIMESTAMPS, "test_timestamps_preserve_existing_metadata")} other metadata stays beside the timestamp`, async () => {
      const { context } = simple();
      await context.add_message({
        role: "system",
        content: "Hook message",
        metadata: { source: "hook", custom_field: "value" },
      });
      expect((await context.get_messages())[0]?.metadata).toEqual({
        source: "hook",
        custom_field: "value",
        timestamp: "2026-02-06T10:00:00.123+00:00",
      });
    });

    it(`${source(TIMESTAMPS, "test_timestamps_all_message_types")} every role gets one`, async () => {
      const { context } = simple();
      await context.add_message({ role: "user", content: "Question" });
      await context.add_message({ role: "assistant", content: "Answer" });
      await context.add_message({ role: "tool", tool_call_id: "1", content: "Result" });
      await context.add_message({ role: "system", content: "Instructions" });
      for (const message of await context.get_messages()) expect(message.metadata?.timestamp).toBeTypeOf("string");
    });

    it(`${source(TIMESTAMPS, "test_timestamps_preserved_on_resume")} set_messages keeps stored timestamps and adds none; later messages get new ones`, async () => {
      const { context } = simple();
      await context.set_messages([
        { role: "user", content: "Message 1", metadata: { timestamp: "2026-02-06T09:00:00.000+00:00" } },
        { role: "assistant", content: "no timestamp" },
      ]);
      await context.add_message({ role: "user", content: "Message 2" });
      expect((await context.get_messages()).map((message) => message.metadata?.timestamp)).toEqual([
        "2026-02-06T09:00:00.000+00:00",
        undefined,
        "2026-02-06T10:00:00.123+00:00",
      ]);
    });

    it(`${source(TIMESTAMPS, "test_timestamps_with_hook_messages")} a hook injection keeps source: hook and gets a timestamp`, async () => {
      const { context } = simple();
      await context.add_message({ role: "system", content: "Hook-injected content", metadata: { source: "hook" } });
      expect((await context.get_messages())[0]?.metadata).toMatchObject({
        source: "hook",
        timestamp: expect.any(String),
      });
    });

    it(`${source(MODULE, "mount")} the original's config keys are accepted, including target_usage at or above the threshold`, () => {
      const parsed = simpleContextConfigSchema.parse({
        max_tokens: 1000,
        compact_threshold: 0.01,
        target_usage: 0.5,
        compaction_notice_enabled: false,
        compaction_notice_token_reserve: 100,
        compaction_notice_verbosity: "verbose",
        compaction_notice_min_level: 3,
      });
      expect(parsed).toMatchObject({
        compaction_notice_enabled: false,
        compaction_notice_token_reserve: 100,
        compaction_notice_verbosity: "verbose",
        compaction_notice_min_level: 3,
      });
      expect(simpleContextConfigSchema.safeParse({ compaction_notice_verbosity: "chatty" }).success).toBe(false);
    });

    it(`${source(MODULE, "mount")} an unknown config key is ignored with a warning, so a plan written for the original still starts`, async () => {
      const warnings: CoordinatorWarning[] = [];
      const session = createSession(
        {
          session: { orchestrator: "loop-scripted", context: "context-simple" },
          context: { config: { max_tokens: 5000, add_timestamps: true } },
          providers: [{ module: "provider-scripted" }],
        },
        {
          modules: [scriptedOrchestratorModule, scriptedProviderModule, contextSimple],
          onWarning: (warning) => warnings.push(warning),
        },
      );
      expect(await session.execute("hi")).toBe("DONE");
      expect(warnings.map((warning) => [warning.code, warning.message])).toEqual([
        ["config_ignored", "context-simple: ignored unknown config config.add_timestamps"],
      ]);
      expect(session.status().warnings.map((warning) => warning.code)).toEqual(["config_ignored"]);
      await session.cleanup();
    });

    it(`${source(PAIRS, "test_incomplete_tool_results_not_removed")} OpenAI-style tool calls are accepted and an assistant still waiting for a result is kept`, async () => {
      const { context } = simple({
        max_tokens: 1000,
        compact_threshold: 0.01,
        target_usage: 0.5,
        compaction_notice_enabled: false,
      });
      await context.add_message({
        role: "assistant",
        content: "Let me check both",
        tool_calls: [openAiCall("call_A", "tool_a", "{}"), openAiCall("call_B", "tool_b", '{"x":1}')],
      } as never);
      await context.add_message({ role: "tool", tool_call_id: "call_A", content: "Result from tool A" });
      await context.add_message({ role: "user", content: "continue" });
      const view = await context.get_messages_for_request({ token_budget: 40 });
      const assistant = view.find((message) => message.role === "assistant");
      expect(assistant?.tool_calls).toHaveLength(2);
      expect(assistant?.tool_calls?.[1]).toMatchObject({
        id: "call_B",
        tool: "tool_b",
        arguments: { x: 1 },
        function: { name: "tool_b", arguments: '{"x":1}' },
      });
    });

    it(`${source(PROGRESSIVE, "test_tool_result_truncation_phase1")} an OpenAI-style call without arguments or content is accepted`, async () => {
      const { context } = simple();
      await context.add_message({
        role: "assistant",
        content: null,
        tool_calls: [openAiCall("t1", "read_file")],
      } as never);
      await context.add_message({
        role: "assistant",
        tool_calls: [{ id: "t2", function: { name: "x", arguments: "not json" } }],
      } as never);
      const [first, second] = await context.get_messages();
      expect([first?.content, first?.tool_calls?.[0]?.tool, first?.tool_calls?.[0]?.arguments]).toEqual([
        "",
        "read_file",
        {},
      ]);
      expect(second?.tool_calls?.[0]).toMatchObject({ tool: "x", arguments: {}, raw_arguments: "not json" });
    });

    it(`${source(PAIRS, "test_compact_preserves_tool_pairs_scenario_a")} compaction never splits a call from its result`, async () => {
      const { context } = simple({ compaction_notice_enabled: false });
      for (let index = 0; index < 9; index++) await context.add_message({ role: "user", content: `message ${index}` });
      await context.add_message({
        role: "assistant",
        content: "",
        tool_calls: [{ id: "toolu_test", tool: "bash", arguments: { cmd: "ls" } }],
      });
      await context.add_message({ role: "tool", tool_call_id: "toolu_test", content: "bash output" });
      const view = await context.get_messages_for_request({ token_budget: 120 });
      expect(findToolPairingProblems(view)).toEqual([]);
    });

    it(`${source(PAIRS, "test_compact_with_multiple_tool_calls_in_one_message")} an assistant with six calls keeps all six results`, async () => {
      const { context } = simple({ protected_recent: 0.5, compaction_notice_enabled: false });
      for (let index = 0; index < 8; index++) {
        await context.add_message({ role: "user", content: `request ${index} ${"pad ".repeat(20)}` });
        await context.add_message({ role: "assistant", content: `response ${index} ${"pad ".repeat(20)}` });
      }
      const ids = ["toolu_1", "toolu_2", "toolu_3", "toolu_4", "toolu_5", "toolu_6"];
      await context.add_message({
        role: "assistant",
        content: "",
        tool_calls: ids.map((id) => ({ id, tool: "web_fetch", arguments: {} })),
      });
      for (const id of ids) await context.add_message({ role: "tool", tool_call_id: id, content: `page ${id}` });
      await context.add_message({ role: "user", content: "what did you find?" });
      const view = await context.get_messages_for_request({ token_budget: 700 });
      const at = view.findIndex((message) => message.tool_calls?.length === 6);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(view.slice(at + 1, at + 7).map((message) => message.tool_call_id)).toEqual(ids);
    });

    it(`${source(PAIRS, "test_compact_never_deduplicates_tool_messages")} two results with the same content are both kept (a target above the threshold compacts nothing away)`, async () => {
      const { context, recorder } = simple({
        compact_threshold: 0.5,
        target_usage: 0.9,
        protected_recent: 0.9,
        compaction_notice_enabled: false,
      });
      await context.add_message({ role: "user", content: "test" });
      for (const id of ["toolu_1", "toolu_2"]) {
        await context.add_message({
          role: "assistant",
          content: "",
          tool_calls: [{ id, tool: "bash", arguments: { cmd: "ls" } }],
        });
        await context.add_message({ role: "tool", tool_call_id: id, content: "file1.txt" });
      }
      const history = await context.get_messages();
      const total = history.reduce((sum, message) => sum + estimateMessageTokens(message), 0);
      const view = await context.get_messages_for_request({ token_budget: Math.ceil(total / 0.7) });
      expect(view.filter((message) => message.role === "tool").map((message) => message.tool_call_id)).toEqual([
        "toolu_1",
        "toolu_2",
      ]);
      expect(recorder.get_events("context:compaction")[0]?.data).toMatchObject({
        strategy_level: 1,
        removed_messages: 0,
      });
    });

    it(`${source(PROGRESSIVE, "test_first_user_message_always_preserved")} the first user message survives any pressure; short user messages are never removed`, async () => {
      const { context } = simple({ protected_recent: 0.1, compaction_notice_enabled: false });
      await context.add_message({ role: "user", content: "FIRST_USER_MESSAGE_ORIGINAL_TASK" });
      for (let index = 0; index < 40; index++) {
        await context.add_message({ role: "assistant", content: `response ${index} ${"x".repeat(300)}` });
        await context.add_message({ role: "user", content: `ok ${index}` });
      }
      const view = await context.get_messages_for_request({ token_budget: 100 });
      const users = view.filter((message) => message.role === "user").map((message) => message.content);
      expect(users[0]).toBe("FIRST_USER_MESSAGE_ORIGINAL_TASK");
      expect(users).toHaveLength(41);
      expect((await context.get_messages()).length).toBe(81);
    });

    it(`${source(PROGRESSIVE, "test_first_user_message_always_preserved")} a long first task is stubbed at level 8 but kept; only stubbed middle users are dropped`, async () => {
      const { context, recorder } = simple({ protected_recent: 0.1, compaction_notice_enabled: false });
      await context.add_message({
        role: "user",
        content: `The original task: ${"do the thing carefully ".repeat(10)}`,
      });
      for (let index = 0; index < 20; index++) {
        await context.add_message({ role: "assistant", content: `r${index}` });
        await context.add_message({ role: "user", content: `Follow-up ${index}: ${"more detail ".repeat(12)}` });
      }
      const view = await context.get_messages_for_request({ token_budget: 60 });
      const users = view.filter((message) => message.role === "user").map((message) => String(message.content));
      expect(users[0]).toMatch(/^\[User message compacted - original: "The original task: do the thing/);
      expect(users.at(-1)).toMatch(/^Follow-up 19: more detail/);
      for (const middle of users.slice(1, -1)) expect(middle).toMatch(/^\[User message compacted/);
      expect(recorder.get_events("context:compaction").at(-1)?.data).toMatchObject({ strategy_level: 8 });
    });

    it(`${source(PROGRESSIVE, "test_system_messages_preserved_under_extreme_pressure")} system messages stay first and unchanged`, async () => {
      const { context } = simple({ truncate_chars: 20, protected_recent: 0.1, protected_tool_results: 1 });
      const system = `You are a helpful assistant. ${"x".repeat(500)}`;
      await context.add_message({ role: "system", content: system });
      for (let index = 0; index < 30; index++) {
        await context.add_message({ role: "user", content: `request ${index}` });
        await context.add_message({
          role: "assistant",
          content: "",
          tool_calls: [{ id: `tool_${index}`, tool: "read", arguments: {} }],
        });
        await context.add_message({
          role: "tool",
          tool_call_id: `tool_${index}`,
          content: `result ${"y".repeat(200)}`,
        });
        await context.add_message({ role: "assistant", content: `response ${index}` });
      }
      const view = await context.get_messages_for_request({ token_budget: 1000 });
      expect(view[0]).toMatchObject({ role: "system", content: system });
      expect(
        view.filter((message) => message.role === "system" && message.metadata?.source !== "context-compaction"),
      ).toHaveLength(1);
      expect(findToolPairingProblems(view.filter((message) => message.role !== "system"))).toEqual([]);
    });

    it(`${source(PROGRESSIVE, "test_percentage_based_target")} the view shrinks, the history does not, and the event uses the original's stat names`, async () => {
      const { context, recorder } = simple({
        target_usage: 0.5,
        protected_recent: 0.1,
        compaction_notice_enabled: false,
      });
      for (let index = 0; index < 50; index++) {
        await context.add_message({ role: "user", content: `message ${index} with some padding content` });
        await context.add_message({ role: "assistant", content: `response ${index} with some padding content` });
      }
      const view = await context.get_messages_for_request({ token_budget: 1000 });
      expect(view.length).toBeLessThan(100);
      expect(await context.get_messages()).toHaveLength(100);
      const stats = recorder.get_events("context:compaction")[0]?.data ?? {};
      for (const key of [
        "before_tokens",
        "after_tokens",
        "before_messages",
        "after_messages",
        "messages_removed",
        "messages_truncated",
        "user_messages_stubbed",
        "system_messages_preserved",
        "strategy_level",
        "budget",
        "target_tokens",
        "protected_recent",
        "protected_tool_results",
      ]) {
        expect(stats, key).toHaveProperty(key);
      }
      expect(stats.after_tokens as number).toBeLessThan(stats.before_tokens as number);
    });

    it(`${source(MODULE, "_format_compaction_notice")} the notice follows compaction_notice_verbosity and compaction_notice_min_level`, async () => {
      const noticeOf = async (config: Record<string, unknown>) => {
        const { context } = simple({ compaction_notice_token_reserve: 0, ...config });
        for (let index = 0; index < 30; index++) {
          await context.add_message({ role: "user", content: `message ${index} ${"pad ".repeat(10)}` });
          await context.add_message({ role: "assistant", content: `response ${index} ${"pad ".repeat(10)}` });
        }
        const view = await context.get_messages_for_request({ token_budget: 900 });
        return view.find((message) => message.metadata?.source === "context-compaction")?.content;
      };
      const minimal = String(await noticeOf({ compaction_notice_verbosity: "minimal" }));
      const normal = String(await noticeOf({}));
      const verbose = String(await noticeOf({ compaction_notice_verbosity: "verbose" }));
      expect(minimal).toMatch(/^<system-reminder source="context-compaction">/);
      expect(minimal).not.toMatch(/level/);
      expect(normal).toMatch(/\(level [1-8]\/8: /);
      expect(verbose).toMatch(/Tokens: \d+ before, \d+ after, target \d+/);
      expect(await noticeOf({ compaction_notice_enabled: false })).toBeUndefined();
      // An old tool result to truncate: compaction stops at a low level, the same every time.
      const atMinLevel = async (minLevel: number) => {
        const { context, recorder } = simple({
          compaction_notice_token_reserve: 0,
          compaction_notice_min_level: minLevel,
          protected_tool_results: 0,
        });
        await context.add_message({ role: "user", content: "read it" });
        await context.add_message({
          role: "assistant",
          content: "",
          tool_calls: [{ id: "r1", tool: "read", arguments: {} }],
        });
        await context.add_message({ role: "tool", tool_call_id: "r1", content: "z".repeat(4000) });
        for (let index = 0; index < 6; index++) {
          await context.add_message({
            role: "assistant",
            content: "",
            tool_calls: [{ id: `s${index}`, tool: "t", arguments: {} }],
          });
          await context.add_message({ role: "tool", tool_call_id: `s${index}`, content: "small" });
        }
        const view = await context.get_messages_for_request({ token_budget: 1200 });
        const level = recorder.get_events("context:compaction")[0]?.data.strategy_level as number;
        return { level, noticed: view.some((message) => message.metadata?.source === "context-compaction") };
      };
      const { level } = await atMinLevel(1);
      expect(level).toBeLessThan(8);
      expect([(await atMinLevel(level)).noticed, (await atMinLevel(level + 1)).noticed]).toEqual([true, false]);
    });
  });
}
