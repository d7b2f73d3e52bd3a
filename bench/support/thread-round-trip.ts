/**
 * The in-run baselines of the worker tool call: one round trip to a node worker_thread with the
 * same small JSON in and out, the worker answering at once. `comlink`: `Comlink.wrap` over the
 * thread's port (the reference issue 17 names). `post-message`: bare messages over the same
 * endpoint adapter our worker transport uses (comlink's node adapter around the worker), an id
 * matched to its answer: the floor under any protocol between two threads.
 */
import { Worker } from "node:worker_threads";
import { type Remote, releaseProxy, wrap } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";

type Input = Readonly<Record<string, unknown>>;

/** A thread that answers, and how to stop it. */
export interface ThreadRoundTrip extends AsyncDisposable {
  call(input: Input): Promise<unknown>;
}

async function startThread(mode: "comlink" | "post-message"): Promise<Worker> {
  const worker = new Worker(new URL("./round-trip-thread.mjs", import.meta.url), { workerData: { mode } });
  await new Promise<void>((resolve, reject) => {
    worker.once("online", resolve);
    worker.once("error", reject);
  });
  return worker;
}

/** A comlink proxy of the thread's `add`. */
export async function comlinkRoundTrip(): Promise<ThreadRoundTrip> {
  const worker = await startThread("comlink");
  const remote: Remote<{ add(input: Input): unknown }> = wrap(nodeEndpoint(worker));
  return {
    call: (input) => remote.add(input),
    async [Symbol.asyncDispose]() {
      remote[releaseProxy]();
      await worker.terminate();
    },
  };
}

/** Bare messages to the thread, answered by id. */
export async function postMessageRoundTrip(): Promise<ThreadRoundTrip> {
  const worker = await startThread("post-message");
  const endpoint = nodeEndpoint(worker);
  const waiting = new Map<number, (value: unknown) => void>();
  let nextId = 0;
  endpoint.addEventListener("message", (event) => {
    const { id, value } = (event as MessageEvent<{ id: number; value: unknown }>).data;
    waiting.get(id)?.(value);
    waiting.delete(id);
  });
  return {
    call(input) {
      const id = ++nextId;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        endpoint.postMessage({ id, input });
      });
    },
    async [Symbol.asyncDispose]() {
      await worker.terminate();
    },
  };
}
