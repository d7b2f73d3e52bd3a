/** Helpers of the provider-anthropic suites: a provider pointed at the replay, with injected time. */
import type { ChatRequest } from "../../../src/models/index.ts";
import { getLLMErrorData } from "../../../src/models/llm-error.ts";
import { createAnthropicProvider } from "../../../src/modules/provider-anthropic/index.ts";
import * as fx from "../../fixtures/providers/anthropic.ts";
import type { Exchange } from "../../fixtures/providers/exchange.ts";
import { EventLog, expectSent, FakeTime, rejection, withReplay } from "./harness.ts";
import type { Replay, Transport } from "./transport.ts";

/** A provider for the replay, with its event log and fake time. */
export function setup(replay: Replay, config: Record<string, unknown> = {}) {
  const log = new EventLog();
  const time = new FakeTime();
  const provider = createAnthropicProvider(
    {
      api_key: fx.ANTHROPIC_KEY,
      base_url: replay.baseUrl,
      max_tokens: 1024,
      ...(replay.fetch ? { fetch: replay.fetch } : {}),
      ...config,
    },
    { hooks: log, sleep: time.sleep, random: time.random, now: time.now },
  );
  return { provider, log, time };
}

/** One complete() against the exchanges, checking what was sent. */
export async function completeWith(
  transport: Transport,
  exchanges: Exchange[],
  request: ChatRequest,
  config = {},
  options = {},
) {
  return withReplay(transport, exchanges, async (replay) => {
    const { provider, log, time } = setup(replay, config);
    const response = await provider.complete(request, options);
    expectSent(replay, exchanges);
    return { response, log, time, provider };
  });
}

/** One failing complete() of the text request, with the error's taxonomy data. */
export async function failWith(transport: Transport, exchanges: Exchange[], config = {}) {
  return withReplay(transport, exchanges, async (replay) => {
    const { provider, log, time } = setup(replay, config);
    const error = await rejection(provider.complete(fx.textRequest));
    expectSent(replay, exchanges);
    return { error, data: getLLMErrorData(error), log, time };
  });
}
