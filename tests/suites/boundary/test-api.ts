/**
 * The fake remote API the boundary suite's modules fetch from, written against Request/Response
 * so every runtime serves it: a real HTTP server on 127.0.0.1 in node, in-process in Chromium and
 * workerd. The gate always sees the declared https hosts (`api.test.example`, ...); only the test
 * transport knows where they really are.
 */

/** The credential the host injects; no guest may ever see it. */
export const SECRET = "sk-live-7f3a9c2e-never-show-me";
/** The secret's name in the host's secret store. */
export const SECRET_NAME = "TEST_API_TOKEN";

/** A request as the API received it. */
export interface SeenRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The API's handler and what it saw. */
export interface TestApi {
  readonly seen: SeenRequest[];
  handle(request: Request): Promise<Response>;
  /** Releases every `/hang` request. */
  release(): void;
  /** Resolves once a request for `path` has arrived. */
  arrived(path: string): Promise<void>;
}

/** Creates the fake API. */
export function createTestApi(): TestApi {
  const seen: SeenRequest[] = [];
  const hanging: (() => void)[] = [];
  const waiting: { path: string; resolve: () => void }[] = [];
  return {
    seen,
    arrived(path) {
      if (seen.some((request) => new URL(request.url).pathname === path)) return Promise.resolve();
      return new Promise((resolve) => waiting.push({ path, resolve }));
    },
    release() {
      for (const wake of hanging.splice(0)) wake();
    },
    async handle(request) {
      const url = new URL(request.url);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const body = await request.text();
      seen.push({ url: request.url, method: request.method, headers, body });
      for (const waiter of waiting.filter((candidate) => candidate.path === url.pathname)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
      const authorization = headers.authorization ?? "";
      switch (url.pathname) {
        case "/hello":
          return new Response(JSON.stringify({ greeting: "hi", host: url.hostname }), {
            headers: { "content-type": "application/json", "set-cookie": "session=abc123; HttpOnly", "x-extra": "1" },
          });
        case "/v1/chat": {
          if (authorization !== `Bearer ${SECRET}`) return new Response("missing credential", { status: 401 });
          const prompt = body === "" ? "" : String((JSON.parse(body) as { prompt?: unknown }).prompt ?? "");
          return new Response(JSON.stringify({ text: `answer to ${prompt}`, echo: headers }), {
            headers: { "content-type": "application/json", "x-echo-auth": authorization },
          });
        }
        case "/echo":
          return new Response(JSON.stringify({ headers }), { headers: { "content-type": "application/json" } });
        case "/fail":
          return new Response(`upstream rejected the credential ${authorization}`, {
            status: 500,
            statusText: `bad ${authorization}`,
          });
        case "/redirect":
          return new Response(null, { status: 302, headers: { location: url.searchParams.get("to") ?? "/" } });
        case "/big": {
          const size = Number(url.searchParams.get("bytes") ?? "0");
          const text = "x".repeat(size);
          if (url.searchParams.get("chunked") === "1") {
            const bytes = new TextEncoder().encode(text);
            const stream = new ReadableStream<Uint8Array>({
              start(controller) {
                for (let offset = 0; offset < bytes.byteLength; offset += 1024)
                  controller.enqueue(bytes.slice(offset, offset + 1024));
                controller.close();
              },
            });
            return new Response(stream);
          }
          return new Response(text, { headers: { "content-length": String(size) } });
        }
        case "/hang":
          await new Promise<void>((resolve) => hanging.push(resolve));
          return new Response("released");
        default:
          return new Response("not found", { status: 404 });
      }
    },
  };
}

/**
 * A host fetch that serves the API in this process (Chromium, workerd). Requests to
 * `/transport-error` fail in the transport, with an error that quotes the request headers, the way
 * a careless HTTP client might.
 */
export function inProcessTransport(api: TestApi): (url: string, init: RequestInit) => Promise<Response> {
  return async (url, init) => {
    if (new URL(url).pathname === "/transport-error") throw transportError(init);
    return api.handle(new Request(url, init));
  };
}

/** The error a careless transport throws: it quotes the headers it was sending. */
export function transportError(init: RequestInit): Error {
  return new Error(`connection reset while sending ${JSON.stringify(init.headers ?? {})}`);
}
