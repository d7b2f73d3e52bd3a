/** The shipped plan in Chromium, through the web host worker the page connects to (its own HostResources). */
import type { MountPlanInput } from "../../../src/plan/schema.ts";
import { connectWorker, type WebEvent } from "../../../worker/web/index.ts";
import { registerShippedPlanSuite } from "../../suites/shipped-plan/index.ts";

registerShippedPlanSuite({
  runtime: "chromium",
  async runTurn(plan, prompt, env, api) {
    const worker = new Worker(new URL("./host-worker.ts", import.meta.url), { type: "module", name: api });
    const client = await connectWorker(worker);
    try {
      const session = await client.createSession(plan as MountPlanInput, { env });
      const events: WebEvent[] = [];
      const answer = await session.execute(prompt, { onEvent: (event) => events.push(event) });
      const messages = await session.messages();
      await session.close();
      return { answer, events: events.map(({ name, data }) => ({ name, data })), messages };
    } finally {
      await client.dispose();
    }
  },
});
