/**
 * `worker.prompt_to_first_event_ms`: the Cloudflare service in local workerd (`wrangler dev`),
 * a prompt POSTed to a new session (loop-basic, context-simple, scripted provider-mock) until the
 * first Server-Sent Event has arrived whole. Sessions are created beforehand, untimed; each stream
 * is then read to its end, untimed, so every turn completes.
 */

import type { Benchmark } from "../harness.ts";
import { fixed, median, metric } from "../harness.ts";
import { BENCH_TOKEN, startWranglerDev } from "../support/wrangler-dev.ts";

const HEADERS = { authorization: `Bearer ${BENCH_TOKEN}`, "content-type": "application/json" };

const PLAN = {
  session: { orchestrator: "loop-basic", context: "context-simple" },
  providers: [{ module: "provider-mock", config: { script: [{ text: "Hello." }, { text: "Hello again." }] } }],
  tools: [{ module: "tool-calculator" }],
};

async function createSession(url: string): Promise<string> {
  const response = await fetch(`${url}/v1/sessions`, {
    method: "POST",
    headers: HEADERS,
    body: JSON.stringify({ plan: PLAN }),
  });
  const body = (await response.json()) as { session_id?: string };
  if (response.status !== 201 || !body.session_id)
    throw new Error(`create session: ${response.status} ${JSON.stringify(body)}`);
  return body.session_id;
}

/** Milliseconds from the POST to the first complete event; the rest of the stream is drained after. */
async function promptToFirstEvent(url: string, sessionId: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/v1/sessions/${sessionId}/prompt`, {
    method: "POST",
    headers: HEADERS,
    body: JSON.stringify({ prompt: "Hi" }),
  });
  if (response.status !== 200 || response.body === null)
    throw new Error(`prompt: ${response.status} ${await response.text()}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  let elapsed: number | undefined;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
    if (elapsed === undefined && /\r?\n\r?\n/.test(text)) elapsed = performance.now() - started;
  }
  if (elapsed === undefined || !text.includes("event:")) throw new Error(`the prompt's stream held no event: ${text}`);
  return elapsed;
}

export const workerFirstEvent: Benchmark = {
  name: "worker.first_event",
  async run({ quick }) {
    await using service = await startWranglerDev();
    const runs = quick ? 3 : 20;
    const warmup = 2;
    const first: number[] = [];
    const second: number[] = [];
    for (let index = 0; index < warmup + runs; index += 1) {
      const sessionId = await createSession(service.url);
      const cold = await promptToFirstEvent(service.url, sessionId);
      const warm = await promptToFirstEvent(service.url, sessionId);
      if (index >= warmup) {
        first.push(cold);
        second.push(warm);
      }
    }
    return {
      "worker.prompt_to_first_event_ms": metric(
        median(first),
        "ms",
        runs,
        `wrangler dev (workerd) on 127.0.0.1: POST /v1/sessions/:id/prompt on a new session → first SSE event; a second prompt on the same session: ${fixed(median(second))} ms`,
      ),
    };
  },
};
