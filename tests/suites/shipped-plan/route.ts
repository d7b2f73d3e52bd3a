/**
 * The test transport behind each runtime's injected fetch: a request the capability gate let
 * through to `https://api.parity.test/...` goes to the loopback API at `origin` instead, naming the
 * declared host in `x-declared-host`. Web-standard only: node, Chromium and workerd all use it.
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** The loopback API's origin, `http://127.0.0.1:<port>` (api-setup.ts). */
    shippedPlanApi: string;
  }
}

/** A host fetch that sends every request to the loopback API at `origin` (`http://127.0.0.1:port`). */
export function loopbackFetch(origin: string): (url: string, init: RequestInit) => Promise<Response> {
  return (url, init) => {
    const declared = new URL(url);
    const headers = new Headers(init.headers);
    headers.set("x-declared-host", declared.host);
    return fetch(`${origin}${declared.pathname}${declared.search}`, { ...init, headers });
  };
}

/** What the API recorded for one run: each request it served (the credential only as a verdict). */
export interface SeenRequest {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly authorization: "the injected secret" | "missing" | "something else";
  readonly body: unknown;
}

/** The requests the loopback API at `origin` served for `run`. */
export async function seenBy(origin: string, run: string): Promise<SeenRequest[]> {
  const response = await fetch(`${origin}/__seen?run=${encodeURIComponent(run)}`);
  return (await response.json()) as SeenRequest[];
}
