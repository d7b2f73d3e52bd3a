/**
 * The web client in Chromium: a module of a live session tried by hand, without a model. A tool is
 * called as the loop calls it (hooks, schema, result, events, time); a hook event is fired and each
 * handler's answer comes back. Nothing lands in the conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import hooksGuardSource from "../../../examples/modules/hooks-guard/index.js?raw";
import type { WebClient, WebSession } from "../../../worker/web/index.ts";
import { connectTestClient, expectKernelError, recordEvents, WORD_COUNT_SOURCE } from "./support.ts";

let client: WebClient;
let session: WebSession;
beforeAll(async () => {
  client = await connectTestClient();
  session = await client.createSession({
    session: { orchestrator: "loop-basic", context: "context-persistent" },
    providers: [{ module: "provider-mock" }],
    tools: [{ module: "tool-calculator" }, { module: "tool-word-count", source: WORD_COUNT_SOURCE }],
    hooks: [
      {
        module: "hooks-guard",
        source: { inline: hooksGuardSource },
        config: { deny: ["calculator"] },
        sandbox: { permissions: { inject: ["system"] } },
      },
    ],
  });
});
afterAll(async () => {
  await client.dispose();
});

describe("web session: tools and hooks by hand", () => {
  it("lists the tools with their schemas, and the hook handlers per event", async () => {
    const tools = await session.tools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(["calculator", "word_count"]);
    expect(tools.find((tool) => tool.name === "word_count")?.input_schema).toMatchObject({
      type: "object",
      required: ["text"],
    });
    expect(await session.hooks()).toMatchObject({ "tool:pre": [expect.stringContaining("guard-tools")] });
  });

  it("calls a sandboxed tool with its events and time, and stores nothing", async () => {
    const recorded = recordEvents();
    const report = await session.callTool("word_count", { text: "one two three" }, { onEvent: recorded.listener });
    expect(report.result).toMatchObject({ success: true, output: { words: 3, lines: 1, characters: 13 } });
    expect(report.duration_ms).toBeGreaterThanOrEqual(0);
    expect(recorded.names()).toEqual(expect.arrayContaining(["tool:pre", "tool:post"]));
    expect(await session.messages()).toEqual([]);
  });

  it("goes through the hooks and the schema as a model's call would", async () => {
    const denied = await session.callTool("calculator", { expression: "6 * 7" });
    expect(denied.result).toMatchObject({
      success: false,
      error: { message: expect.stringContaining("Denied by hook") },
    });
    const refused = await session.callTool("word_count", { text: 7 });
    expect(JSON.stringify(refused.result.error)).toContain("Invalid input for tool 'word_count'");
    await expectKernelError(session.callTool("weather", {}), "invalid_argument");
  });

  it("fires an event and reports each handler's answer, without applying the result", async () => {
    const recorded = recordEvents();
    const report = await session.fireHook(
      "tool:pre",
      { tool_name: "calculator", tool_input: { expression: "1" } },
      { onEvent: recorded.listener },
    );
    expect(report.handlers).toEqual([
      expect.objectContaining({
        name: expect.stringContaining("guard-tools"),
        outcome: "result",
        result: expect.objectContaining({ action: "deny", reason: "tool calculator is not allowed here" }),
      }),
    ]);
    expect(report.result).toMatchObject({ action: "deny" });
    expect(recorded.names()).toContain("tool:pre");
    const stats = await session.fireHook("guard:stats", {});
    // The guard let the two word_count calls above through its tool:pre hook, as it would a model's.
    expect(stats.handlers[0]?.result).toMatchObject({ action: "modify", data: { allowed: 2 } });
    await expectKernelError(session.fireHook("", {}), "invalid_argument");
  });
});
