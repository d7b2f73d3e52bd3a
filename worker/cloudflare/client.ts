/**
 * A client of the Cloudflare service's HTTP API (`amplifier-edge/cloudflare/client`), for pages,
 * Node and other Workers: Web-standard fetch and streams only, nothing of workerd. A turn's
 * Server-Sent Events reach `onEvent` typed by name (`KernelEventMap`), as hook handlers and the web
 * client see them.
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { KernelError, type KernelErrorData } from "../../src/errors.ts";
import type { EventData } from "../../src/hooks/event-data.ts";
import type { Message } from "../../src/models/message.ts";
import type { MountPlanInput } from "../../src/plan/schema.ts";
import { ApiError, type ApiErrorBody } from "./http-error.ts";

/** Where the service is and how to reach it. */
export interface ServiceClientOptions {
  /** The Worker's origin, e.g. `https://agents.example.workers.dev` or `http://127.0.0.1:8787`. */
  readonly url: string;
  /** The bearer token (`AMPLIFIER_EDGE_TOKEN`). */
  readonly token: string;
  /** Default the global fetch. */
  readonly fetch?: typeof fetch;
}

/** One kernel event of a turn's stream: its name, its data (typed by name) and its position. */
export interface ServiceEvent<E extends string = string> {
  readonly name: E;
  readonly data: EventData<E>;
  /** The stream's event id: its position in the turn, from 1. */
  readonly id: number;
}

/** Options of {@link ServiceClient.prompt}. */
export interface ServicePromptOptions {
  /** Each kernel event of the turn, in order (narrow with `isEvent(event, "tool:pre")`). */
  readonly onEvent?: (event: ServiceEvent) => void;
  /** Stops reading the stream; the turn goes on on the server (`cancel()` stops it). */
  readonly signal?: AbortSignal;
}

/** How a turn ended. */
export interface ServiceTurnResult {
  readonly response: string;
  /** True when the turn was cancelled: `response` is what the orchestrator had. */
  readonly cancelled: boolean;
}

/** The service's API, one method per route. */
export interface ServiceClient {
  /** `POST /v1/sessions`: resolves with the new session's id. */
  createSession(plan: string | MountPlanInput): Promise<string>;
  /**
   * `POST /v1/sessions/:id/prompt`: runs a turn, streaming its events to `onEvent`.
   * @throws KernelError with the turn's code (`provider_failed`, ...) when the turn failed.
   */
  prompt(sessionId: string, prompt: string, options?: ServicePromptOptions): Promise<ServiceTurnResult>;
  /** `GET /v1/sessions/:id/messages`: the stored history. */
  messages(sessionId: string): Promise<Message[]>;
  /** `POST /v1/sessions/:id/approvals/:request_id`: answers an `approval:required` event. */
  answerApproval(sessionId: string, requestId: string, decision: string): Promise<string>;
  /** `POST /v1/sessions/:id/cancel`: cancels the running turn at once. */
  cancel(sessionId: string): Promise<void>;
  /** `DELETE /v1/sessions/:id`: archives and deletes the session. */
  deleteSession(sessionId: string): Promise<void>;
}

/**
 * A client of the service at `options.url`. Every method throws an `ApiError` (the API's `code`,
 * `status`, `data` and `issues`) when the service answers an error.
 *
 * @example
 * const service = connectService({ url: "http://127.0.0.1:8787", token });
 * const sessionId = await service.createSession(planYaml);
 * const { response } = await service.prompt(sessionId, "What is 6 * 7?", {
 *   onEvent: (event) => { if (isEvent(event, "tool:pre")) console.log(event.data.tool_name); },
 * });
 */
export function connectService(options: ServiceClientOptions): ServiceClient {
  const base = options.url.replace(/\/+$/, "");
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const call = async (method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> => {
    const response = await send(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${options.token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal === undefined ? {} : { signal }),
    });
    if (!response.ok) throw await apiErrorOf(response);
    return response;
  };
  const session = (id: string) => `/v1/sessions/${encodeURIComponent(id)}`;
  return {
    async createSession(plan) {
      const created = (await (await call("POST", "/v1/sessions", { plan })).json()) as { session_id: string };
      return created.session_id;
    },
    async prompt(sessionId, prompt, promptOptions = {}) {
      const response = await call("POST", `${session(sessionId)}/prompt`, { prompt }, promptOptions.signal);
      if (response.body === null) throw new KernelError("internal", "the service answered a prompt without a stream");
      return readTurn(response.body, promptOptions.onEvent);
    },
    async messages(sessionId) {
      return ((await (await call("GET", `${session(sessionId)}/messages`)).json()) as { messages: Message[] }).messages;
    },
    async answerApproval(sessionId, requestId, decision) {
      const path = `${session(sessionId)}/approvals/${encodeURIComponent(requestId)}`;
      return ((await (await call("POST", path, { decision })).json()) as { decision: string }).decision;
    },
    async cancel(sessionId) {
      await call("POST", `${session(sessionId)}/cancel`);
    },
    async deleteSession(sessionId) {
      await call("DELETE", session(sessionId));
    },
  };
}

/** Reads a turn's stream to its `result` (or `error`), handing each kernel event to `onEvent`. */
async function readTurn(
  body: ReadableStream<Uint8Array>,
  onEvent: ((event: ServiceEvent) => void) | undefined,
): Promise<ServiceTurnResult> {
  let outcome: ServiceTurnResult | KernelError | undefined;
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      const data = JSON.parse(message.data) as Record<string, unknown>;
      if (message.event === "result") {
        outcome = { response: String(data.response ?? ""), cancelled: data.cancelled === true };
      } else if (message.event === "error") {
        outcome = KernelError.fromData(data as unknown as KernelErrorData);
      } else if (message.event !== undefined) {
        onEvent?.({ name: message.event, data, id: Number(message.id) });
      }
    },
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
    if (outcome !== undefined) break;
  }
  await reader.cancel().catch(() => undefined);
  if (outcome instanceof KernelError) throw outcome;
  if (outcome === undefined) {
    throw new KernelError("execution_failed", "the turn's stream ended without a result (a lost connection or object)");
  }
  return outcome;
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
