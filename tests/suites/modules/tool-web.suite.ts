/** tool-web: web_fetch with an injected fetch (no network), SSRF refusals, limits and redirects. */
import { describe, expect, it } from "vitest";
import { ModuleCoordinator } from "../../../src/coordinator.ts";
import type { ToolResult } from "../../../src/models/index.ts";
import type { FetchFunction } from "../../../src/modules/tool-web/fetcher.ts";
import { createToolWeb, WebFetchTool, webConfigSchema } from "../../../src/modules/tool-web/index.ts";

type Route = (url: string, init: RequestInit) => Response | Promise<Response>;

function fakeFetch(routes: Record<string, Route>) {
  const calls: string[] = [];
  const fetch: FetchFunction = async (url, init) => {
    calls.push(url);
    const route = routes[url];
    if (!route) return new Response("not found", { status: 404, headers: { "content-type": "text/plain" } });
    return route(url, init);
  };
  return { fetch, calls };
}

const html = (body: string) => () =>
  new Response(body, { status: 200, headers: { "content-type": "text/html; charset=utf-8" } });
const redirect =
  (location: string, status = 302) =>
  () =>
    new Response(null, { status, headers: { location } });

function webTool(routes: Record<string, Route>, config: Record<string, unknown> = {}) {
  const { fetch, calls } = fakeFetch(routes);
  return { tool: new WebFetchTool(webConfigSchema.parse(config), fetch), calls };
}

function expectFailure(result: ToolResult, pattern: RegExp): void {
  expect(result.success).toBe(false);
  expect(result.error?.message).toMatch(pattern);
}

/** Registers the tool-web tests. */
export function registerWebSuite(): void {
  describe("tool-web: web_fetch", () => {
    it("fetches a page and returns its text without scripts, styles or tags", async () => {
      const { tool } = webTool({
        "https://example.com/": html(
          "<html><head><title>Example</title><style>p{}</style></head><body><script>evil()</script>" +
            "<h1>Hello &amp; welcome</h1><p>First<br>second</p><ul><li>one</li></ul></body></html>",
        ),
      });
      const result = await tool.execute({ url: "https://example.com/" });
      expect(result.success).toBe(true);
      expect(result.output).toMatchObject({
        status: 200,
        final_url: "https://example.com/",
        truncated: false,
        has_more: false,
      });
      const content = (result.output as { content: string }).content;
      expect(content).toBe("Example\nHello & welcome\nFirst\nsecond\n- one");
    });

    it.each([
      ["http://127.0.0.1/", "loopback"],
      ["http://2130706433/", "loopback"],
      ["http://0x7f.1/", "loopback"],
      ["http://0177.0.0.1/", "loopback"],
      ["http://[::1]/", "loopback"],
      ["http://[::ffff:127.0.0.1]/", "IPv4-embedded loopback"],
      ["http://localhost:8080/admin", "loopback name"],
      ["http://169.254.169.254/latest/meta-data/", "link-local"],
      ["http://[fe80::1]/", "link-local"],
      ["http://10.1.2.3/", "private"],
      ["http://172.16.0.1/", "private"],
      ["http://192.168.1.1/", "private"],
      ["http://[fd00::1]/", "unique local"],
      ["http://0.0.0.0/", "this-network"],
      ["http://router.local/", "internal name"],
      ["http://intranet/", "single-label"],
      ["http://[64:ff9b::a00:1]/", "IPv4-embedded private"],
    ])("refuses %s (%s) before any request", async (url, reason) => {
      const { tool, calls } = webTool({});
      const result = await tool.execute({ url });
      expectFailure(result, new RegExp(`refused: .*${reason}`));
      expect(calls).toEqual([]);
    });

    it.each([
      ["ftp://example.com/file", "only http and https"],
      ["file:///etc/passwd", "only http and https"],
      ["javascript:alert(1)", "only http and https"],
      ["not a url", "not a valid absolute URL"],
      ["https://user:secret@example.com/", "credentials"],
    ])("refuses %s", async (url, reason) => {
      const { tool, calls } = webTool({});
      expectFailure(await tool.execute({ url }), new RegExp(reason));
      expect(calls).toEqual([]);
    });

    it("keeps to the allow-list (subdomains included) and honours the block-list", async () => {
      const { tool, calls } = webTool(
        { "https://docs.example.com/a": html("<p>ok</p>") },
        { allowed_domains: ["example.com"], blocked_domains: ["secret.example.com"] },
      );
      expect((await tool.execute({ url: "https://docs.example.com/a" })).success).toBe(true);
      expectFailure(await tool.execute({ url: "https://evil.com/" }), /not on the allow-list \(example.com\)/);
      expectFailure(await tool.execute({ url: "https://secret.example.com/" }), /on the blocked list/);
      expect(calls).toEqual(["https://docs.example.com/a"]);
    });

    it("follows a redirect by hand and re-checks its target", async () => {
      const { tool, calls } = webTool({
        "https://a.example.com/start": redirect("/next", 301),
        "https://a.example.com/next": redirect("https://b.example.com/end", 307),
        "https://b.example.com/end": html("<p>arrived</p>"),
      });
      const result = await tool.execute({ url: "https://a.example.com/start" });
      expect(result.output).toMatchObject({ final_url: "https://b.example.com/end", content: "arrived" });
      expect(calls).toEqual(["https://a.example.com/start", "https://a.example.com/next", "https://b.example.com/end"]);
    });

    it("refuses a redirect to a private address without requesting it", async () => {
      const { tool, calls } = webTool({ "https://example.com/": redirect("http://169.254.169.254/latest/meta-data/") });
      expectFailure(
        await tool.execute({ url: "https://example.com/" }),
        /redirect to http:\/\/169\.254\.169\.254.* refused/,
      );
      expect(calls).toEqual(["https://example.com/"]);
    });

    it("stops after max_redirects", async () => {
      const { tool } = webTool(
        { "https://example.com/1": redirect("/2"), "https://example.com/2": redirect("/1") },
        { max_redirects: 3 },
      );
      expectFailure(await tool.execute({ url: "https://example.com/1" }), /more than 3 redirects/);
    });

    it("reads at most max_bytes and says the page was truncated", async () => {
      const { tool } = webTool(
        {
          "https://example.com/big": () =>
            new Response("a".repeat(5_000), { headers: { "content-type": "text/plain" } }),
        },
        { max_bytes: 1_000 },
      );
      const result = await tool.execute({ url: "https://example.com/big" });
      expect(result.output).toMatchObject({ truncated: true, total_chars: 1_000 });
    });

    it("pages through text with offset and limit", async () => {
      const { tool } = webTool({
        "https://example.com/t": () => new Response("0123456789", { headers: { "content-type": "text/plain" } }),
      });
      const result = await tool.execute({ url: "https://example.com/t", offset: 4, limit: 3 });
      expect(result.output).toMatchObject({ content: "456", offset: 4, total_chars: 10, has_more: true });
    });

    it("gives up after the timeout", async () => {
      const hang: Route = (_url, init) =>
        new Promise((_resolve, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
      const { tool } = webTool({ "https://slow.example.com/": hang }, { timeout: 0.02 });
      expectFailure(await tool.execute({ url: "https://slow.example.com/" }), /timed out after 20 ms/);
    });

    it("stops when the caller's signal aborts", async () => {
      const controller = new AbortController();
      const hang: Route = (_url, init) =>
        new Promise((_resolve, reject) => {
          init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
          controller.abort();
        });
      const { tool } = webTool({ "https://example.com/": hang });
      const result = await tool.execute({ url: "https://example.com/" }, { signal: controller.signal });
      expect(result.error).toMatchObject({ type: "cancelled" });
    });

    it("reports HTTP errors, binary content and network failures as tool errors", async () => {
      const { tool } = webTool({
        "https://example.com/img": () =>
          new Response(new Uint8Array([1, 2]), { headers: { "content-type": "image/png" } }),
        "https://example.com/down": () => {
          throw new TypeError("connection reset");
        },
      });
      expectFailure(await tool.execute({ url: "https://example.com/missing" }), /HTTP 404/);
      expectFailure(await tool.execute({ url: "https://example.com/img" }), /image\/png, not text/);
      expectFailure(await tool.execute({ url: "https://example.com/down" }), /network error: connection reset/);
    });

    it.each([
      [{}, "input.url: required (expected string)"],
      [{ url: 42 }, "input.url: expected string, received number"],
      [{ url: "https://example.com/", offset: -1 }, "input.offset"],
    ])("bad input %j is a readable tool error", async (input, message) => {
      const { tool } = webTool({});
      expectFailure(await tool.execute(input), new RegExp(message.replace(/[()]/g, "\\$&")));
    });

    it("mounts web_fetch with the injected fetch; a bad config names the path", async () => {
      const coordinator = new ModuleCoordinator();
      const { fetch } = fakeFetch({ "https://example.com/": html("<p>hi</p>") });
      await createToolWeb({ fetch }).mount(coordinator, { allowed_domains: ["example.com"] });
      const result = await coordinator.get("tools", "web_fetch")?.execute({ url: "https://example.com/" });
      expect(result).toMatchObject({ success: true, output: { content: "hi" } });
      await expect(createToolWeb().mount(coordinator, { timeout: -1 })).rejects.toMatchObject({
        code: "invalid_config",
        message: expect.stringContaining("config.timeout"),
      });
    });
  });
}
