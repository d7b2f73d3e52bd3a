import { describe, expect, it } from "vitest";
import { checkFetchUrl, gatedFetch, type HostFetch } from "../../../sandbox/kernel/capabilities/fetch-gate.ts";
import { REDACTED, scrub } from "../../../sandbox/kernel/capabilities/secrets.ts";
import { Denial } from "../../../sandbox/kernel/capabilities/violations.ts";
import { KernelError } from "../../../src/index.ts";

const HOSTS = ["api.example.com", "*.example.org"];

function denial(action: () => unknown): Denial {
  try {
    action();
  } catch (error) {
    if (error instanceof Denial) return error;
    throw error;
  }
  throw new Error("expected a denial");
}

const policy = (fetch: HostFetch) => ({
  hosts: HOSTS,
  secrets: [{ host: "api.example.com", header: "x-api-key", secret: "KEY" }],
  resolveSecret: (name: string) => (name === "KEY" ? "s3cr3t-value" : undefined),
  fetch,
  maxResponseBytes: 64,
  timeoutMs: 1_000,
  maxRedirects: 2,
});

describe("the fetch gate", () => {
  it("refuses every spelling of a private address without DNS", () => {
    for (const [url, reason] of [
      ["https://2130706433/", "loopback address"],
      ["https://0x7f.1/", "loopback address"],
      ["https://0177.0.0.1/", "loopback address"],
      ["https://127.1/", "loopback address"],
      ["https://[::1]/", "loopback address"],
      ["https://[::ffff:127.0.0.1]/", "IPv4-embedded loopback address"],
      ["https://[::ffff:a9fe:a9fe]/", "IPv4-embedded link-local address (169.254/16, cloud metadata)"],
      ["https://[fe80::1]/", "link-local address (fe80::/10)"],
      ["https://[fd00::1]/", "unique local address (fc00::/7)"],
      ["https://172.16.5.4/", "private address (172.16/12)"],
      ["https://0.0.0.0/", "this-network address"],
      ["https://metadata.google.internal/", "internal name (*.internal)"],
    ] as const) {
      const refused = denial(() => checkFetchUrl(url, HOSTS));
      expect(refused.violation.reason, url).toBe(reason);
      expect(refused.message, url).toMatch(/^capability_denied: fetch to .* refused: /);
    }
  });

  it("grants only listed https hosts", () => {
    expect(checkFetchUrl("https://api.example.com/v1?q=1", HOSTS).pathname).toBe("/v1");
    expect(checkFetchUrl("https://cdn.example.org/x", HOSTS).hostname).toBe("cdn.example.org");
    expect(denial(() => checkFetchUrl("https://example.org/", HOSTS)).message).toBe(
      "capability_denied: fetch to example.org is not in this module's permissions",
    );
    expect(denial(() => checkFetchUrl("ftp://api.example.com/", HOSTS)).violation.reason).toBe("not https");
    expect(denial(() => checkFetchUrl("not a url", HOSTS)).violation.reason).toBe("invalid URL");
  });

  it("adds the credential for its host only, and scrubs it from what comes back", async () => {
    const sent: { url: string; headers: Record<string, string> }[] = [];
    const fetch: HostFetch = async (url, init) => {
      sent.push({ url, headers: init.headers as Record<string, string> });
      if (url.startsWith("https://api.example.com/")) {
        return new Response(null, { status: 307, headers: { location: "https://cdn.example.org/echo" } });
      }
      return new Response(`seen ${JSON.stringify(sent[0]?.headers)}`, { headers: { "set-cookie": "a=b" } });
    };
    const response = await gatedFetch(
      { url: "https://api.example.com/start", method: "GET", headers: { "x-api-key": "mine" }, body: null },
      policy(fetch),
    );
    expect(sent[0]?.headers["x-api-key"]).toBe("s3cr3t-value");
    expect(sent[1]?.headers["x-api-key"]).toBe("mine");
    expect(response).toMatchObject({
      url: "https://cdn.example.org/echo",
      status: 200,
      redirected: true,
      headers: { "content-type": "text/plain;charset=UTF-8" },
    });
    expect(response.body).toBe(`seen {"x-api-key":"${REDACTED}"}`);
    expect(response.headers["set-cookie"]).toBeUndefined();
  });

  it("stops after max redirects, and a timeout is an error, not a denial", async () => {
    const loop: HostFetch = async () =>
      new Response(null, { status: 302, headers: { location: "https://api.example.com/again" } });
    await expect(
      gatedFetch({ url: "https://api.example.com/", method: "GET", headers: {}, body: null }, policy(loop)),
    ).rejects.toThrow(/redirected more than 2 times/);
    const never: HostFetch = (_url, init) =>
      new Promise((_resolve, reject) => init.signal?.addEventListener("abort", () => reject(new Error("aborted"))));
    const error = await gatedFetch(
      { url: "https://cdn.example.org/", method: "GET", headers: {}, body: null },
      { ...policy(never), timeoutMs: 20 },
    ).catch((thrown: unknown) => thrown);
    expect(KernelError.is(error, "timeout")).toBe(true);
    expect((error as Error).message).toBe("fetch to cdn.example.org took longer than 20 ms");
  });

  it("refuses bodies on GET and unknown methods", async () => {
    const fetch: HostFetch = async () => new Response("ok");
    await expect(
      gatedFetch({ url: "https://cdn.example.org/", method: "GET", headers: {}, body: "x" }, policy(fetch)),
    ).rejects.toThrow(/a GET request cannot have a body/);
    await expect(
      gatedFetch({ url: "https://cdn.example.org/", method: "TRACE", headers: {}, body: null }, policy(fetch)),
    ).rejects.toThrow(/method TRACE is not supported/);
  });

  it("scrubs whole header values before bare secrets", () => {
    expect(scrub("a Bearer k-1 b k-1", ["k-1", "Bearer k-1"])).toBe(`a ${REDACTED} b ${REDACTED}`);
  });

  it("scrubs a secret in the forms it comes back in: any case, percent-encoded, hex, base64 inside a longer text", () => {
    const secret = "Tok3n/Secret+Value";
    const encodings = [
      secret.toLowerCase(),
      secret.toUpperCase(),
      encodeURIComponent(secret),
      Buffer.from(secret).toString("hex"),
      Buffer.from(`user:${secret}`).toString("base64"),
      Buffer.from(`ab${secret}!`).toString("base64url"),
    ];
    for (const encoded of encodings) {
      const scrubbed = scrub(`before ${encoded} after`, [secret]);
      expect(scrubbed).toContain(REDACTED);
      expect(scrubbed).not.toContain(encoded);
    }
    expect(scrub("nothing secret here", [secret])).toBe("nothing secret here");
  });

  it("never hands the credential back through the final URL, header names, or a refused redirect's target", async () => {
    const fetch: HostFetch = async (url, init) => {
      const key = (init.headers as Record<string, string>)["x-api-key"] ?? "none";
      if (url === "https://api.example.com/login") {
        return new Response(null, { status: 302, headers: { location: `/welcome?session=${key}` } });
      }
      if (url.startsWith("https://api.example.com/welcome")) {
        return new Response("hi", { headers: { [`x-${key}`]: "name carries it" } });
      }
      return new Response(null, { status: 302, headers: { location: `https://${key}.collector.example.net/` } });
    };
    const response = await gatedFetch(
      { url: "https://api.example.com/login", method: "GET", headers: {}, body: null },
      policy(fetch),
    );
    expect(response.url).toBe(`https://api.example.com/welcome?session=${REDACTED}`);
    expect(JSON.stringify(response.headers)).not.toContain("s3cr3t-value");
    const refused = await gatedFetch(
      { url: "https://api.example.com/exfiltrate", method: "GET", headers: {}, body: null },
      policy(fetch),
    ).catch((thrown: unknown) => thrown);
    expect(refused).toBeInstanceOf(Denial);
    const { violation, message } = refused as Denial;
    expect(`${violation.target} ${violation.reason} ${message}`).not.toContain("s3cr3t-value");
    expect(violation.target).toContain(REDACTED);
  });

  it("binds a credential to its host's port: the same host on another port gets none", async () => {
    const sent: Record<string, string>[] = [];
    const fetch: HostFetch = async (_url, init) => {
      sent.push(init.headers as Record<string, string>);
      return new Response("ok");
    };
    const ports = { ...policy(fetch), hosts: ["api.example.com", "api.example.com:8443"] };
    await gatedFetch({ url: "https://api.example.com/", method: "GET", headers: {}, body: null }, ports);
    await gatedFetch({ url: "https://api.example.com:8443/", method: "GET", headers: {}, body: null }, ports);
    expect(sent[0]?.["x-api-key"]).toBe("s3cr3t-value");
    expect(sent[1]?.["x-api-key"]).toBeUndefined();
    const other = await gatedFetch(
      { url: "https://api.example.com:2375/", method: "GET", headers: {}, body: null },
      policy(fetch),
    ).catch((thrown: unknown) => thrown);
    expect((other as Denial).message).toMatch(/fetch to api\.example\.com:2375 is not in this module's permissions/);
  });
});
