/**
 * The client's requests: the service's URL and bearer token on each, and error answers turned
 * into the API's own `ApiError` (code, message, data, issues; its status from the code), as the Worker
 * answered it.
 */
import { ApiError, type ApiErrorBody } from "../cloudflare/http-error.ts";

/** Sends requests to the service. */
export class ServiceHttp {
  readonly #base: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;

  constructor(url: string, token: string, fetchImpl: typeof fetch | undefined) {
    this.#base = url.replace(/\/+$/, "");
    this.#token = token;
    this.#fetch = fetchImpl ?? ((input, init) => fetch(input, init));
  }

  /**
   * Sends one request and resolves with its (2xx) response.
   *
   * @throws ApiError with the service's status and code when it answers an error.
   */
  async send(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal | undefined } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.#token}`, ...init.headers };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    const response = await this.#fetch(`${this.#base}${path}`, {
      method,
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      ...(init.signal === undefined ? {} : { signal: init.signal }),
    });
    if (!response.ok) throw await apiErrorOf(response);
    return response;
  }

  /** Sends one request and resolves with its JSON body. */
  async json<T>(method: string, path: string, init: Parameters<ServiceHttp["send"]>[2] = {}): Promise<T> {
    return (await (await this.send(method, path, init)).json()) as T;
  }
}

/** The path of a session's route. */
export function sessionPath(sessionId: string, rest = ""): string {
  return `/v1/sessions/${encodeURIComponent(sessionId)}${rest}`;
}

async function apiErrorOf(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => undefined)) as Partial<ApiErrorBody> | undefined;
  const error = body?.error;
  if (error === undefined) {
    // Not the API's answer (a proxy, a platform error page): its status is all there is to keep.
    return new ApiError("internal", `the service answered ${response.status} ${response.statusText}`, {
      data: { status: response.status },
    });
  }
  return new ApiError(error.code, error.message, { data: error.data, issues: error.issues });
}
