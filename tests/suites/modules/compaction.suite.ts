/** Ephemeral compaction of context-simple on generated histories. */
import { describe, expect, it } from "vitest";
import type { ContextManager, Provider } from "../../../src/contracts.ts";
import { ModuleCoordinator } from "../../../src/coordinator.ts";
import type { Message } from "../../../src/models/index.ts";
import { contextSimple } from "../../../src/modules/context-simple/index.ts";
import { estimateMessageTokens, estimateTextTokens } from "../../../src/modules/shared/token-estimate.ts";
import { EventRecorder, findToolPairingProblems } from "../../../src/testing/index.ts";
import { generateHistory } from "./history.ts";

const tokensOf = (message: Message) => estimateMessageTokens(message);
const totalTokens = (messages: readonly Message[]) => messages.reduce((sum, message) => sum + tokensOf(message), 0);

async function mountContext(config: Record<string, unknown> = {}) {
  const coordinator = new ModuleCoordinator({ sessionId: "compaction" });
  const recorder = new EventRecorder();
  recorder.attach(coordinator.hooks);
  await contextSimple.mount(coordinator, config);
  return { context: coordinator.get("context") as ContextManager, recorder };
}

/** Checks what every compacted view must hold. */
export function expectViewInvariants(view: readonly Message[], history: readonly Message[], budget: number): void {
  expect(totalTokens(view)).toBeLessThanOrEqual(budget);
  const systems = history.filter((message) => message.role === "system");
  expect(view.slice(0, systems.length)).toEqual(systems);
  const lastUser = history.findLast((message) => message.role === "user")!;
  expect(view.find((message) => message.metadata?.n === lastUser.metadata?.n)).toEqual(lastUser);
  const body = view.filter((message) => message.role !== "system");
  expect(findToolPairingProblems(body)).toEqual([]);
  const positions = body.map((message) => message.metadata?.n as number);
  expect(positions.every((position, index) => index === 0 || position > positions[index - 1]!)).toBe(true);
  const protectedResults = history.filter((message) => message.role === "tool").slice(-5);
  for (const result of protectedResults) {
    const shown = view.find((message) => message.role === "tool" && message.tool_call_id === result.tool_call_id);
    if (shown) expect(shown).toEqual(result);
  }
  const notice = view[systems.length];
  expect(notice).toMatchObject({ role: "system", metadata: { ephemeral: true, source: "context-compaction" } });
}

/** Registers the compaction tests for the given history sizes. */
export function registerCompactionSuite(sizes: readonly number[]): void {
  describe("context-simple: ephemeral compaction", () => {
    for (const size of sizes) {
      it(`compacts a ${size.toLocaleString("en")}-message history into the budget, invariants held, history byte-identical`, async () => {
        const history = generateHistory(size);
        const { context, recorder } = await mountContext();
        await context.set_messages(history);
        const before = JSON.stringify(await context.get_messages());
        expect(before).toBe(JSON.stringify(history));
        const budget = Math.floor(totalTokens(history) * 0.45);
        const view = await context.get_messages_for_request({ token_budget: budget + 800 });
        expectViewInvariants(view, history, budget);
        expect(view.length).toBeLessThan(history.length);
        expect(JSON.stringify(await context.get_messages())).toBe(before);
        const event = recorder.get_events("context:compaction")[0]?.data;
        expect(event).toMatchObject({
          before_tokens: totalTokens(history),
          before_messages: size,
          after_messages: view.length,
          budget,
          budget_source: "request",
          target: Math.floor(budget * 0.5),
          over_budget: false,
          compaction_count: 1,
        });
        expect(event?.after_tokens).toBe(totalTokens(view));
        expect(event?.levels_applied).not.toEqual([]);
      }, 60_000);
    }

    it("returns the history as is under the threshold, with no event", async () => {
      const history = generateHistory(50);
      const { context, recorder } = await mountContext();
      await context.set_messages(history);
      expect(await context.get_messages_for_request({ token_budget: totalTokens(history) * 2 })).toEqual(history);
      expect(recorder.get_events("context:compaction")).toEqual([]);
    });

    it("takes its budget from the provider's model info: window − max_output/2 − 1000 − notice reserve", async () => {
      const provider = {
        name: "p",
        get_info: () => ({ id: "p", display_name: "P", defaults: {} }),
        get_model_info: () => ({ id: "m", display_name: "M", context_window: 12_000, max_output_tokens: 2_000 }),
      } as unknown as Provider;
      const history = generateHistory(400);
      const { context, recorder } = await mountContext();
      await context.set_messages(history);
      const view = await context.get_messages_for_request({ provider });
      const budget = 12_000 - 1_000 - 1_000 - 800;
      expect(recorder.get_events("context:compaction")[0]?.data).toMatchObject({ budget, budget_source: "model_info" });
      expectViewInvariants(view, history, budget);
    });

    it("truncates old tool results with the notice and stubs old long user messages at the last level", async () => {
      const long = "x".repeat(4_000);
      const history: Message[] = [
        { role: "user", content: `first question ${"y".repeat(200)}` },
        { role: "assistant", content: "calling", tool_calls: [{ id: "c1", tool: "read_file", arguments: {} }] },
        { role: "tool", tool_call_id: "c1", content: long },
        { role: "user", content: "second question" },
      ];
      const { context } = await mountContext({
        protected_tool_results: 0,
        protected_recent: 1,
        compaction_notice: false,
      });
      await context.set_messages(history);
      const view = await context.get_messages_for_request({ token_budget: 350 });
      expect(String(view.find((message) => message.role === "tool")?.content)).toBe(
        `[truncated: ~${estimateTextTokens(long)} tokens - call tool again if needed] ${"x".repeat(250)}...`,
      );
      expect(view[0]?.content).toBe(`[User message compacted - original: "first question ${"y".repeat(35)}..."]`);
      expect(view.at(-1)).toEqual(history[3]);
    });

    it("circuit breaker: a view that cannot fit is reported once with over_budget, not compacted in a loop", async () => {
      const history: Message[] = [
        { role: "system", content: "s" },
        { role: "user", content: "z".repeat(20_000) },
      ];
      const { context, recorder } = await mountContext();
      await context.set_messages(history);
      await context.add_message({ role: "assistant", content: "ok" });
      const first = await context.get_messages_for_request({ token_budget: 2_000 });
      expect(first).toContainEqual(history[1]);
      await context.add_message({ role: "user", content: "z".repeat(20_000) });
      await context.get_messages_for_request({ token_budget: 2_000 });
      const events = recorder.get_events("context:compaction");
      expect(events.map((event) => event.data.over_budget)).toEqual([true, true]);
      expect(events.map((event) => event.data.compaction_count)).toEqual([1, 2]);
      expect(recorder.get_events("user:notification")).toHaveLength(1);
      expect(recorder.get_events("user:notification")[0]?.data).toMatchObject({
        level: "warning",
        source: "context-simple",
      });
    });

    it("a system prompt factory replaces stored system messages but keeps hook injections", async () => {
      const { context } = await mountContext();
      await context.add_message({ role: "system", content: "old prompt" });
      await context.add_message({ role: "system", content: "from a hook", metadata: { source: "hook" } });
      await context.add_message({ role: "user", content: "hi" });
      context.set_system_prompt_factory?.(() => "fresh prompt");
      expect((await context.get_messages_for_request()).map((message) => message.content)).toEqual([
        "fresh prompt",
        "from a hook",
        "hi",
      ]);
      expect((await context.get_messages()).map((message) => message.content)).toEqual([
        "old prompt",
        "from a hook",
        "hi",
      ]);
    });

    it("rejects a malformed message with the path of the problem, and keeps its own copy of good ones", async () => {
      const { context } = await mountContext();
      await expect(context.add_message({ role: "robot", content: "x" } as unknown as Message)).rejects.toMatchObject({
        code: "invalid_message",
        message: expect.stringContaining("message.role"),
        issues: [expect.objectContaining({ path: ["message", "role"], code: "invalid_value" })],
      });
      const message: Message = { role: "user", content: "mine" };
      await context.add_message(message);
      message.content = "changed later";
      expect((await context.get_messages())[0]?.content).toBe("mine");
      const view = await context.get_messages_for_request();
      expect(() => {
        (view[0] as { content: string }).content = "mutated";
      }).toThrow(TypeError);
    });

    it("a bad config is an invalid_config error naming the path", async () => {
      await expect(mountContext({ target_usage: 1.5 })).rejects.toMatchObject({
        code: "invalid_config",
        message: expect.stringContaining("config.target_usage"),
      });
      await expect(mountContext({ max_tokens: "lots" })).rejects.toMatchObject({
        message: expect.stringContaining("config.max_tokens: expected number"),
      });
    });
  });
}
