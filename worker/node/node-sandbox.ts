/**
 * The SandboxLoader the CLI uses: module sources read from disk relative to the plan, https sources
 * fetched by the host, each module in its own QuickJS instance.
 */
import { readFile } from "node:fs/promises";
import { inlineConnector } from "../../sandbox/connection.ts";
import { createSandboxLoader } from "../../sandbox/loader.ts";
import type { SandboxLoader } from "../../src/contracts.ts";
import { loadQuickJSWasm } from "./quickjs-wasm.ts";

/** Creates the sandbox loader for node, compiling the QuickJS wasm once. */
export async function createNodeSandboxLoader(): Promise<SandboxLoader> {
  const wasmModule = await loadQuickJSWasm();
  return createSandboxLoader({
    connect: inlineConnector({ wasmModule }),
    readFile: (path) => readFile(path, "utf8"),
    fetch: (url, init) => fetch(url, init),
  });
}
