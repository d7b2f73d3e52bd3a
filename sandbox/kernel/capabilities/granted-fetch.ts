/**
 * A Web `fetch` under a plan's network grant, for a client the kernel runs on a third party's
 * behalf (the MCP client of `tool-mcp`): the same rules as a sandboxed module's fetch (https to
 * granted hosts and ports only, private addresses refused, every redirect checked again,
 * credentials added by the host per host and port, scrubbed from everything that comes back,
 * `Set-Cookie` dropped), but the response streams: an event stream is scrubbed event by event, so
 * a long-lived MCP stream works, and each event (or a whole non-stream body) is capped in size.
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { describeError, KernelError } from "../../../src/errors.ts";
import type { McpNetwork } from "../../../src/modules/tool-mcp/host-seam.ts";
import { checkFetchUrl, HOST_OWNED_HEADERS, type HostFetch, REDIRECTS } from "./fetch-gate.ts";
import { isHostGranted, parseHostPattern, portOf, splitHostPort } from "./host-pattern.ts";
import { type CredentialGrant, credentialHeaders, type SecretResolver, scrub } from "./secrets.ts";
import { Denial, deny, reportDenial } from "./violations.ts";

/** Hosts and credentials a plan grants a client, as written (`host` or `host:port`; `{ host, header, secret, format? }`). */
export interface NetworkGrantInput {
  readonly fetch?: readonly string[] | undefined;
  readonly secrets?: readonly CredentialGrant[] | undefined;
}

/** A network grant, checked and normalized. */
export interface NetworkGrant {
  readonly fetch: readonly string[];
  readonly secrets: readonly CredentialGrant[];
}

/** Options of {@link createGrantedFetch}. */
export interface GrantedFetchOptions {
  readonly grant: NetworkGrant;
  readonly resolveSecret: SecretResolver | undefined;
  /** The host's fetch (default the runtime's); tests route it to 127.0.0.1. */
  readonly fetch?: HostFetch | undefined;
  /** Time until the response headers arrive (default 30 s); a stream may then stay open. */
  readonly timeoutMs?: number | undefined;
  /** Redirects followed when the caller lets fetch follow them (default 5). */
  readonly maxRedirects?: number | undefined;
  /** Largest body, or event of an event stream, in bytes (default 4 MiB). */
  readonly maxMessageBytes?: number | undefined;
  /** Told of every refusal (to report `policy:violation`); its answer is what the caller throws. */
  readonly onDenied?: ((denial: Denial) => Error | Promise<Error>) | undefined;
}

/** The fetch a granted client gets. */
export type GrantedFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * Checks a grant: host patterns as `permissions.fetch` takes them, each credential bound to one
 * exact host (and port) the grant names, so it can go nowhere else.
 *
 * @throws KernelError `invalid_config` naming the entry (`${where}.fetch[1]`, `${where}.secrets[0].host`).
 */
export function resolveNetworkGrant(input: NetworkGrantInput, where: string): NetworkGrant {
  const fetch = (input.fetch ?? []).map((entry, index) => parseHostPattern(entry, `${where}.fetch[${index}]`));
  const secrets = (input.secrets ?? []).map((secret, index) => {
    const bound = splitHostPort(secret.host.trim());
    if (!bound || secret.host.includes("*") || !isHostGranted(bound.host, fetch, bound.port)) {
      throw new KernelError(
        "invalid_config",
        `${where}.secrets[${index}].host: "${secret.host}" must be one exact host (and port, 443 unless it says) that ${where}.fetch grants, so the credential can go nowhere else`,
      );
    }
    if (secret.format !== undefined && !secret.format.includes("{secret}")) {
      throw new KernelError(
        "invalid_config",
        `${where}.secrets[${index}].format: must contain "{secret}" where the value goes`,
      );
    }
    return { ...secret, host: bound.port === 443 ? bound.host : `${bound.host}:${bound.port}` };
  });
  return Object.freeze({ fetch, secrets });
}

/** What a host lends granted clients: its fetch and its secrets. */
export interface GrantedNetworkHost {
  /** The host's fetch (default the runtime's); tests route it to 127.0.0.1. */
  readonly fetch?: HostFetch | undefined;
  /** Resolves the credentials a grant names (the session's env map). */
  readonly secrets?: SecretResolver | undefined;
}

/**
 * The network of `tool-mcp` under the sandbox's fetch rules: each server's connection gets a
 * fetch built from its grant, and every refusal is reported as `policy:violation` for `tool-mcp`.
 *
 * @throws KernelError `invalid_config` (when a server connects) naming the bad grant entry.
 * @example
 * createToolMcp({ network: mcpNetwork({ secrets: (name) => env[name] }), runtime: "the browser" });
 */
export function mcpNetwork(host: GrantedNetworkHost): McpNetwork {
  return ({ grant, where, coordinator, moduleId }) =>
    createGrantedFetch({
      grant: resolveNetworkGrant(grant, where),
      resolveSecret: host.secrets,
      fetch: host.fetch,
      onDenied: (denial) => reportDenial(coordinator, moduleId, denial),
    });
}

/**
 * Builds a fetch that obeys `grant`.
 *
 * @example
 * const fetch = createGrantedFetch({ grant: resolveNetworkGrant({ fetch: ["mcp.example.com"] }, "servers[0]"), resolveSecret });
 */
export function createGrantedFetch(options: GrantedFetchOptions): GrantedFetch {
  return async (input, init = {}) => {
    const scrubbed: string[] = [];
    try {
      return await grantedRequest(String(input), init, options, scrubbed);
    } catch (error) {
      if (error instanceof Denial) {
        const denial = error.scrubbed((text) => scrub(text, scrubbed));
        throw options.onDenied ? await options.onDenied(denial) : denial;
      }
      // The caller's own abort is the caller's to recognise: it gets its own reason back.
      if (init.signal?.aborted) throw error;
      if (KernelError.is(error)) {
        error.message = scrub(error.message, scrubbed);
        throw error;
      }
      throw new KernelError("execution_failed", scrub(`fetch failed: ${describeError(error)}`, scrubbed));
    }
  };
}

async function grantedRequest(
  raw: string,
  init: RequestInit,
  options: GrantedFetchOptions,
  scrubbed: string[],
): Promise<Response> {
  const { grant } = options;
  let url = checkFetchUrl(raw, grant.fetch);
  let method = (init.method ?? "GET").toUpperCase();
  let body = init.body ?? null;
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => {
    if (!HOST_OWNED_HEADERS.has(name)) headers[name] = value;
  });
  const hostFetch = options.fetch ?? ((target: string, request: RequestInit) => fetch(target, request));
  const follow = init.redirect === undefined || init.redirect === "follow";
  const maxRedirects = options.maxRedirects ?? 5;
  const timeout = new AbortController();
  const timer = setTimeout(
    () =>
      timeout.abort(
        new KernelError("timeout", `fetch to ${url.host} took longer than ${options.timeoutMs ?? 30_000} ms to answer`),
      ),
    options.timeoutMs ?? 30_000,
  );
  const signal = init.signal ? AbortSignal.any([init.signal, timeout.signal]) : timeout.signal;
  try {
    for (let hop = 0; ; hop += 1) {
      // Credentials are chosen per hop: a redirect to another host or port never carries them.
      const credentials = await credentialHeaders(url.hostname, portOf(url), grant.secrets, options.resolveSecret);
      scrubbed.push(...credentials.values);
      const response = await hostFetch(url.href, {
        method,
        headers: { ...headers, ...credentials.headers },
        ...(body === null ? {} : { body }),
        redirect: "manual",
        signal,
      }).catch((error: unknown) => {
        throw timeout.signal.aborted && !init.signal?.aborted ? timeout.signal.reason : error;
      });
      if (!follow) return scrubbedResponse(response, url, options, scrubbed);
      // Browsers hide manual redirects (workerd and node do not); such a redirect cannot be checked.
      if ((response.type as string) === "opaqueredirect") {
        deny(
          { capability: "fetch", action: "redirect", target: url.hostname, reason: "redirect target hidden" },
          `fetch to ${url.hostname} answered with a redirect this runtime hides, so it cannot be checked`,
        );
      }
      const location = REDIRECTS.has(response.status) ? response.headers.get("location") : null;
      if (location === null) return scrubbedResponse(response, url, options, scrubbed);
      await response.body?.cancel().catch(() => undefined);
      if (init.redirect === "error") throw new TypeError(`fetch to ${url.host} was redirected (redirect: "error")`);
      if (hop >= maxRedirects) {
        deny(
          { capability: "fetch", action: "redirect", target: url.hostname, reason: "too many redirects" },
          `fetch to ${raw} was redirected more than ${maxRedirects} times`,
        );
      }
      url = checkFetchUrl(new URL(location, url).href, grant.fetch, "redirect");
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
        method = "GET";
        body = null;
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

async function scrubbedResponse(
  response: Response,
  url: URL,
  options: GrantedFetchOptions,
  scrubbed: readonly string[],
): Promise<Response> {
  const headers = new Headers();
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie" && name !== "set-cookie2") headers.set(scrub(name, scrubbed), scrub(value, scrubbed));
  });
  const init = { status: response.status, statusText: scrub(response.statusText, scrubbed), headers };
  if ((response.type as string) === "opaqueredirect") return response;
  const cap = options.maxMessageBytes ?? 4 * 1024 * 1024;
  if (response.body === null || NULL_BODY_STATUSES.has(response.status)) {
    await response.body?.cancel().catch(() => undefined);
    return new Response(null, init);
  }
  const type = headers.get("content-type") ?? "";
  if (/^\s*text\/event-stream/i.test(type)) {
    // The length of a stream is not its own: it changes as events are rewritten.
    headers.delete("content-length");
    return new Response(scrubbedEvents(response.body, url, cap, scrubbed), init);
  }
  const text = await readCapped(response.body, url, cap);
  headers.delete("content-length");
  return new Response(scrub(text, scrubbed), init);
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function overCap(url: URL, cap: number, what: string): never {
  return deny(
    { capability: "fetch", action: "read", target: url.hostname, reason: "response over the size cap" },
    `${what} from ${url.hostname} is larger than the ${cap}-byte cap`,
  );
}

async function readCapped(body: ReadableStream<Uint8Array>, url: URL, cap: number): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => undefined);
      overCap(url, cap, "the response");
    }
    text += decoder.decode(read.value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * Re-writes an event stream event by event, each scrubbed; an event larger than `cap` ends the
 * stream with an error. It pulls from the source as it is read (no pipe whose failure nobody reads).
 */
function scrubbedEvents(
  source: ReadableStream<Uint8Array>,
  url: URL,
  cap: number,
  scrubbed: readonly string[],
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let out: string[] = [];
  let pending = 0;
  const parser = createParser({
    onEvent: (message) => {
      pending = 0;
      out.push(serializeEvent(message, scrubbed));
    },
    onRetry: (milliseconds) => out.push(`retry: ${milliseconds}\n\n`),
  });
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Read until at least one whole event is ready, so every chunk handed on is scrubbed text.
      while (out.length === 0) {
        const read = await reader.read();
        if (read.done) {
          parser.feed(decoder.decode());
          if (out.length > 0) controller.enqueue(encoder.encode(out.join("")));
          controller.close();
          return;
        }
        pending += read.value.byteLength;
        if (pending > cap) {
          await reader.cancel().catch(() => undefined);
          overCap(url, cap, "an event");
        }
        parser.feed(decoder.decode(read.value, { stream: true }));
      }
      const ready = out.join("");
      out = [];
      controller.enqueue(encoder.encode(ready));
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function serializeEvent(message: EventSourceMessage, scrubbed: readonly string[]): string {
  let text = "";
  if (message.event !== undefined) text += `event: ${scrub(message.event, scrubbed)}\n`;
  if (message.id !== undefined) text += `id: ${scrub(message.id, scrubbed)}\n`;
  for (const line of scrub(message.data, scrubbed).split("\n")) text += `data: ${line}\n`;
  return `${text}\n`;
}
