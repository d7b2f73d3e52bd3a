/** provider-anthropic: HTTP errors, the taxonomy, retries with backoff, cancellation during backoff. */
import { describe, expect, it } from "vitest";
import { KernelError } from "../../../src/errors.ts";
import * as fx from "../../fixtures/providers/anthropic.ts";
import { completeWith, failWith, setup } from "./anthropic-harness.ts";
import { rejection, withReplay } from "./harness.ts";
import type { Transport } from "./transport.ts";

/** Registers the error tests inside the caller's describe. */
export function registerAnthropicErrorTests(transport: Transport): void {
  describe("errors and retries", () => {
    it("waits the retry-after of a 429, emits provider:retry, then succeeds", async () => {
      const { response, log, time } = await completeWith(
        transport,
        [fx.rateLimitedExchange, fx.textExchange],
        fx.textRequest,
      );
      expect(response.text).toBe("Hello!");
      expect(time.sleeps).toEqual([7000]);
      expect(log.of("provider:retry")).toEqual([
        expect.objectContaining({ attempt: 1, max_retries: 3, delay_ms: 7000, retry_after: 7, status_code: 429 }),
      ]);
      expect(log.of("provider:retry")[0]?.error).toMatchObject({ type: "RateLimitError", kind: "rate_limit" });
    });

    it("backs off with jitter on 529 overloaded and gives up after max_retries", async () => {
      const exchanges = [fx.overloadedExchange, fx.overloadedExchange, fx.overloadedExchange];
      const { error, data, time, log } = await failWith(transport, exchanges, { max_retries: 2 });
      expect(data).toMatchObject({ kind: "unavailable", status_code: 529, retryable: true, provider: "anthropic" });
      expect((error as Error).message).toContain("overloaded_error: Overloaded");
      expect(time.sleeps).toEqual([750, 1500]);
      expect(log.of("provider:retry").map((retry) => retry.attempt)).toEqual([1, 2]);
      expect(log.of("llm:response")).toEqual([
        expect.objectContaining({ status: "error", status_code: 529, retryable: true }),
      ]);
    });

    it("maps 'prompt is too long' to context_length and does not retry it", async () => {
      const { data, time } = await failWith(transport, [fx.contextLengthExchange]);
      expect(data).toMatchObject({ kind: "context_length", retryable: false, status_code: 400 });
      expect(time.sleeps).toEqual([]);
    });

    it("maps 401 to auth without retrying", async () => {
      const { data, error } = await failWith(transport, [fx.authExchange]);
      expect(data).toMatchObject({ kind: "auth", retryable: false, status_code: 401 });
      expect((error as Error).message).not.toContain(fx.ANTHROPIC_KEY);
    });

    it("retries a gateway error whose body is HTML", async () => {
      const { response, time } = await completeWith(
        transport,
        [fx.gatewayHtmlExchange, fx.textExchange],
        fx.textRequest,
      );
      expect(response.text).toBe("Hello!");
      expect(time.sleeps).toEqual([750]);
    });

    it("stops retrying when the caller cancels during the backoff", async () => {
      await withReplay(transport, [fx.overloadedExchange, fx.textExchange], async (replay) => {
        const { provider, log } = setup(replay);
        const controller = new AbortController();
        log.onEvent = (event) => {
          if (event === "provider:retry") controller.abort();
        };
        const error = await rejection(provider.complete(fx.textRequest, { signal: controller.signal }));
        expect(KernelError.is(error, "cancelled")).toBe(true);
        expect(replay.requests).toHaveLength(1);
      });
    });
  });
}
