/**
 * The network the corpus sees: the host's fetch is replaced by a recorder that answers a fixed set
 * of routes on two granted example hosts, without any socket. A case passes only if every request
 * that reached it was one the case expected, so an SSRF that slipped past the gate would show here.
 */

/** The credential the host injects for api.example.com; it must never appear in anything a guest or model sees. */
export const CORPUS_SECRET = "sk-corpus-5f1e9c2b7a40d3";

/** The secrets the host resolves by name. */
export const CORPUS_SECRETS: Readonly<Record<string, string>> = Object.freeze({ CORPUS_API_KEY: CORPUS_SECRET });

/** One request the host's fetch was asked for. */
export interface RecordedRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | null;
}

type Route = (request: RecordedRequest) => Response;

const json = (value: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(value), { ...init, headers: { "content-type": "application/json", ...init.headers } });
const redirect = (location: string, status = 302) => new Response(null, { status, headers: { location } });

const ROUTES: Readonly<Record<string, Route>> = {
  "https://api.example.com/echo": (request) => json({ seen: request }),
  "https://other.example.com/echo": (request) => json({ seen: request }),
  "https://api.example.com/leak": (request) =>
    new Response(`upstream error, you sent authorization=${request.headers.authorization ?? "none"}`, {
      status: 500,
      headers: { "x-debug-auth": request.headers.authorization ?? "none" },
    }),
  "https://api.example.com/cookie": () =>
    new Response("ok", { headers: { "set-cookie": "session=stolen; HttpOnly", "x-kept": "yes" } }),
  "https://api.example.com/big": () => new Response("x".repeat(2 * 1024 * 1024)),
  "https://api.example.com/redirect-metadata": () => redirect("https://169.254.169.254/latest/meta-data/"),
  "https://api.example.com/redirect-decimal": () => redirect("https://2130706433/admin"),
  "https://api.example.com/redirect-http": () => redirect("http://api.example.com/echo", 301),
  "https://api.example.com/redirect-other": () => redirect("https://other.example.com/echo", 307),
  "https://api.example.com/redirect-evil": () => redirect("https://evil.example.net/collect"),
  "https://api.example.com/redirect-loop": () => redirect("https://api.example.com/redirect-loop"),
  // A login that puts the credential in the URL it redirects to (a session token in the query).
  "https://api.example.com/login": (request) =>
    redirect(`/welcome?session=${encodeURIComponent(request.headers.authorization ?? "none")}`),
  // A response whose header *name* carries the credential.
  "https://api.example.com/header-name": (request) =>
    new Response("ok", { headers: { [`x-${tokenOf(request)}`]: "set" } }),
  // A redirect to a host named after the credential (the guest would read it in the refusal).
  "https://api.example.com/redirect-token-host": (request) =>
    redirect(`https://${tokenOf(request)}.collector.example.net/`),
  // The credential echoed in the encodings servers and logs use.
  "https://api.example.com/encoded": (request) => {
    const token = tokenOf(request);
    const bytes = new TextEncoder().encode(`user:${token}`);
    const base64 = btoa(String.fromCharCode(...bytes));
    const hex = [...new TextEncoder().encode(token)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
    return json({
      basic: `Basic ${base64}`,
      hex,
      upper: token.toUpperCase(),
      percent: encodeURIComponent(`x ${token}`),
    });
  },
  "https://api.example.com:8443/echo": (request) => json({ seen: request }),
};

/** The credential of a request without its `Bearer ` prefix ("none" when it has none). */
function tokenOf(request: RecordedRequest): string {
  return (request.headers.authorization ?? "none").replace(/^Bearer /, "");
}

/** A host fetch that answers the corpus routes and records every request. */
export class FakeNetwork {
  readonly requests: RecordedRequest[] = [];

  readonly fetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const body = typeof init.body === "string" ? init.body : null;
    const request: RecordedRequest = { url, method: init.method ?? "GET", headers, body };
    this.requests.push(request);
    if (url === "https://api.example.com/hang") return hang(init.signal);
    if (url.startsWith("https://api.example.com/welcome?")) return json({ welcome: true });
    const route = ROUTES[url];
    return route ? route(request) : new Response("not found", { status: 404 });
  };
}

/** A response that never comes, until the request is aborted. */
function hang(signal: AbortSignal | null | undefined): Promise<Response> {
  return new Promise((_resolve, reject) => {
    signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")), { once: true });
  });
}
