/**
 * Runs sandbox scenarios against the QuickJS debug build, in a worker thread with a large stack:
 * the debug build's wasm frames are big enough that 256 KiB of QuickJS stack would overflow the
 * default thread stack first (the engine's stack self-test refuses that, rightly).
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { parentPort } from "node:worker_threads";
import debugVariant from "@jitl/quickjs-wasmfile-debug-sync";
import type { SandboxTestEnvironment } from "../../suites/sandbox/environment.ts";
import { runScenario } from "../../suites/sandbox/scenarios.ts";
import { examplesFromDisk } from "./examples-from-disk.ts";

const require = createRequire(import.meta.url);

async function debugEnvironment(): Promise<SandboxTestEnvironment> {
  const bytes = await readFile(require.resolve("@jitl/quickjs-wasmfile-debug-sync/wasm"));
  return {
    runtime: "node",
    build: "debug",
    wasmModule: await WebAssembly.compile(bytes),
    variant: debugVariant,
    examples: await examplesFromDisk(),
  };
}

const environment = debugEnvironment();

parentPort?.on("message", async (message: { id: number; group: string; name: string }) => {
  try {
    await runScenario(await environment, message.group, message.name);
    parentPort?.postMessage({ id: message.id });
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
