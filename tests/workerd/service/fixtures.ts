/** Third-party modules (plain JavaScript, run in QuickJS) and plans the service tests use. */
import { mockPlan } from "./client.ts";

/** A sandboxed hook that asks the user before every tool, with a configurable timeout and default. */
export const ASK_BEFORE_TOOLS_SOURCE = `
import { HookResult } from "amplifier-core";
export async function mount(coordinator, config = {}) {
  coordinator.hooks.register(
    "tool:pre",
    async (_event, data) =>
      HookResult.ask_user("Run " + data.tool_name + "?", {
        approval_timeout: config.timeout ?? 300,
        approval_default: config.default ?? "deny",
      }),
    { name: "ask-before-tools" },
  );
}
`;

/** A sandboxed tool in two files: `shout` upper-cases its text. */
export const SHOUT_FILES = {
  "index.js": `
import { ToolResult } from "amplifier-core";
import { shout } from "./shout.js";
export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "shout",
    description: "Upper-cases a text",
    input_schema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
    async execute(input) { return ToolResult.ok(shout(input.text)); },
  }, { name: "shout" });
}
`,
  "shout.js": `export const shout = (text) => String(text).toUpperCase() + "!";`,
};

/** The mock plan with the asking hook (answers wait `timeout` seconds, then `default_` applies). */
export function askingPlan(timeout = 300, default_: "allow" | "deny" = "deny"): Record<string, unknown> {
  return mockPlan(undefined, {
    hooks: [
      {
        module: "hook-ask-before-tools",
        source: { inline: ASK_BEFORE_TOOLS_SOURCE },
        config: { timeout, default: default_ },
        // Asking the user is a grant; the question then names the module that asks.
        sandbox: { permissions: { approval: true } },
      },
    ],
  });
}

/** A plan whose scripted model calls the sandboxed `shout` tool, then answers with its result. */
export function shoutPlan(): Record<string, unknown> {
  return {
    session: { orchestrator: "loop-basic", context: "context-simple" },
    providers: [
      {
        module: "provider-mock",
        config: {
          script: [
            { text: "Shouting.", tool_calls: [{ id: "call_shout", name: "shout", arguments: { text: "hello" } }] },
            { text: "Done." },
          ],
          when_exhausted: "repeat_last",
        },
      },
    ],
    tools: [{ module: "tool-shout", source: { files: SHOUT_FILES, entry: "index.js" } }],
  };
}
