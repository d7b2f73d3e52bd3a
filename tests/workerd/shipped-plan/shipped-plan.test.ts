/**
 * The shipped plan in workerd, through the Cloudflare service's own Durable Object: the
 * `SessionObject` of `createAmplifierWorker` builds its session runtime (worker/cloudflare/
 * session-runtime.ts) and the session's sandboxes, inline; the turn streams as the HTTP API sends it.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createAmplifierWorker } from "../../../worker/cloudflare/index.ts";
import { registerShippedPlanSuite } from "../../suites/shipped-plan/index.ts";
import { loopbackFetch } from "../../suites/shipped-plan/route.ts";
import { EventReader } from "../service/client.ts";

const SSE = { "content-type": "text/event-stream" };

registerShippedPlanSuite({
  runtime: "workerd",
  async runTurn(plan, prompt, planEnv, api) {
    const worker = createAmplifierWorker({
      sandboxFetch: loopbackFetch(api),
      planEnv: Object.keys(planEnv),
      heartbeatMs: 0,
    });
    const stub = env.SESSIONS.get(env.SESSIONS.idFromName(`shipped-plan-${crypto.randomUUID()}`));
    return runInDurableObject(stub, async (_default, state) => {
      const object = new worker.SessionObject(state, { ...env, ...planEnv });
      const created = await object.create("shipped-plan", plan);
      if (!created.ok) throw new Error(created.error.message);
      const answer = await object.prompt("shipped-plan", prompt);
      if (!answer.ok) throw new Error(answer.error.message);
      const streamed = await new EventReader(new Response(answer.value, { headers: SSE })).rest();
      const history = await object.messages("shipped-plan");
      if (!history.ok) throw new Error(history.error.message);
      const result = streamed.at(-1);
      if (result?.event !== "result") throw new Error(`the turn ended with ${JSON.stringify(result)}`);
      return {
        answer: String(result.data.response),
        events: streamed.map(({ event, data }) => ({ name: event, data })),
        messages: history.value,
      };
    });
  },
});
