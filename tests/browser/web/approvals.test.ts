/**
 * The web client in Chromium: `ask_user` decisions in the worker are answered by the page, with
 * the HookResult's timeout and default when the page does not answer.
 */

import { afterEach, describe, expect, it } from "vitest";
import type { MountPlanInput } from "../../../src/index.ts";
import type { ApprovalRequest, WebClient } from "../../../worker/web/index.ts";
import { CALCULATOR_SCRIPT, calculatorPlan, connectTestClient, deferred, recordEvents } from "./support.ts";

let client: WebClient | undefined;
afterEach(async () => {
  await client?.dispose();
  client = undefined;
});

/** The calculator plan with hooks-approval asking before every tool. */
function approvalPlan(config: Record<string, unknown> = {}): MountPlanInput {
  return calculatorPlan(CALCULATOR_SCRIPT, { hooks: [{ module: "hooks-approval", config }] });
}

/** A sandboxed hook that answers every tool:pre with ask_user, timeout and default from its config. */
const ASK_HOOK = `
import { HookResult } from "amplifier-core";
export async function mount(coordinator, config) {
  return coordinator.hooks.register("tool:pre", async (_event, data) =>
    HookResult.ask_user("Let " + data.tool_name + " run?", {
      approval_options: ["Allow", "Deny"],
      approval_timeout: config.timeout,
      approval_default: config.default,
    }), { name: "ask-hook" });
}
`;

function askPlan(config: { timeout: number; default: "allow" | "deny" }): MountPlanInput {
  return calculatorPlan(CALCULATOR_SCRIPT, {
    // Asking the user is a grant; the question then names the module that asks.
    hooks: [
      { module: "hooks-ask", source: { inline: ASK_HOOK }, config, sandbox: { permissions: { approval: true } } },
    ],
  });
}

describe("web client: approvals", () => {
  it("asks the page and runs the tool when the page allows", async () => {
    client = await connectTestClient();
    const session = await client.createSession(approvalPlan());
    const requests: ApprovalRequest[] = [];
    const events = recordEvents();
    const answer = await session.execute("What is 6 * 7?", {
      onEvent: events.listener,
      onApproval: (request) => {
        requests.push(request);
        return "Allow once";
      },
    });
    expect(answer).toBe("6 * 7 = 42.");
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      session_id: session.id,
      options: ["Allow once", "Allow always", "Deny"],
      timeout: 300,
      default: "deny",
    });
    expect(requests[0]?.prompt).toContain("calculator");
    expect(typeof requests[0]?.request_id).toBe("string");
    expect(events.names()).toContain("approval:granted");
    const tool = (await session.messages()).find((message) => message.role === "tool");
    expect(JSON.stringify(tool?.content)).toContain("42");
  });

  it("denies the tool when the page denies, and the model sees the refusal", async () => {
    client = await connectTestClient();
    const session = await client.createSession(approvalPlan());
    const events = recordEvents();
    await session.execute("What is 6 * 7?", { onEvent: events.listener, onApproval: () => "Deny" });
    expect(events.names()).toContain("approval:denied");
    expect(events.names()).not.toContain("tool:post");
    const tool = (await session.messages()).find((message) => message.role === "tool");
    expect(JSON.stringify(tool)).toContain("denied");
  });

  it("answers from the client's handler when the turn has none; without any handler it denies", async () => {
    const asked: string[] = [];
    client = await connectTestClient({
      onApproval: (request) => {
        asked.push(request.prompt);
        return "Allow";
      },
    });
    const session = await client.createSession(askPlan({ timeout: 300, default: "deny" }));
    const events = recordEvents();
    await session.execute("What is 6 * 7?", { onEvent: events.listener });
    expect(asked).toEqual(["[hooks-ask] Let calculator run?"]);
    expect(events.names()).toContain("tool:post");

    const bare = await connectTestClient();
    try {
      const denied = await bare.createSession(askPlan({ timeout: 300, default: "allow" }));
      const deniedEvents = recordEvents();
      await denied.execute("What is 6 * 7?", { onEvent: deniedEvents.listener });
      expect(deniedEvents.names()).not.toContain("tool:post");
    } finally {
      await bare.dispose();
    }
  });

  it("applies the default when the page does not answer in time, and withdraws the question", async () => {
    client = await connectTestClient();
    for (const fallback of ["allow", "deny"] as const) {
      const session = await client.createSession(askPlan({ timeout: 0.05, default: fallback }));
      const withdrawn = deferred<boolean>();
      const events = recordEvents();
      await session.execute("What is 6 * 7?", {
        onEvent: events.listener,
        // Never answers; the signal tells the dialog to close.
        onApproval: (_request, { signal }) =>
          new Promise<string>(() => {
            signal.addEventListener("abort", () => withdrawn.resolve(true));
          }),
      });
      expect(await withdrawn.promise).toBe(true);
      expect(events.names().includes("tool:post")).toBe(fallback === "allow");
      await session.close();
    }
  });

  it("cancels a turn waiting for an approval when the page aborts its signal", async () => {
    client = await connectTestClient();
    const session = await client.createSession(approvalPlan());
    const controller = new AbortController();
    const withdrawn = deferred<boolean>();
    const events = recordEvents();
    const turn = session.execute("What is 6 * 7?", {
      signal: controller.signal,
      onEvent: events.listener,
      onApproval: (_request, { signal }) => {
        signal.addEventListener("abort", () => withdrawn.resolve(true));
        controller.abort();
        return new Promise<string>(() => undefined);
      },
    });
    // The loop ends a cancelled turn with what it has; either way the tool never runs.
    await turn.catch(() => undefined);
    expect(await withdrawn.promise).toBe(true);
    expect(events.names()).toContain("cancel:completed");
    expect(events.names()).not.toContain("tool:post");
    expect((await session.status()).state).toBe("cancelled");
  });

  it("stops gracefully after the running step when the page cancels without immediate", async () => {
    client = await connectTestClient();
    const session = await client.createSession(approvalPlan());
    const events = recordEvents();
    await session.execute("What is 6 * 7?", {
      onEvent: events.listener,
      onApproval: async () => {
        await session.cancel();
        return "Allow once";
      },
    });
    // The approved tool still ran, but the loop did not ask the provider again.
    expect(events.names()).toContain("tool:post");
    expect(events.names().filter((name) => name === "provider:request")).toHaveLength(1);
    expect((await session.status()).state).toBe("cancelled");
  });
});
