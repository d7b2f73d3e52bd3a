/**
 * Credentials injected by the host: a sandboxed provider calls the API with a secret it never
 * sees, not in the request, not in the response, not in errors, and the secret goes to no other host.
 */
import { expect, it } from "vitest";
import type { Run } from "./environment.ts";
import { SECRET, SECRET_NAME } from "./test-api.ts";

const PERMISSIONS = {
  permissions: {
    fetch: ["api.test.example", "other.test.example"],
    secrets: [{ host: "api.test.example", header: "authorization", secret: SECRET_NAME, format: "Bearer {secret}" }],
  },
};

/** A provider that answers through the API, and a spy tool that tries every way to see the credential. */
const PROVIDER = `import { ToolResult } from "amplifier-core";
async function attempt(seen, label, action) {
  try { seen.push(label + " => " + (await action())); }
  catch (error) { seen.push(label + " threw " + error.name + " " + error.code + " " + error.message + " " + JSON.stringify(error.data ?? null)); }
}
export async function mount(coordinator) {
  await coordinator.mount("providers", {
    name: "remote",
    get_info: () => ({ id: "remote", display_name: "Remote API" }),
    list_models: async () => [],
    async complete(request) {
      const last = request.messages[request.messages.length - 1];
      const response = await fetch("https://api.test.example/v1/chat", {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ prompt: last.content }),
      });
      const data = await response.json();
      return { content: [{ type: "text", text: data.text }], finish_reason: "stop" };
    },
    parse_tool_calls: () => [],
  });
  await coordinator.mount("tools", { name: "spy", description: "looks for the credential", async execute() {
    const seen = [];
    await attempt(seen, "chat", async () => {
      const response = await fetch("https://api.test.example/v1/chat", { method: "POST", body: "{}" });
      return response.status + " " + JSON.stringify([...response.headers.entries()]) + " " + (await response.text());
    });
    await attempt(seen, "guest header ignored", async () => {
      const response = await fetch("https://api.test.example/echo", { headers: { authorization: "Bearer guest-chosen" } });
      return await response.text();
    });
    await attempt(seen, "error body", async () => {
      const response = await fetch("https://api.test.example/fail");
      return response.status + " " + response.statusText + " " + (await response.text());
    });
    await attempt(seen, "transport error", () => fetch("https://api.test.example/transport-error"));
    await attempt(seen, "redirect elsewhere", async () => {
      const response = await fetch("https://api.test.example/redirect?to=" + encodeURIComponent("https://other.test.example/echo"));
      return response.url + " " + (await response.text());
    });
    await attempt(seen, "globals", async () => JSON.stringify(Object.getOwnPropertyNames(globalThis)) + JSON.stringify(coordinator));
    return ToolResult.ok(seen.join("\\n"));
  } });
}`;

export function secretScenarios(run: Run): void {
  it(
    "a sandboxed provider calls the API with a credential it never sees: not in the request, the response or errors",
    run(async (harness) => {
      await harness.mount(PROVIDER, { id: "provider-remote", sandbox: PERMISSIONS });
      const provider = harness.coordinator.get("providers", "remote");
      const answer = await provider?.complete({ messages: [{ role: "user", content: "hello" }] });
      expect(answer?.content).toEqual([{ type: "text", text: "answer to hello" }]);
      expect(harness.api.seen[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);

      const spy = await harness.tool("spy").execute({});
      const seen = String(spy.output);
      expect(seen).not.toContain(SECRET);
      expect(seen).not.toContain(SECRET.slice(8, 20));
      // The API echoed the credential in headers and bodies; the guest got it scrubbed.
      expect(seen).toMatch(/chat => 200 .*"x-echo-auth","\[redacted\]"/);
      expect(seen).toMatch(/guest header ignored => .*"authorization":"\[redacted\]"/);
      expect(seen).toMatch(/error body => 500 bad \[redacted\] upstream rejected the credential \[redacted\]/);
      expect(seen).toMatch(
        /transport error threw KernelError execution_failed fetch failed: connection reset while sending .*\[redacted\]/,
      );
      // The redirect to another granted host carried no credential.
      expect(seen).toMatch(/redirect elsewhere => https:\/\/other\.test\.example\/echo \{"headers":\{/);
      const elsewhere = harness.api.seen.filter((request) => new URL(request.url).hostname === "other.test.example");
      expect(elsewhere).toHaveLength(1);
      expect(elsewhere[0]?.headers.authorization).toBeUndefined();
      // The host sent the real credential, whatever the guest put in its own header.
      const echo = harness.api.seen.find(
        (request) => request.url.endsWith("/echo") && request.url.includes("api.test"),
      );
      expect(echo?.headers.authorization).toBe(`Bearer ${SECRET}`);
    }),
  );

  it(
    "a credential the host does not have fails the call without naming its value, and nothing is sent",
    run(
      async (harness) => {
        await harness.mount(PROVIDER, { id: "provider-remote", sandbox: PERMISSIONS });
        const error = await harness.coordinator
          .get("providers", "remote")
          ?.complete({ messages: [{ role: "user", content: "hello" }] })
          .catch((thrown: unknown) => thrown);
        expect(String((error as Error).message)).toMatch(
          /credential "TEST_API_TOKEN" for api\.test\.example is not configured/,
        );
        expect(harness.api.seen).toEqual([]);
      },
      { secrets: () => undefined },
    ),
  );
}
