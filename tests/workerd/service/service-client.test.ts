/**
 * `amplifier-edge/client` against the real Worker and its Durable Object in workerd (its fetch is
 * the Worker's fetch handler): a full turn with an approval, a cancelled turn, a stream cut after
 * its third event and resumed with `Last-Event-ID`, and its failures: a failed turn as the kernel's
 * error, error answers as ApiErrors with the code, status, data and issues the Worker sent. Its
 * clock is injected.
 */
import { createExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { findToolPairingProblems } from "../../../src/testing/index.ts";
import {
  ApiError,
  connectService,
  isEvent,
  KernelError,
  type MountPlanInput,
  type ServiceClient,
  type ServiceEvent,
} from "../../../worker/client/index.ts";
import worker from "../../../worker/cloudflare/index.ts";
import { mockPlan, TOKEN, testEnv } from "./client.ts";
import { askingPlan } from "./fixtures.ts";

/** A request the client made, as the Worker saw it. */
interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
}

/** The Worker's fetch handler as the client's fetch, recording requests; `cut` may cut a response short. */
function workerFetch(cut?: (request: SeenRequest, index: number) => number | undefined) {
  const seen: SeenRequest[] = [];
  const fetcher = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const entry = {
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(request.headers),
    };
    seen.push(entry);
    const response = await worker.fetch(request, testEnv(), createExecutionContext());
    const after = cut?.(entry, seen.length - 1);
    if (after === undefined || response.body === null) return response;
    return new Response(response.body.pipeThrough(cutAfterEvents(after)), { headers: response.headers });
  };
  return { fetch: fetcher as typeof fetch, seen };
}

/** Passes `count` SSE events through, then fails the stream as a dropped connection does. */
function cutAfterEvents(count: number): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffered = "";
  let passed = 0;
  return new TransformStream({
    transform(chunk, controller) {
      buffered += decoder.decode(chunk, { stream: true });
      for (let end = buffered.indexOf("\n\n"); end !== -1; end = buffered.indexOf("\n\n")) {
        const block = buffered.slice(0, end + 2);
        buffered = buffered.slice(end + 2);
        controller.enqueue(encoder.encode(block));
        if (block.includes("\nevent: ") && ++passed === count) {
          controller.error(new TypeError("network connection lost"));
          return;
        }
      }
    },
  });
}

/** The client's clock: records each wait and returns at once. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

function client(fetcher: typeof fetch, sleep = recordingSleep().sleep, maxReconnects?: number): ServiceClient {
  return connectService({
    url: "http://service.test/",
    token: TOKEN,
    fetch: fetcher,
    sleep,
    ...(maxReconnects === undefined ? {} : { maxReconnects }),
  });
}

describe("amplifier-edge/client against the Worker", () => {
  it("drives a turn with an approval, then a turn it cancels, and reads the history, status and deletion", async () => {
    const service = client(workerFetch().fetch);
    const sessionId = await service.createSession(askingPlan() as MountPlanInput);

    const turn = service.prompt(sessionId, "What is 6 * 7?");
    const names: string[] = [];
    for await (const event of turn) {
      names.push(event.name);
      if (isEvent(event, "approval:required")) {
        expect(event.data).toMatchObject({ tool_name: "calculator", tool_call_id: expect.any(String) });
        expect(await service.answerApproval(sessionId, event.data.request_id ?? "", "allow")).toBe("Allow");
      }
    }
    expect(await turn.result).toEqual({ response: "The answer is 42.", cancelled: false });
    expect(names[0]).toBe("turn:start");
    expect(names).toContain("approval:granted");
    expect(turn.turnId).toMatch(/^[0-9a-f]{32}$/);

    const cancelled = service.prompt(sessionId, "What is 2 + 3?");
    for await (const event of cancelled) if (event.name === "approval:required") await service.cancel(sessionId);
    expect(await cancelled.result).toEqual({ response: "Let me calculate 2 + 3.", cancelled: true });

    const messages = await service.messages(sessionId);
    expect(findToolPairingProblems(messages)).toEqual([]);
    expect(messages.filter((message) => message.role === "user")).toHaveLength(2);
    expect(await service.status(sessionId)).toMatchObject({
      message_count: messages.length,
      turns_queued: 0,
      last_event_id: cancelled.lastEventId,
    });
    await service.deleteSession(sessionId);
    await expect(service.messages(sessionId)).rejects.toMatchObject({ status: 404, code: "session_not_found" });
  });

  it("resumes a stream cut after its third event: the same key and Last-Event-ID, every event once and in order", async () => {
    const clock = recordingSleep();
    const { fetch, seen } = workerFetch((request, index) => (index === 1 && request.method === "POST" ? 3 : undefined));
    const service = client(fetch, clock.sleep);
    const sessionId = await service.createSession(askingPlan(0, "allow") as MountPlanInput);

    const turn = service.prompt(sessionId, "What is 6 * 7?", { idempotencyKey: "client-turn-1" });
    const events: ServiceEvent[] = [];
    for await (const event of turn) events.push(event);
    expect(await turn.result).toEqual({ response: "The answer is 42.", cancelled: false });

    const prompts = seen.filter((request) => request.path.endsWith("/prompt"));
    expect(prompts.map((request) => request.headers["idempotency-key"])).toEqual(["client-turn-1", "client-turn-1"]);
    expect(prompts[1]?.headers["last-event-id"]).toBe(String(events[2]?.id));
    expect(clock.waits).toEqual([1000]);

    const log: ServiceEvent[] = [];
    for await (const event of service.events(sessionId)) log.push(event);
    expect(events.map((event) => event.id)).toEqual(log.slice(0, -1).map((event) => event.id));
    expect(events.map((event) => event.name)).toEqual(log.slice(0, -1).map((event) => event.name));
    expect(log.at(-1)?.name).toBe("result");
    expect((await service.messages(sessionId)).filter((message) => message.role === "user")).toHaveLength(1);
  });

  it("gives up after maxReconnects lost connections in a row, and never retries an error answer", async () => {
    const clock = recordingSleep();
    const lost = (async () => {
      throw new TypeError("network down");
    }) as unknown as typeof fetch;
    const turn = client(lost, clock.sleep, 2).prompt("0123456789abcdef0123456789abcdef", "Hello");
    const failure = await turn.result.catch((error: unknown) => error);
    expect(KernelError.is(failure, "execution_failed")).toBe(true);
    expect((failure as Error).message).toContain("after 2 attempts: network down");
    expect(clock.waits).toEqual([1000, 1000]);

    const { fetch, seen } = workerFetch();
    const missing = client(fetch).prompt("0123456789abcdef0123456789abcdef", "Hello");
    const answered = await missing.result.catch((error: unknown) => error);
    expect(answered).toBeInstanceOf(ApiError);
    expect(answered).toMatchObject({ status: 404, code: "session_not_found" });
    expect(seen).toHaveLength(1);
  });

  it("stops reading when its signal aborts, and the turn goes on on the server", async () => {
    const service = client(workerFetch().fetch);
    const sessionId = await service.createSession(askingPlan() as MountPlanInput);
    const controller = new AbortController();
    const turn = service.prompt(sessionId, "What is 6 * 7?", { signal: controller.signal });
    const reading = (async () => {
      for await (const event of turn)
        if (event.name === "approval:required") controller.abort(new Error("page closed"));
    })();
    await expect(reading).rejects.toThrow("page closed");
    expect(await service.status(sessionId)).toMatchObject({ turns_queued: 1, pending_approvals: 1 });

    // Another client joins the turn with its key and sees it to its end.
    const joined = service.prompt(sessionId, "What is 6 * 7?", { idempotencyKey: turn.idempotencyKey });
    for await (const event of joined) {
      if (isEvent(event, "approval:required"))
        await service.answerApproval(sessionId, event.data.request_id ?? "", "Deny");
    }
    expect((await joined.result).response).toContain("denied");
  });

  it("rejects a failed turn's result with its KernelError, code and data kept", async () => {
    const service = client(workerFetch().fetch);
    const sessionId = await service.createSession(
      mockPlan([{ error: { kind: "auth", message: "bad key" } }]) as MountPlanInput,
    );
    const error = await service.prompt(sessionId, "Hello").result.catch((failure: unknown) => failure);
    expect(KernelError.is(error, "provider_failed")).toBe(true);
    expect((error as KernelError).data).toMatchObject({ kind: "auth", provider: "mock" });
  });

  it("throws the Worker's error answers as ApiErrors: code, status, data and issues kept", async () => {
    const service = client(workerFetch().fetch);
    const invalid = await service
      .createSession({ session: { orchestrator: 7 } } as never)
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(ApiError);
    expect(invalid).toMatchObject({ code: "invalid_plan", status: 400 });
    expect((invalid as ApiError).issues?.[0]?.path).toEqual(["plan", "session", "orchestrator"]);
    await expect(service.messages("no-such-session")).rejects.toMatchObject({ code: "session_not_found", status: 404 });
  });

  it("throws an answer that is not the API's (a proxy's 502) as internal, with its status in data", async () => {
    const proxy = (async () => new Response("Bad gateway", { status: 502, statusText: "Bad Gateway" })) as typeof fetch;
    const error = await client(proxy)
      .messages("any")
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: "internal",
      status: 500,
      data: { status: 502 },
      message: "the service answered 502 Bad Gateway",
    });
  });
});
