/**
 * The granted fetch (what tool-mcp's connections go through): the fetch gate's rules with a
 * streaming response. The host fetch is a fake that records what it was sent and answers as told.
 */
import { describe, expect, it } from "vitest";
import {
  createGrantedFetch,
  type GrantedFetchOptions,
  resolveNetworkGrant,
} from "../../../sandbox/kernel/capabilities/granted-fetch.ts";
import type { Denial } from "../../../sandbox/kernel/capabilities/violations.ts";
import { KernelError } from "../../../src/errors.ts";

const SECRET = "sk-live-abcdef0123456789";

type Answer = (url: URL, init: RequestInit) => Response | Promise<Response>;

function gated(answer: Answer, overrides: Partial<GrantedFetchOptions> = {}) {
  const sent: { url: string; headers: Headers }[] = [];
  const denials: Denial[] = [];
  const fetch = createGrantedFetch({
    grant: resolveNetworkGrant(
      {
        fetch: ["mcp.example.com", "auth.example.com:8443"],
        secrets: [{ host: "mcp.example.com", header: "authorization", secret: "KEY", format: "Bearer {secret}" }],
      },
      "config.servers[0].permissions",
    ),
    resolveSecret: (name) => (name === "KEY" ? SECRET : undefined),
    fetch: async (url, init) => {
      sent.push({ url, headers: new Headers(init.headers) });
      return answer(new URL(url), init);
    },
    onDenied: (denial) => {
      denials.push(denial);
      return new KernelError("capability_denied", denial.message);
    },
    ...overrides,
  });
  return { fetch, sent, denials };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: Error) => error,
  );
}

describe("granted fetch", () => {
  it("refuses plain http, private addresses and hosts or ports the grant does not name, and reports each", async () => {
    const { fetch, sent, denials } = gated(() => new Response("no"));
    for (const url of [
      "http://mcp.example.com/mcp",
      "https://127.0.0.1/mcp",
      "https://[::1]/mcp",
      "https://2130706433/mcp",
      "https://other.example.com/mcp",
      "https://mcp.example.com:8443/mcp",
    ]) {
      const error = await rejection(fetch(url));
      expect(KernelError.is(error, "capability_denied"), url).toBe(true);
    }
    expect(sent).toEqual([]);
    expect(denials.map((denial) => denial.violation.reason)).toEqual([
      "not https",
      expect.stringMatching(/loopback|private/),
      expect.stringMatching(/loopback|private/),
      expect.stringMatching(/loopback|private/),
      "host not granted",
      "host not granted",
    ]);
  });

  it("adds the credential for its own host and port only, never for a redirect elsewhere", async () => {
    const { fetch, sent } = gated((url) =>
      url.hostname === "mcp.example.com"
        ? new Response(null, { status: 307, headers: { location: "https://auth.example.com:8443/next" } })
        : Response.json({ ok: true }),
    );
    const response = await fetch("https://mcp.example.com/mcp", { method: "POST", body: "{}" });
    expect(await response.json()).toEqual({ ok: true });
    expect(sent.map((request) => [request.url, request.headers.get("authorization")])).toEqual([
      ["https://mcp.example.com/mcp", `Bearer ${SECRET}`],
      ["https://auth.example.com:8443/next", null],
    ]);
  });

  it("checks a redirect's target again, and leaves a manual redirect to the caller", async () => {
    const { fetch, denials } = gated(
      () => new Response(null, { status: 302, headers: { location: "https://evil.example.net/steal" } }),
    );
    const error = await rejection(fetch("https://mcp.example.com/mcp"));
    expect(error.message).toContain("evil.example.net");
    expect(denials[0]?.violation).toMatchObject({ action: "redirect", reason: "host not granted" });
    const manual = await fetch("https://mcp.example.com/mcp", { redirect: "manual" });
    expect(manual.status).toBe(302);
    expect(manual.headers.get("location")).toBe("https://evil.example.net/steal");
  });

  it("scrubs the credential from headers, bodies and every event of a stream, in its encodings, and drops Set-Cookie", async () => {
    const encoder = new TextEncoder();
    const event = `event: message\ndata: {"echo":"Bearer ${SECRET}","b64":"${btoa(SECRET)}"}\n\n`;
    const { fetch } = gated((url) => {
      if (url.pathname === "/json") {
        return new Response(JSON.stringify({ seen: SECRET }), {
          headers: { "content-type": "application/json", "x-echo": SECRET, "set-cookie": "id=1" },
        });
      }
      // The event arrives in pieces that cut the secret in two.
      const cut = event.indexOf(SECRET) + 5;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode(event.slice(0, cut)));
          controller.enqueue(encoder.encode(event.slice(cut)));
          controller.close();
        },
      });
      return new Response(stream, { headers: { "content-type": "text/event-stream" } });
    });
    const json = await fetch("https://mcp.example.com/json");
    expect(json.headers.get("x-echo")).toBe("[redacted]");
    expect(json.headers.get("set-cookie")).toBeNull();
    expect(await json.text()).toBe('{"seen":"[redacted]"}');
    const stream = await (await fetch("https://mcp.example.com/events")).text();
    expect(stream).toBe('event: message\ndata: {"echo":"[redacted]","b64":"[redacted]"}\n\n');
    expect(stream).not.toContain(SECRET.slice(0, 10));
  });

  it("caps a body, and each event of a stream, so a server cannot make the host buffer without end", async () => {
    const big = "x".repeat(2048);
    const { fetch } = gated(
      (url) =>
        new Response(url.pathname === "/events" ? `data: ${big}\n\n` : big, {
          headers: { "content-type": url.pathname === "/events" ? "text/event-stream" : "application/json" },
        }),
      { maxMessageBytes: 1024 },
    );
    expect((await rejection(fetch("https://mcp.example.com/json"))).message).toContain("1024-byte cap");
    const events = await fetch("https://mcp.example.com/events");
    expect((await rejection(events.text())).message).toContain("1024-byte cap");
  });

  it("gives the caller its own abort reason back, and times out a server that never answers", async () => {
    // Like a real fetch: it settles only when its signal aborts (at once if it already has).
    const never: Answer = (_url, init) =>
      new Promise<Response>((_resolve, reject) => {
        const signal = init.signal;
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener("abort", () => reject(signal.reason));
      });
    const caller = new AbortController();
    const { fetch } = gated(never);
    const pending = fetch("https://mcp.example.com/mcp", { signal: caller.signal });
    const reason = new Error("the user pressed stop");
    caller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
    const slow = gated(never, { timeoutMs: 5 }).fetch;
    const timedOut = await rejection(slow("https://mcp.example.com/mcp"));
    expect(KernelError.is(timedOut, "timeout")).toBe(true);
    expect(timedOut.message).toContain("mcp.example.com");
  });

  it("names the grant entry that is wrong", () => {
    expect(() => resolveNetworkGrant({ fetch: ["https://x.example.com/"] }, "config.servers[1].permissions")).toThrow(
      /config\.servers\[1\]\.permissions\.fetch\[0\]/,
    );
    expect(() =>
      resolveNetworkGrant(
        { fetch: ["a.example.com"], secrets: [{ host: "b.example.com", header: "authorization", secret: "K" }] },
        "config.servers[0].permissions",
      ),
    ).toThrow(/config\.servers\[0\]\.permissions\.secrets\[0\]\.host/);
  });
});
