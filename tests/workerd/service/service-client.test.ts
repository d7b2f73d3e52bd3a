/**
 * `amplifier-edge/cloudflare/client` against the service itself in workerd: a turn's events typed by
 * name, a failed turn as the kernel's error, and error answers as ApiErrors with the code, status,
 * data and issues the Worker sent.
 */
import { createExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import { isEvent } from "../../../src/hooks/event-data.ts";
import type { MountPlanInput } from "../../../src/plan/schema.ts";
import { connectService } from "../../../worker/cloudflare/client.ts";
import { ApiError } from "../../../worker/cloudflare/http-error.ts";
import worker from "../../../worker/cloudflare/index.ts";
import { mockPlan, TOKEN, testEnv } from "./client.ts";

/** The client, reaching the default Worker's fetch handler as it would over the network. */
function client(
  send: typeof fetch = (input, init) => worker.fetch(new Request(input, init), testEnv(), createExecutionContext()),
) {
  return connectService({ url: "http://service.test/", token: TOKEN, fetch: send });
}

/** What `work` rejected with. */
async function rejection(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => expect.unreachable("it resolved"),
    (error: unknown) => error,
  );
}

describe("the service's client", () => {
  it("runs a turn, handing each event to onEvent typed by name, and reads the stored history", async () => {
    const service = client();
    const sessionId = await service.createSession(mockPlan() as MountPlanInput);
    const calls: string[] = [];
    const turn = await service.prompt(sessionId, "What is 6 * 7?", {
      onEvent: (event) => {
        if (isEvent(event, "tool:post")) calls.push(`${event.data.tool_name} ${String(event.data.result.output)}`);
      },
    });
    expect(turn).toEqual({ response: "The answer is 42.", cancelled: false });
    expect(calls).toEqual(["calculator 42"]);
    expect((await service.messages(sessionId)).map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "assistant",
    ]);
  });

  it("throws a failed turn's KernelError with its code and data", async () => {
    const service = client();
    const sessionId = await service.createSession(
      mockPlan([{ error: { kind: "auth", message: "bad key" } }]) as MountPlanInput,
    );
    const error = await rejection(service.prompt(sessionId, "Hello"));
    expect(KernelError.is(error, "provider_failed")).toBe(true);
    expect((error as KernelError).data).toMatchObject({ kind: "auth", provider: "mock" });
  });

  it("throws the Worker's error answers as ApiErrors: code, status, data and issues kept", async () => {
    const service = client();
    const invalid = await rejection(service.createSession({ session: { orchestrator: 7 } } as never));
    expect(invalid).toBeInstanceOf(ApiError);
    expect(invalid).toMatchObject({ code: "invalid_plan", status: 400 });
    expect((invalid as ApiError).issues?.[0]?.path).toEqual(["plan", "session", "orchestrator"]);
    const missing = await rejection(service.messages("no-such-session"));
    expect(missing).toMatchObject({ code: "session_not_found", status: 404 });
  });

  it("throws an answer that is not the API's (a proxy's 502) as internal, with its status in data", async () => {
    const service = client(async () => new Response("Bad gateway", { status: 502, statusText: "Bad Gateway" }));
    const error = await rejection(service.messages("any"));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: "internal",
      status: 500,
      data: { status: 502 },
      message: "the service answered 502 Bad Gateway",
    });
  });
});
