import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Message } from "../../../src/models/index.ts";
import { INTERRUPTED_TURN_TEXT, repairTranscript, toolCallsOf } from "../../../src/storage/index.ts";

const user = (text: string): Message => ({ role: "user", content: text });
const system = (text: string): Message => ({ role: "system", content: text });
const answer = (text: string): Message => ({ role: "assistant", content: text });
const calls = (...ids: string[]): Message => ({
  role: "assistant",
  content: "",
  tool_calls: ids.map((id) => ({ id, tool: `tool_${id}`, arguments: {} })),
});
const result = (id: string, content = `result ${id}`): Message => ({ role: "tool", tool_call_id: id, content });
const hookInjection = (text: string): Message => ({ role: "user", content: text, metadata: { source: "hook" } });

describe("repairTranscript", () => {
  it("leaves a finished conversation alone", () => {
    const history = [system("s"), user("q"), calls("a"), result("a"), answer("done")];
    const repair = repairTranscript(history);
    expect(repair.changed).toBe(false);
    expect(repair.messages).toEqual(history);
    expect(repair.append).toEqual([]);
  });

  it("leaves an empty transcript and a system-only transcript alone", () => {
    expect(repairTranscript([]).changed).toBe(false);
    expect(repairTranscript([system("s")]).changed).toBe(false);
  });

  it("gives orphaned tool calls at the end synthetic error results in call order and closes the turn", () => {
    const history = [user("q"), calls("a", "b", "c"), result("b")];
    const repair = repairTranscript(history);
    expect(repair.rewrite).toBe(false);
    expect(repair.append).toEqual([
      expect.objectContaining({
        role: "tool",
        tool_call_id: "a",
        name: "tool_a",
        metadata: { repair: "orphaned_tool_call" },
      }),
      expect.objectContaining({ role: "tool", tool_call_id: "c" }),
      { role: "assistant", content: INTERRUPTED_TURN_TEXT, metadata: { repair: "interrupted_turn" } },
    ]);
    expect(repair.append[0]?.content).toMatch(/"tool_a" \(id a\) was interrupted .* may or may not have run/);
    expect(repair.report).toEqual({
      orphaned_tool_calls: [
        { tool_call_id: "a", tool: "tool_a" },
        { tool_call_id: "c", tool: "tool_c" },
      ],
      moved_results: [],
      dropped_results: [],
      closed_interrupted_turn: true,
      rewritten: false,
    });
  });

  it("closes a turn whose tool results all arrived but whose final answer did not", () => {
    const repair = repairTranscript([user("q"), calls("a"), result("a")]);
    expect(repair.append).toEqual([expect.objectContaining({ role: "assistant", content: INTERRUPTED_TURN_TEXT })]);
    expect(repair.report.orphaned_tool_calls).toEqual([]);
  });

  it("closes a turn that stopped right after the user message, unless told not to", () => {
    expect(repairTranscript([user("q")]).report.closed_interrupted_turn).toBe(true);
    expect(repairTranscript([user("q")], { closeInterruptedTurn: false }).changed).toBe(false);
  });

  it("accepts results in any order, with system messages and hook injections between", () => {
    const history = [
      user("q"),
      calls("a", "b"),
      system("note"),
      result("b"),
      hookInjection("hint"),
      result("a"),
      answer("ok"),
    ];
    expect(repairTranscript(history).changed).toBe(false);
  });

  it("inserts results for calls orphaned before a later user message and says the history is rewritten", () => {
    const history = [user("q1"), calls("a"), user("q2"), answer("a2")];
    const repair = repairTranscript(history);
    expect(repair.rewrite).toBe(true);
    expect(repair.append).toEqual([]);
    expect(repair.messages.map((message) => message.role)).toEqual(["user", "assistant", "tool", "user", "assistant"]);
    expect(repair.report.rewritten).toBe(true);
  });

  it("moves a real result that arrived after its turn back into it instead of inventing one", () => {
    const late = result("a", "the real answer");
    const repair = repairTranscript([user("q1"), calls("a"), user("q2"), late, answer("a2")]);
    expect(repair.messages).toEqual([user("q1"), calls("a"), late, user("q2"), answer("a2")]);
    expect(repair.report.moved_results).toEqual(["a"]);
    expect(repair.report.orphaned_tool_calls).toEqual([]);
  });

  it("drops results that answer no call and second results for one call", () => {
    const repair = repairTranscript([
      user("q"),
      result("ghost"),
      calls("a"),
      result("a"),
      result("a", "again"),
      answer("x"),
    ]);
    expect(repair.messages).toEqual([user("q"), calls("a"), result("a"), answer("x")]);
    expect(repair.report.dropped_results).toEqual([
      { tool_call_id: "ghost", index: 1 },
      { tool_call_id: "a", index: 4 },
    ]);
  });

  it("reads tool calls from tool_call content blocks too", () => {
    const blockCall: Message = {
      role: "assistant",
      content: [{ type: "tool_call", id: "blk", name: "search", input: {} }],
    };
    expect(toolCallsOf(blockCall)).toEqual([{ id: "blk", tool: "search" }]);
    expect(repairTranscript([user("q"), blockCall]).append[0]).toMatchObject({ tool_call_id: "blk", name: "search" });
  });
});

const ids = ["a", "b", "c", "d"];
const messageArbitrary: fc.Arbitrary<Message> = fc.oneof(
  fc.constantFrom(...ids).map((id) => result(id)),
  fc.uniqueArray(fc.constantFrom(...ids), { minLength: 1, maxLength: 3 }).map((chosen) => calls(...chosen)),
  fc.constant(user("u")),
  fc.constant(answer("x")),
  fc.constant(system("s")),
  fc.constant(hookInjection("h")),
);

/** Checks what a provider needs: every call answered once within its turn, no stray results. */
function assertValid(messages: readonly Message[]): void {
  let open = new Set<string>();
  for (const message of messages) {
    if (message.role === "tool") {
      expect(open.has(message.tool_call_id ?? "")).toBe(true);
      open.delete(message.tool_call_id ?? "");
      continue;
    }
    if (message.role === "assistant" || (message.role === "user" && message.metadata?.source !== "hook")) {
      expect([...open]).toEqual([]);
    }
    const made = toolCallsOf(message).map((call) => call.id);
    if (made.length > 0) open = new Set(made);
  }
  expect([...open]).toEqual([]);
}

describe("repairTranscript on any transcript", () => {
  it("yields a valid transcript, keeps every non-tool message in order, and is idempotent", () => {
    fc.assert(
      fc.property(fc.array(messageArbitrary, { maxLength: 14 }), (history) => {
        const repair = repairTranscript(history);
        assertValid(repair.messages);
        const nonTool = (list: readonly Message[]) => list.filter((message) => message.role !== "tool");
        expect(nonTool(repair.messages).slice(0, nonTool(history).length)).toEqual(nonTool(history));
        expect(repairTranscript(repair.messages).changed).toBe(false);
        if (!repair.rewrite) expect(repair.messages).toEqual([...history, ...repair.append]);
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});
