/**
 * The shipped-composition suite: one plan (plan.ts) run through the sandbox wiring each runtime
 * ships (node: the CLI's `createNodeSandboxes`; Chromium: the web host worker's `HostResources`;
 * workerd: the Cloudflare service's own `SessionObject` and session runtime), with its granted
 * fetch reaching a real server on 127.0.0.1 through the injected host fetch. Every runtime must
 * give the same answer, the same tool result, the same refusals, and show the secret nowhere.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { Message } from "../../../src/models/index.ts";
import { ANSWER, API_HOST, CAPABILITY, MOTTO, OTHER_HOST, PROMPT, SECRET, SECRET_NAME, shippedPlan } from "./plan.ts";
import { type SeenRequest, seenBy } from "./route.ts";

/** One event as the runtime's client received it. */
export interface ShippedEvent {
  readonly name: string;
  readonly data: Record<string, unknown>;
}

/** What one turn of the plan left: the answer, the events in order, the history. */
export interface ShippedTurn {
  readonly answer: string;
  readonly events: readonly ShippedEvent[];
  readonly messages: readonly Message[];
}

/** A runtime, driven through the composition it ships. */
export interface ShippedRuntime {
  readonly runtime: "node" | "chromium" | "workerd";
  /**
   * Creates a session of `plan` with `env` (its `${NAME}` values and secrets), its sandboxes'
   * granted fetch sent to the loopback API at `api`, runs one turn of `prompt` and ends the session.
   */
  runTurn(
    plan: Record<string, unknown>,
    prompt: string,
    env: Readonly<Record<string, string>>,
    api: string,
  ): Promise<ShippedTurn>;
}

/** The probe's result, the same in every runtime. */
export const EXPECTED_RESULT = {
  success: true,
  output: {
    fetch: "function",
    status: 200,
    api: { host: API_HOST, authorized: true, received: { prompt: PROMPT } },
    motto: MOTTO,
    transcript: PROMPT,
    other_host: "capability_denied",
    other_capability: "capability_denied",
  },
};

/** The refusals, reported as `policy:violation` (module, capability, action, target). */
export const EXPECTED_VIOLATIONS = [
  { module: "tool-parity-probe", capability: "fetch", action: "fetch", target: OTHER_HOST },
  { module: "tool-parity-probe", capability: "capabilities", action: "get", target: "parity.hidden" },
];

function violations(turn: ShippedTurn): Record<string, unknown>[] {
  return turn.events
    .filter((event) => event.name === "policy:violation")
    .map(({ data }) => ({
      module: data.module,
      capability: data.capability,
      action: data.action,
      target: data.target,
    }));
}

/** Registers the suite for one runtime. */
export function registerShippedPlanSuite(runtime: ShippedRuntime, timeoutMs = 120_000): void {
  describe(`the shipped plan in ${runtime.runtime}`, () => {
    const api = inject("shippedPlanApi");
    const run = crypto.randomUUID();
    let turn: ShippedTurn;
    let seen: SeenRequest[];
    beforeAll(async () => {
      turn = await runtime.runTurn(shippedPlan(run), PROMPT, { [SECRET_NAME]: SECRET }, api);
      seen = await seenBy(api, run);
    }, timeoutMs);

    it("answers through the sandboxed tool", () => {
      expect(turn.answer).toBe(ANSWER);
      expect(turn.messages.map((message) => message.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    });

    it("the tool reached the granted API with the secret injected, read the named capability and the transcript", () => {
      expect(turn.events.find((event) => event.name === "tool:post")?.data.result).toEqual(EXPECTED_RESULT);
      expect(seen).toEqual([
        {
          method: "POST",
          host: API_HOST,
          path: "/v1/echo",
          authorization: "the injected secret",
          body: { prompt: PROMPT },
        },
      ]);
    });

    it("refuses the host and the capability it was not granted, and reports both", () => {
      expect(violations(turn)).toEqual(EXPECTED_VIOLATIONS);
    });

    it(`registers ${CAPABILITY} from a second sandboxed module granted to register it`, () => {
      const result = turn.events.find((event) => event.name === "tool:post")?.data.result as typeof EXPECTED_RESULT;
      expect(result.output.motto).toEqual(MOTTO);
    });

    it("shows the secret nowhere: not to the modules, not in events, not in the history", () => {
      expect(JSON.stringify(turn)).not.toContain(SECRET);
    });
  });
}
