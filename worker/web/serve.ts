/**
 * The host functions as the barrel exports them: loaded on demand, so a page that imports
 * `amplifier-edge/web` for `connectWorker` does not also bundle the kernel, its modules and the
 * sandbox. Worker entries that call them get the host a moment later; the page's first messages
 * are held until it is exposed, so none is lost.
 */
import * as Comlink from "comlink";
import type { WorkerHost, WorkerHostOptions } from "./host.ts";

/**
 * Creates a worker host (see `host.ts`), loading the kernel first.
 *
 * @example
 * const host = await createWorkerHost({ modules: myModules });
 * Comlink.expose(host, port);
 */
export async function createWorkerHost(options: WorkerHostOptions = {}): Promise<WorkerHost> {
  const { createWorkerHost: create } = await import("./host.ts");
  return create(options);
}

/**
 * Serves a worker host on this worker (or another endpoint) for `connectWorker` to reach. Call
 * it at the top of your worker entry: messages that arrive while the kernel loads are kept.
 *
 * @example
 * // my-host-worker.ts
 * import { builtinModules } from "amplifier-edge";
 * import { serveWorkerHost } from "amplifier-edge/web";
 * await serveWorkerHost({ modules: { ...builtinModules, "tool-mine": myTool } });
 */
export async function serveWorkerHost(
  options: WorkerHostOptions = {},
  endpoint: Comlink.Endpoint = globalThis as unknown as Comlink.Endpoint,
): Promise<WorkerHost> {
  const held = holdMessages(endpoint);
  const host = await createWorkerHost(options);
  Comlink.expose(host, held);
  held.release();
  return host;
}

/** An endpoint that keeps the messages it receives until `release()`, then delivers them in order. */
function holdMessages(target: Comlink.Endpoint): Comlink.Endpoint & { release(): void } {
  const listeners = new Set<EventListenerOrEventListenerObject>();
  const held: Event[] = [];
  let released = false;
  const deliver = (event: Event) => {
    for (const listener of listeners) {
      if (typeof listener === "function") listener(event);
      else listener.handleEvent(event);
    }
  };
  target.addEventListener("message", (event) => {
    if (released) deliver(event);
    else held.push(event);
  });
  return {
    postMessage: (message, transfer) => target.postMessage(message, transfer),
    addEventListener: (_type, listener) => {
      listeners.add(listener);
    },
    removeEventListener: (_type, listener) => {
      listeners.delete(listener);
    },
    release() {
      released = true;
      for (const event of held.splice(0)) deliver(event);
    },
  };
}
