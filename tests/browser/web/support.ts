/** Shared setup of the web client tests: a fresh host worker and store per client, plans and sources. */

import { expect } from "vitest";
import wordCountHelpers from "../../../examples/modules/tool-word-count/count.js?raw";
import wordCountSource from "../../../examples/modules/tool-word-count/index.js?raw";
import type { MountPlanInput } from "../../../src/index.ts";
import {
  type ConnectOptions,
  connectWorker,
  KernelError,
  type KernelErrorCode,
  type WebClient,
  type WebEvent,
} from "../../../worker/web/index.ts";

/** Connects a client to a new host worker with its own, empty IndexedDB database. */
export async function connectTestClient(options: ConnectOptions = {}): Promise<WebClient> {
  const worker = new Worker(new URL("./test-host-worker.ts", import.meta.url), {
    type: "module",
    name: crypto.randomUUID(),
  });
  return connectWorker(worker, options);
}

/** Connects to a host worker whose sandboxes' fetches are answered by an echo (`echo-host-worker.ts`). */
export async function connectEchoClient(): Promise<WebClient> {
  const worker = new Worker(new URL("./echo-host-worker.ts", import.meta.url), {
    type: "module",
    name: crypto.randomUUID(),
  });
  return connectWorker(worker);
}

/** A plan with the persistent context, the scripted provider and the calculator. */
export function calculatorPlan(script: readonly unknown[] = [], extra: Record<string, unknown> = {}): MountPlanInput {
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

/** The example word-count tool (two files), as the page would paste it. */
export const WORD_COUNT_SOURCE = {
  files: { "index.js": wordCountSource, "count.js": wordCountHelpers },
  entry: "index.js",
};

/** Collects the events a listener receives. */
export function recordEvents(): { events: WebEvent[]; listener: (event: WebEvent) => void; names(): string[] } {
  const events: WebEvent[] = [];
  return { events, listener: (event) => events.push(event), names: () => events.map((event) => event.name) };
}

/** Awaits a rejection and checks it is a KernelError with `code`; returns it for more checks. */
export async function expectKernelError(promise: Promise<unknown>, code: KernelErrorCode): Promise<KernelError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(KernelError.is(error), `expected a KernelError ${code}, got ${String(error)}`).toBe(true);
  expect((error as KernelError).code).toBe(code);
  return error as KernelError;
}

/** A promise and its resolver, for answers the test gives later. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
