/**
 * The web client in Chromium: a key the page passes in `env` is injected by the worker into a
 * sandboxed module's requests to the host its plan entry names, and never reaches the module or
 * the page's events; a session without the key cannot use it.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { WebClient } from "../../../worker/web/index.ts";
import { connectEchoClient, recordEvents } from "./support.ts";

let client: WebClient | undefined;
afterEach(async () => {
  await client?.dispose();
  client = undefined;
});

const PROBE = `
export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "whoami", description: "Asks the API who we are", input_schema: { type: "object" },
    async execute() {
      const response = await fetch("https://api.example.com/whoami");
      return { success: true, output: await response.json() };
    },
  }, { name: "whoami" });
}`;

const plan = {
  session: { orchestrator: "loop-basic", context: "context-persistent" },
  providers: [
    {
      module: "provider-mock",
      config: { script: [{ tool_calls: [{ name: "whoami", arguments: {} }] }, { text: "Done." }] },
    },
  ],
  tools: [
    {
      module: "tool-whoami",
      source: { inline: PROBE },
      sandbox: {
        permissions: {
          fetch: ["api.example.com"],
          secrets: [
            { host: "api.example.com", header: "authorization", secret: "EXAMPLE_KEY", format: "Bearer {secret}" },
          ],
        },
      },
    },
  ],
};

describe("web client: keys from the page", () => {
  it("injects the session's key into the module's request and scrubs it from what the module sees", async () => {
    client = await connectEchoClient();
    const session = await client.createSession(plan, { env: { EXAMPLE_KEY: "sk-test-1234567890" } });
    const turn = recordEvents();
    expect(await session.execute("Who am I?", { onEvent: turn.listener })).toBe("Done.");
    const result = turn.events.find((event) => event.name === "tool:post")?.data.result as {
      output: { url: string; authorization: string };
    };
    // The echo got an authorization header; the module got it back redacted.
    expect(result.output.url).toBe("https://api.example.com/whoami");
    expect(result.output.authorization).toContain("[redacted]");
    expect(JSON.stringify(turn.events)).not.toContain("sk-test-1234567890");
    expect(JSON.stringify(await session.messages())).not.toContain("sk-test-1234567890");
  });

  it("gives a session without the key no credential to send", async () => {
    client = await connectEchoClient();
    const session = await client.createSession(plan);
    const turn = recordEvents();
    await session.execute("Who am I?", { onEvent: turn.listener });
    const result = turn.events.find((event) => event.name === "tool:post")?.data.result;
    expect(result).toMatchObject({ success: false });
    expect(JSON.stringify(result)).toContain("EXAMPLE_KEY");
  });
});
