// The other end of the thread baselines (bench/support/thread-round-trip.ts): a worker_thread that
// adds two numbers and echoes a label, answering either through comlink or as bare messages.
import { parentPort, workerData } from "node:worker_threads";
import { expose } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";

const add = (input) => ({ sum: input.a + input.b, label: input.label });
const endpoint = nodeEndpoint(parentPort);

if (workerData.mode === "comlink") expose({ add }, endpoint);
else
  endpoint.addEventListener("message", (event) =>
    endpoint.postMessage({ id: event.data.id, value: add(event.data.input) }),
  );
