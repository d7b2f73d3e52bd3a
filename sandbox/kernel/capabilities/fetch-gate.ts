/**
 * The guest's `fetch`, performed by the host: https only, to granted hosts only, never to a
 * private, loopback or link-local address (decided without DNS, so `http://2130706433/`,
 * `0x7f.1`, `[::1]` and `[::ffff:127.0.0.1]` are all caught), every redirect checked again,
 * credentials added per host and scrubbed from everything returned, `Set-Cookie` stripped, the
 * response capped in size and time. The host's own fetch is injected (tests route it to 127.0.0.1).
 */
import { describeError, KernelError } from "../../../src/errors.ts";
import { blockedHostReason } from "../../../src/modules/tool-web/address.ts";
import { isHostGranted, portOf } from "./host-pattern.ts";
import type { CredentialGrant } from "./secrets.ts";
import { credentialHeaders, type SecretResolver, scrub } from "./secrets.ts";
import { Denial, deny } from "./violations.ts";

/** The host's fetch (the runtime's, or a test transport). */
export type HostFetch = (url: string, init: RequestInit) => Promise<Response>;

/** What the guest asks for. */
export interface GuestFetchRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

/** What the guest gets back: plain data its `Response` look-alike is built from. */
export interface GuestFetchResponse {
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly redirected: boolean;
}

/** The policy of one module's fetch. */
export interface FetchPolicy {
  readonly hosts: readonly string[];
  readonly secrets: readonly CredentialGrant[];
  readonly resolveSecret: SecretResolver | undefined;
  readonly fetch: HostFetch;
  readonly maxResponseBytes: number;
  readonly timeoutMs: number;
  readonly maxRedirects: number;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** Request headers a guest may not set: the host owns the connection, cookies and proxies. */
export const HOST_OWNED_HEADERS: ReadonlySet<string> = new Set([
  "host",
  "cookie",
  "cookie2",
  "content-length",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "proxy-authorization",
  "proxy-connection",
]);
export const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * Checks a URL against the grant, without DNS.
 *
 * @throws Denial naming the host and why it is refused.
 */
export function checkFetchUrl(raw: string, hosts: readonly string[], action = "fetch"): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return deny(
      { capability: "fetch", action, target: raw.slice(0, 200), reason: "invalid URL" },
      `fetch: "${raw.slice(0, 200)}" is not an absolute URL`,
    );
  }
  const host = url.hostname;
  const refuse = (reason: string, message: string) =>
    deny({ capability: "fetch", action, target: host, reason }, message);
  if (url.protocol !== "https:")
    refuse("not https", `fetch to ${url.protocol}//${host} refused: only https is allowed`);
  if (url.username !== "" || url.password !== "")
    refuse("credentials in URL", `fetch to ${host} refused: URLs with user:password@ are not allowed`);
  const blocked = blockedHostReason(host);
  if (blocked) refuse(blocked, `fetch to ${host} refused: ${blocked}`);
  const port = portOf(url);
  if (!isHostGranted(host, hosts, port)) {
    const where = port === 443 ? host : `${host}:${port}`;
    refuse("host not granted", `${action} to ${where} is not in this module's permissions`);
  }
  return url;
}

/**
 * Performs a guest's fetch under `policy`.
 *
 * @throws Denial (refused by policy), KernelError `invalid_argument` (bad request), `timeout`,
 *   `invalid_config` (a credential the host lacks) or `execution_failed` (network error).
 */
export async function gatedFetch(
  request: GuestFetchRequest,
  policy: FetchPolicy,
  signal?: AbortSignal,
): Promise<GuestFetchResponse> {
  const method = request.method.toUpperCase();
  if (!METHODS.has(method))
    throw new KernelError("invalid_argument", `fetch: method ${request.method} is not supported`);
  if (request.body !== null && (method === "GET" || method === "HEAD")) {
    throw new KernelError("invalid_argument", `fetch: a ${method} request cannot have a body`);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  const onAbort = () => controller.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  const scrubbed: string[] = [];
  try {
    return await follow(request, method, policy, controller.signal, scrubbed);
  } catch (error) {
    if (controller.signal.aborted && !(error instanceof Denial)) {
      const why = signal?.aborted ? "was cancelled" : `took longer than ${policy.timeoutMs} ms`;
      throw new KernelError(
        signal?.aborted ? "cancelled" : "timeout",
        `fetch to ${new URL(request.url).hostname} ${why}`,
      );
    }
    if (error instanceof Denial) throw error.scrubbed((text) => scrub(text, scrubbed));
    if (KernelError.is(error)) {
      error.message = scrub(error.message, scrubbed);
      throw error;
    }
    throw new KernelError("execution_failed", scrub(`fetch failed: ${describeError(error)}`, scrubbed));
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

async function follow(
  request: GuestFetchRequest,
  firstMethod: string,
  policy: FetchPolicy,
  signal: AbortSignal,
  scrubbed: string[],
): Promise<GuestFetchResponse> {
  let url = checkFetchUrl(request.url, policy.hosts);
  let method = firstMethod;
  let body = request.body;
  const guestHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!HOST_OWNED_HEADERS.has(name.toLowerCase())) guestHeaders[name.toLowerCase()] = value;
  }
  for (let hop = 0; ; hop += 1) {
    // Credentials are chosen per hop: a redirect to another host, or another port, never carries them.
    const credentials = await credentialHeaders(url.hostname, portOf(url), policy.secrets, policy.resolveSecret);
    scrubbed.push(...credentials.values);
    const response = await policy.fetch(url.href, {
      method,
      headers: { ...guestHeaders, ...credentials.headers },
      ...(body === null ? {} : { body }),
      redirect: "manual",
      signal,
    });
    // Browsers hide manual redirects (workerd and node do not); such a redirect cannot be checked.
    if ((response.type as string) === "opaqueredirect") {
      deny(
        { capability: "fetch", action: "redirect", target: url.hostname, reason: "redirect target hidden" },
        `fetch to ${url.hostname} answered with a redirect this runtime hides, so it cannot be checked`,
      );
    }
    if (!REDIRECTS.has(response.status)) return readResponse(response, url, hop > 0, policy, scrubbed);
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get("location");
    if (location === null)
      return {
        url: scrub(url.href, scrubbed),
        status: response.status,
        statusText: response.statusText,
        headers: {},
        body: "",
        redirected: hop > 0,
      };
    if (hop >= policy.maxRedirects) {
      deny(
        { capability: "fetch", action: "redirect", target: url.hostname, reason: "too many redirects" },
        `fetch to ${request.url} was redirected more than ${policy.maxRedirects} times`,
      );
    }
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return deny(
        { capability: "fetch", action: "redirect", target: url.hostname, reason: "invalid redirect" },
        `fetch: ${url.hostname} redirected to an invalid URL`,
      );
    }
    url = checkFetchUrl(next.href, policy.hosts, "redirect");
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
      method = "GET";
      body = null;
    }
  }
}

async function readResponse(
  response: Response,
  url: URL,
  redirected: boolean,
  policy: FetchPolicy,
  scrubbed: readonly string[],
): Promise<GuestFetchResponse> {
  const cap = policy.maxResponseBytes;
  const overCap = () =>
    deny(
      { capability: "fetch", action: "read", target: url.hostname, reason: "response over the size cap" },
      `the response from ${url.hostname} is larger than this module's ${cap}-byte cap`,
    );
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > cap) {
    await response.body?.cancel().catch(() => undefined);
    overCap();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > cap) {
        await reader.cancel().catch(() => undefined);
        overCap();
      }
      chunks.push(read.value);
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name === "set-cookie" || name === "set-cookie2") return;
    headers[scrub(name, scrubbed)] = scrub(value, scrubbed);
  });
  return {
    // The final URL too: a granted host may redirect to a path or query that carries the credential.
    url: scrub(url.href, scrubbed),
    status: response.status,
    statusText: scrub(response.statusText, scrubbed),
    headers,
    body: scrub(new TextDecoder().decode(bytes), scrubbed),
    redirected,
  };
}
