/**
 * Worker placement, kernel side: calls to a runner in a worker, as messages over its endpoint.
 * The runner's guest requests come back the same way and are answered with the kernel port. Every
 * call in flight fails as data the moment the worker is gone, and later calls fail at once.
 */
import type { KernelErrorData, Result } from "../../src/errors.ts";
import { toErrorData } from "../../src/errors.ts";
import type { KernelPortApi, KernelToThread, RunnerApi, RunnerMethod } from "../protocol.ts";
import type { RunnerConnector, RunnerLink } from "./runner-link.ts";
import { isThreadToKernel } from "./thread-messages.ts";
import type { WarmPool } from "./warm-pool.ts";
import type { WorkerThread } from "./worker-thread.ts";

/**
 * Links a started worker thread to `port`.
 *
 * @example
 * const link = linkWorkerThread(await pool.acquire(), kernelPort);
 * const started = await link.api.start(request); // { ok: true, value } | { ok: false, error }
 */
export function linkWorkerThread(thread: WorkerThread, port: KernelPortApi): RunnerLink {
  const endpoint = thread.endpoint;
  const waiting = new Map<number, (result: Result<unknown>) => void>();
  let nextId = 0;
  let severed: KernelErrorData | undefined;

  const sever = (error: KernelErrorData) => {
    if (severed) return;
    severed = error;
    for (const settle of [...waiting.values()]) settle({ ok: false, error });
    waiting.clear();
  };
  void thread.exited.then((exit) =>
    sever(
      exit.cause === "terminated"
        ? { code: "sandbox_killed", message: `its sandbox was stopped (${exit.message})` }
        : { code: "sandbox_crash", message: `its sandbox thread died (${exit.message})`, data: { reason: "crash" } },
    ),
  );

  endpoint.addEventListener("message", (event) => {
    const message: unknown = event.data;
    if (!isThreadToKernel(message)) return;
    if (message.type === "reply") {
      const settle = waiting.get(message.id);
      waiting.delete(message.id);
      settle?.(message.result);
    } else if (message.type === "request") {
      void answer(message.id, message.request);
    } else if (message.type === "notice") {
      port.notify(message.notice);
    }
  });

  async function answer(id: number, request: Parameters<KernelPortApi["request"]>[0]): Promise<void> {
    let reply: Awaited<ReturnType<KernelPortApi["request"]>>;
    try {
      reply = await port.request(request);
    } catch (error) {
      reply = { ok: false, error: toErrorData(error, "internal", "the kernel failed") };
    }
    if (severed) return;
    const answer: KernelToThread = { type: "answer", id, reply };
    endpoint.postMessage(answer);
  }

  function call<T>(method: RunnerMethod, params: unknown): Promise<Result<T>> {
    if (severed) return Promise.resolve({ ok: false, error: severed });
    const id = ++nextId;
    return new Promise<Result<T>>((resolve) => {
      waiting.set(id, resolve as (result: Result<unknown>) => void);
      const message: KernelToThread = { type: "call", id, method, params };
      try {
        endpoint.postMessage(message);
      } catch (error) {
        waiting.delete(id);
        resolve({ ok: false, error: toErrorData(error, "sandbox_unavailable", "the sandbox could not be reached") });
      }
    });
  }

  const api: RunnerApi = {
    start: (request) => call("start", request),
    invoke: (request) => call("invoke", request),
    stop: () => call("stop", null),
  };
  return {
    placement: "worker",
    api,
    exited: thread.exited,
    get pending() {
      return waiting.size;
    },
    ping: (timeoutMs) => thread.ping(timeoutMs),
    async terminate(reason) {
      if (reason) sever(reason);
      await thread.terminate();
    },
  };
}

/** A connector to runners in worker threads taken from `pool`. */
export function threadConnector(pool: WarmPool): RunnerConnector {
  return async (port) => linkWorkerThread(await pool.acquire(), port);
}
