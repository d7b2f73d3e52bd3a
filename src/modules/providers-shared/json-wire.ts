/**
 * The two calls every JSON-over-HTTP provider makes the same way: POST the prepared body and read
 * one JSON answer, or POST it with streaming on and read Server-Sent Events. Each provider brings
 * its endpoint, its error mapping and its two translations.
 */

import type { KernelError } from "../../errors.ts";
import type { ChatResponse, StreamEvent } from "../../models/index.ts";
import { llmError } from "../../models/llm-error.ts";
import type { AttemptContext, WireAdapter } from "./call-runner.ts";
import { expectEventStream } from "./content-type.ts";
import type { FetchFunction, HttpFailure } from "./http.ts";
import { postJson, readJson, requestIdOf } from "./http.ts";
import { type EventSourceMessage, readServerSentEvents, type SseContext } from "./sse.ts";

/** What a provider's wire format brings to {@link jsonWireCalls}. */
export interface JsonWire<Prepared extends { readonly body: Record<string, unknown> }> {
  readonly name: string;
  readonly fetch: FetchFunction;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly now?: (() => number) | undefined;
  /** Maps a non-2xx answer to the LLM error taxonomy. */
  readonly describeFailure: (failure: HttpFailure, context: { provider: string; model: string }) => KernelError;
  readonly fromResponse: (json: unknown, prepared: Prepared, name: string) => ChatResponse;
  /** The fields that turn the body into a streaming request. */
  readonly streamFields: (prepared: Prepared) => Record<string, unknown>;
  readonly translateStream: (
    events: AsyncIterable<EventSourceMessage>,
    prepared: Prepared,
    context: SseContext,
  ) => AsyncIterable<StreamEvent>;
  /** The API's token counter, when it has one: its URL and the fields of the body it takes. It answers `{input_tokens}`. */
  readonly count?: { readonly url: string; readonly body: (prepared: Prepared) => Record<string, unknown> } | undefined;
}

/** `complete`, `openStream` and (when the API can count) `countTokens` of a {@link WireAdapter} for a JSON-over-HTTP API. */
export function jsonWireCalls<Prepared extends { readonly body: Record<string, unknown> }>(
  wire: JsonWire<Prepared>,
): Pick<WireAdapter<Prepared>, "complete" | "openStream" | "countTokens"> {
  const { name } = wire;
  const post = (body: unknown, attempt: AttemptContext, url = wire.url) =>
    postJson({
      fetch: wire.fetch,
      url,
      headers: wire.headers,
      body,
      signal: attempt.signal,
      provider: name,
      model: attempt.model,
      describeFailure: (failure) => wire.describeFailure(failure, { provider: name, model: attempt.model }),
      now: wire.now,
    });
  return {
    async complete(prepared, attempt) {
      await attempt.raw("request", prepared.body);
      const response = await post(prepared.body, attempt);
      const json = await readJson(response, answer(wire.url, attempt));
      await attempt.raw("response", json);
      return wire.fromResponse(json, prepared, name);
    },
    async openStream(prepared, attempt) {
      const body = { ...prepared.body, ...wire.streamFields(prepared) };
      await attempt.raw("request", body);
      const response = await post(body, attempt);
      const request_id = requestIdOf(response.headers);
      const context = {
        provider: name,
        model: attempt.model,
        signal: attempt.signal,
        ...(request_id === undefined ? {} : { request_id }),
      };
      await expectEventStream(response, { ...context, url: wire.url });
      if (!response.body) throw llmError("stream", `${name}: the streaming response has no body`, { provider: name });
      return wire.translateStream(readServerSentEvents(response.body, context), prepared, context);
    },
    ...(wire.count === undefined ? {} : { countTokens: countCall(wire, wire.count, post) }),
  };

  function answer(url: string, attempt: AttemptContext) {
    return { provider: name, model: attempt.model, signal: attempt.signal, url };
  }
}

function countCall<Prepared extends { readonly body: Record<string, unknown> }>(
  wire: JsonWire<Prepared>,
  count: NonNullable<JsonWire<Prepared>["count"]>,
  post: (body: unknown, attempt: AttemptContext, url: string) => Promise<Response>,
) {
  return async (prepared: Prepared, attempt: AttemptContext): Promise<number> => {
    const response = await post(count.body(prepared), attempt, count.url);
    const json = await readJson(response, {
      provider: wire.name,
      model: attempt.model,
      signal: attempt.signal,
      url: count.url,
    });
    const tokens = (json as { input_tokens?: unknown } | null)?.input_tokens;
    if (typeof tokens === "number" && Number.isInteger(tokens) && tokens >= 0) return tokens;
    throw llmError(
      "stream",
      `${wire.name}: the token count has no input_tokens: ${JSON.stringify(json)?.slice(0, 200)}`,
      {
        provider: wire.name,
        model: attempt.model,
        retryable: false,
      },
    );
  };
}
