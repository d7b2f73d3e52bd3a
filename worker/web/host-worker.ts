/**
 * The ready-made module Web Worker entry: a worker host with every built-in module, sessions in
 * this origin's IndexedDB, sandboxes in this worker (or their own worker, per the plan).
 * Start it with `new Worker(new URL("./host-worker.ts", import.meta.url), { type: "module" })`
 * and hand it to `connectWorker`.
 */
import { serveWorkerHost } from "./host.ts";

serveWorkerHost();
