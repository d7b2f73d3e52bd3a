/** The shipped plan in node, through the CLI's own sandboxes (each sandboxed module in a worker thread). */

import type { ContextManager } from "../../../src/contracts.ts";
import { createSession } from "../../../src/index.ts";
import { builtinModules } from "../../../src/modules/index.ts";
import type { MountPlanInput } from "../../../src/plan/schema.ts";
import { createNodeSandboxes } from "../../../worker/node/node-sandbox.ts";
import { registerShippedPlanSuite, type ShippedEvent } from "../../suites/shipped-plan/index.ts";
import { loopbackFetch } from "../../suites/shipped-plan/route.ts";

registerShippedPlanSuite({
  runtime: "node",
  async runTurn(plan, prompt, env, api) {
    await using sandboxes = await createNodeSandboxes({ env, capabilities: { fetch: loopbackFetch(api) } });
    await using session = createSession(plan as MountPlanInput, {
      modules: builtinModules,
      sandbox: sandboxes.loader,
      env,
    });
    const events: ShippedEvent[] = [];
    // As the CLI's --json output sees them: every event, as JSON.
    session.coordinator.hooks.observe((name, data) => events.push({ name, data: JSON.parse(JSON.stringify(data)) }));
    const answer = await session.execute(prompt);
    const context = session.coordinator.get("context") as ContextManager;
    return { answer, events, messages: await context.get_messages() };
  },
});
