/**
 * A Worker built and served by `wrangler dev` from the installed package answers a prompt over SSE,
 * read by the package's own client (run here from the installed package too).
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, inject, it } from "vitest";
import { BENCH_TOKEN, startWranglerDev } from "../../bench/support/wrangler-dev.ts";
import { fixture } from "./support.ts";

describe("a Cloudflare Worker", () => {
  it("serves a session whose sandboxed tool answers, with no wasm rule in its wrangler.toml", async () => {
    const folder = fixture("worker");
    const plan = (await import("./fixtures/shared-plan.json")).default;
    // The installed package's client, as a Node consumer imports it.
    const installed = join(inject("consumerRoot"), "node_modules", "amplifier-edge", "dist");
    const { connectService } = (await import(
      pathToFileURL(join(installed, "worker", "cloudflare", "client.js")).href
    )) as typeof import("amplifier-edge/cloudflare/client");
    const { isEvent } = (await import(
      pathToFileURL(join(installed, "src", "index.js")).href
    )) as typeof import("amplifier-edge");
    // The repository's own wrangler, run in the fixture as the fixture's would be.
    await using server = await startWranglerDev({ cwd: folder, config: "wrangler.toml" });
    const service = connectService({ url: server.url, token: BENCH_TOKEN });
    const sessionId = await service.createSession(plan);
    const calls: string[] = [];
    const turn = await service.prompt(sessionId, "Shout hello", {
      onEvent: (event) => {
        if (isEvent(event, "tool:post")) calls.push(`${event.data.tool_name}: ${String(event.data.result.output)}`);
      },
    });
    expect(turn).toEqual({ response: "shout returned: HELLO FROM THE SANDBOX", cancelled: false });
    expect(calls).toEqual(["shout: HELLO FROM THE SANDBOX"]);
    const stored = await service.messages(sessionId);
    expect(stored.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
  });
});
