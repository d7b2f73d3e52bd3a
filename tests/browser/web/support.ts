/** Shared setup of the web client tests: a fresh host worker and store per client, and plans. */
import { type ConnectOptions, connectWorker, type WebClient, type WebEvent } from "../../../worker/web/index.ts";

/** Connects a client to a new host worker with its own, empty IndexedDB database. */
export async function connectTestClient(options: ConnectOptions = {}): Promise<WebClient> {
  const worker = new Worker(new URL("./test-host-worker.ts", import.meta.url), {
    type: "module",
    name: crypto.randomUUID(),
  });
  return connectWorker(worker, options);
}

/** A plan with the persistent context, the scripted provider and the calculator. */
export function calculatorPlan(script: readonly unknown[] = [], extra: Record<string, unknown> = {}): object {
  return {
    session: { orchestrator: "loop-basic", context: "context-persistent" },
    providers: [{ module: "provider-mock", config: { script, when_exhausted: "error" } }],
    tools: [{ module: "tool-calculator" }],
    ...extra,
  };
}

/** A scripted conversation: one calculator call, then an answer. */
export const CALCULATOR_SCRIPT = [
  { text: "Computing.", tool_calls: [{ id: "call_1", name: "calculator", arguments: { expression: "6 * 7" } }] },
  { text: "6 * 7 = 42." },
];

/** Collects the events a listener receives. */
export function recordEvents(): { events: WebEvent[]; listener: (event: WebEvent) => void; names(): string[] } {
  const events: WebEvent[] = [];
  return { events, listener: (event) => events.push(event), names: () => events.map((event) => event.name) };
}
