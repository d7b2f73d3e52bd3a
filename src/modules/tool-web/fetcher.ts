/**
 * A fetch that only reaches allowed public hosts: every URL (the first and each redirect target)
 * is parsed and checked before any request, redirects are followed by hand, and the body is read
 * up to a size cap under a deadline.
 */

import { describeError } from "../../errors.ts";
import { blockedHostReason, hostMatchesDomain } from "./address.ts";

/** The subset of `fetch` the tool uses (injectable for tests). */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** Where `web_fetch` may go and how much it may take. */
export interface FetchPolicy {
  /** When set, only these domains (and their subdomains) are reachable. */
  readonly allowed_domains?: readonly string[] | undefined;
  readonly blocked_domains: readonly string[];
  readonly max_bytes: number;
  readonly timeout_ms: number;
  readonly max_redirects: number;
  readonly user_agent: string;
}

/** A refused or failed fetch, with a message the model can act on. */
export class FetchRefused extends Error {
  constructor(
    message: string,
    readonly kind: "blocked_url" | "http" | "timeout" | "too_many_redirects" | "network" | "cancelled",
  ) {
    super(message);
    this.name = "FetchRefused";
  }
}

/** What a successful guarded fetch returns. */
export interface FetchedPage {
  readonly final_url: string;
  readonly status: number;
  readonly content_type: string;
  readonly body: Uint8Array;
  /** True when the body was cut at `max_bytes`. */
  readonly truncated: boolean;
  readonly redirects: readonly string[];
}

/**
 * Checks one URL against the policy, without DNS.
 *
 * @throws FetchRefused `blocked_url` saying why (scheme, credentials, private address, list).
 */
export function checkUrl(raw: string, policy: Pick<FetchPolicy, "allowed_domains" | "blocked_domains">): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FetchRefused(`"${raw}" is not a valid absolute URL`, "blocked_url");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new FetchRefused(`only http and https URLs are allowed, not ${url.protocol}`, "blocked_url");
  }
  if (url.username !== "" || url.password !== "") {
    throw new FetchRefused("URLs with credentials (user:password@) are not allowed", "blocked_url");
  }
  const host = url.hostname;
  const reason = blockedHostReason(host);
  if (reason) throw new FetchRefused(`host ${host} is refused: ${reason}`, "blocked_url");
  const bareHost = host.replace(/^\[|\]$/g, "");
  if (policy.blocked_domains.some((domain) => hostMatchesDomain(bareHost, domain))) {
    throw new FetchRefused(`host ${host} is on the blocked list`, "blocked_url");
  }
  if (policy.allowed_domains && !policy.allowed_domains.some((domain) => hostMatchesDomain(bareHost, domain))) {
    throw new FetchRefused(
      `host ${host} is not on the allow-list (${policy.allowed_domains.join(", ") || "empty"})`,
      "blocked_url",
    );
  }
  return url;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Fetches `raw` under `policy`; `signal` cancels it. Never follows a redirect it has not checked. */
export async function guardedFetch(
  fetchFunction: FetchFunction,
  raw: string,
  policy: FetchPolicy,
  signal?: AbortSignal,
): Promise<FetchedPage> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new FetchRefused(`timed out after ${policy.timeout_ms} ms`, "timeout")),
    policy.timeout_ms,
  );
  const onAbort = () => controller.abort(new FetchRefused("the fetch was cancelled", "cancelled"));
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    return await followRedirects(fetchFunction, raw, policy, controller.signal);
  } catch (error) {
    if (controller.signal.aborted && controller.signal.reason instanceof FetchRefused) throw controller.signal.reason;
    if (error instanceof FetchRefused) throw error;
    throw new FetchRefused(`network error: ${describeError(error)}`, "network");
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

async function followRedirects(
  fetchFunction: FetchFunction,
  raw: string,
  policy: FetchPolicy,
  signal: AbortSignal,
): Promise<FetchedPage> {
  const redirects: string[] = [];
  let url = checkUrl(raw, policy);
  for (;;) {
    const response = await fetchFunction(url.href, {
      method: "GET",
      redirect: "manual",
      signal,
      headers: { "user-agent": policy.user_agent, accept: "text/html,text/plain,application/json,*/*;q=0.5" },
    });
    // Browsers hide manual redirects behind an opaque response (Workers types do not know this value).
    if ((response.type as string) === "opaqueredirect") {
      throw new FetchRefused("this runtime hides redirect targets, so the redirect cannot be checked", "http");
    }
    if (!REDIRECT_STATUSES.has(response.status)) {
      const { body, truncated } = await readCapped(response, policy.max_bytes);
      const content_type = response.headers.get("content-type") ?? "";
      return { final_url: url.href, status: response.status, content_type, body, truncated, redirects };
    }
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get("location");
    if (!location) throw new FetchRefused(`HTTP ${response.status} redirect without a Location header`, "http");
    if (redirects.length >= policy.max_redirects) {
      throw new FetchRefused(`more than ${policy.max_redirects} redirects`, "too_many_redirects");
    }
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new FetchRefused(`redirect to an invalid URL "${location}"`, "blocked_url");
    }
    try {
      url = checkUrl(next.href, policy);
    } catch (error) {
      const message = describeError(error);
      throw new FetchRefused(`redirect to ${next.href} refused: ${message}`, "blocked_url");
    }
    redirects.push(url.href);
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<{ body: Uint8Array; truncated: boolean }> {
  if (!response.body) return { body: new Uint8Array(0), truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = maxBytes - size;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, room));
      size += room;
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { body, truncated };
}
