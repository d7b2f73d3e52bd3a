/**
 * Runs the boundary's leak property against the QuickJS debug build (LeakSanitizer and object-leak
 * checks), in a worker thread with a large stack: the debug build's frames are big enough that the
 * sandbox's stack self-test refuses the default thread stack. Posts `{ runs }` back, or `{ error }`.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import debugVariant from "@jitl/quickjs-wasmfile-debug-sync";
import { LEAK_PROPERTY } from "../suites/security/fuzz-properties.ts";

const require = createRequire(import.meta.url);
const { runs, seed } = workerData as { runs: number; seed?: number };

try {
  const wasmModule = await WebAssembly.compile(
    await readFile(require.resolve("@jitl/quickjs-wasmfile-debug-sync/wasm")),
  );
  await LEAK_PROPERTY.run({ wasmModule, variant: debugVariant }, runs, seed);
  parentPort?.postMessage({ runs });
} catch (error) {
  parentPort?.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
