/**
 * `tool-mcp` against a real MCP server (the official SDK's McpServer on 127.0.0.1), in every
 * runtime through its own host: tools listed and called, an `isError` answer, progress events, a
 * cancel mid-call that the server hears, a server restart, a tool list change, and a private
 * address the grant refuses. Waits are on events and on what the server reports, never on time.
 */
import { describe, expect, it } from "vitest";
import { callStep, control, type McpRuntime, mcpPlan, resultOf } from "./harness.ts";

/** Registers the suite for `runtime` (built once per file). */
export function registerMcpSuite(runtime: () => McpRuntime): void {
  describe(`tool-mcp in ${runtime().runtime}`, () => {
    it("lists the server's tools, prefixed, with their JSON Schemas, and calls one from the model", async () => {
      const session = await runtime().open(mcpPlan([callStep("test_add", { a: 2, b: 3 }), { text: "It is 5." }]));
      try {
        const { answer, events } = await session.turn("What is 2 + 3?");
        expect(answer).toBe("It is 5.");
        const connected = session.events.find((event) => event.name === "mcp:connected");
        expect(connected?.data).toMatchObject({ server: "test", transport: "streamable-http", reconnected: false });
        expect(connected?.data.tools).toEqual(
          expect.arrayContaining(["test_add", "test_fail", "test_count", "test_wait_for_cancel", "test_picture"]),
        );
        expect(resultOf(events, "call_test_add")).toMatchObject({ success: true, output: "5" });
      } finally {
        await session.close();
      }
    });

    it("reports an isError answer as a failed tool result, and keeps image and resource content", async () => {
      const session = await runtime().open(
        mcpPlan([callStep("test_fail"), callStep("test_picture"), { text: "Done." }]),
      );
      try {
        const { answer, events } = await session.turn("Try both.");
        expect(answer).toBe("Done.");
        expect(resultOf(events, "call_test_fail")).toMatchObject({
          success: false,
          error: { message: "the fail tool always fails", type: "mcp_tool_error" },
        });
        const picture = resultOf(events, "call_test_picture");
        expect(picture).toMatchObject({ success: true });
        expect((picture?.output as { content?: unknown[] } | undefined)?.content).toEqual([
          { type: "text", text: "a red dot" },
          { type: "image", source: { type: "base64", media_type: "image/png", data: expect.any(String) } },
          { type: "resource", uri: "test://note", mime_type: "text/plain", text: "a note" },
        ]);
      } finally {
        await session.close();
      }
    });

    it("passes the server's progress notifications on as mcp:progress events, before the result", async () => {
      const session = await runtime().open(mcpPlan([callStep("test_count", { n: 3 }), { text: "Counted." }]));
      try {
        const { events } = await session.turn("Count to three.");
        const progress = events.filter((event) => event.name === "mcp:progress");
        expect(progress.map((event) => event.data)).toEqual(
          [1, 2, 3].map((step) =>
            expect.objectContaining({
              server: "test",
              tool_name: "test_count",
              mcp_tool: "count",
              progress: step,
              total: 3,
            }),
          ),
        );
        const names = events.map((event) => event.name);
        expect(names.lastIndexOf("mcp:progress")).toBeLessThan(names.indexOf("tool:post"));
        expect(resultOf(events, "call_test_count")).toMatchObject({ output: "counted to 3" });
      } finally {
        await session.close();
      }
    });

    it("cancels a call mid-way: the turn stops and the server receives the MCP cancel notification", async () => {
      const before = Number((await control(runtime(), "/state")).cancelled);
      const session = await runtime().open(mcpPlan([callStep("test_wait_for_cancel"), { text: "never" }]));
      try {
        const { answer } = await session.turn("Wait.", {
          cancelWhen: (event) => event.name === "mcp:progress" && event.data.message === "started",
        });
        // The turn ends cancelled (an error, or the empty answer of a cancelled turn), never with the script's answer.
        expect(answer).not.toBe("never");
        // Resolves when the server has seen the cancellation (a long poll, not a sleep).
        expect(Number((await control(runtime(), `/cancelled?count=${before + 1}`)).cancelled)).toBeGreaterThan(before);
      } finally {
        await session.close();
      }
    });

    it("reconnects after the server restarts, and the next call works", async () => {
      const session = await runtime().open(
        mcpPlan([
          callStep("test_add", { a: 1, b: 1 }, "first"),
          { text: "2" },
          callStep("test_add", { a: 2, b: 2 }, "second"),
          { text: "4" },
        ]),
      );
      try {
        expect((await session.turn("1 + 1?")).answer).toBe("2");
        await control(runtime(), "/restart");
        const { answer, events } = await session.turn("2 + 2?");
        expect(answer).toBe("4");
        expect(resultOf(events, "second")).toMatchObject({ success: true, output: "4" });
        if (runtime().seesEventsBetweenTurns) {
          const reconnected = session.events.filter(
            (event) => event.name === "mcp:connected" && event.data.reconnected,
          );
          expect(reconnected.length).toBeGreaterThan(0);
          expect(session.events.some((event) => event.name === "mcp:disconnected")).toBe(true);
        }
      } finally {
        await session.close();
      }
    });

    it("follows a tool list change: a tool the server adds is mounted and callable in the next turn", async () => {
      const name = `late_${runtime().runtime}_${Math.floor(Math.random() * 1e6)}`;
      const session = await runtime().open(
        mcpPlan([
          callStep("test_add_tool_now", { name }),
          { text: "Added." },
          callStep(`test_${name}`),
          { text: "Ran it." },
        ]),
      );
      try {
        const first = await session.turn("Add a tool.");
        expect(first.answer).toBe("Added.");
        const changed = first.events.find((event) => event.name === "mcp:tools_changed");
        expect(changed?.data).toMatchObject({ server: "test", added: [`test_${name}`] });
        const second = await session.turn("Use it.");
        expect(second.answer).toBe("Ran it.");
        expect(resultOf(second.events, `call_test_${name}`)).toMatchObject({ success: true, output: `${name} ran` });
      } finally {
        await session.close();
      }
    });

    it("refuses a server at a private address the grant does not allow, as a policy violation", async () => {
      const plan = mcpPlan([{ text: "No tools." }], { url: "https://127.0.0.1:9/mcp" });
      const session = await runtime().open(plan);
      try {
        const { answer } = await session.turn("Hello?");
        expect(answer).toBe("No tools.");
        const violation = session.events.find((event) => event.name === "policy:violation");
        expect(violation?.data).toMatchObject({ module: "tool-mcp", capability: "fetch", target: "127.0.0.1" });
        const failed = session.events.find((event) => event.name === "module:load_failed");
        expect(failed?.data).toMatchObject({ module_id: "tool-mcp" });
        expect(JSON.stringify(failed?.data)).toContain("capability_denied");
      } finally {
        await session.close();
      }
    });

    // Node runs stdio servers (tests/unit/modules/tool-mcp-node.test.ts); every other runtime refuses them.
    if (runtime().runtime !== "node") {
      it("refuses a stdio server with an error that names the runtime", async () => {
        const plan = mcpPlan([{ text: "No tools." }]) as { tools: { config: { servers: unknown[] } }[] };
        plan.tools[0]!.config.servers = [{ name: "local", command: "node", args: ["server.mjs"] }];
        const session = await runtime().open(plan);
        try {
          expect((await session.turn("Hello?")).answer).toBe("No tools.");
          const failed = session.events.find((event) => event.name === "module:load_failed");
          const error = JSON.stringify(failed?.data);
          expect(error).toContain("only the Node host");
          expect(error).toContain(runtime().runtime === "workerd" ? "Cloudflare Workers" : "the browser");
        } finally {
          await session.close();
        }
      });
    }
  });
}
