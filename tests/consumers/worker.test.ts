/** A Worker built and served by `wrangler dev` from the installed package answers a prompt over SSE. */
import { describe, expect, it } from "vitest";
import { BENCH_TOKEN, startWranglerDev } from "../../bench/support/wrangler-dev.ts";
import { fixture } from "./support.ts";

describe("a Cloudflare Worker", () => {
  it("serves a session whose sandboxed tool answers, with no wasm rule in its wrangler.toml", async () => {
    const folder = fixture("worker");
    const plan = (await import("./fixtures/shared-plan.json")).default;
    await using service = await startWranglerDev({ cwd: folder, config: "wrangler.toml" });
    const headers = { authorization: `Bearer ${BENCH_TOKEN}`, "content-type": "application/json" };
    const created = await fetch(`${service.url}/v1/sessions`, {
      method: "POST",
      headers,
      body: JSON.stringify({ plan }),
    });
    expect(created.status).toBe(201);
    const { session_id } = (await created.json()) as { session_id: string };
    const prompt = await fetch(`${service.url}/v1/sessions/${session_id}/prompt`, {
      method: "POST",
      headers,
      body: JSON.stringify({ prompt: "Shout hello" }),
    });
    expect(prompt.status).toBe(200);
    const stream = await prompt.text();
    expect(stream).toContain("event: tool:post");
    expect(stream).toContain('event: result\ndata: {"response":"shout returned: HELLO FROM THE SANDBOX"}');
  });
});
