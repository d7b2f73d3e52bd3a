/**
 * Child process of `sandbox.memory_per_module_kib` (run with `--expose-gc`): mounts `count`
 * sandboxed modules inline and keeps them, then prints the resident memory before and after, as
 * JSON on stdout. A process of its own, so nothing else the benchmarks did is in its RSS.
 */
import { createSandboxes } from "../../sandbox/create-sandboxes.ts";
import { loadQuickJSWasm } from "../../worker/node/quickjs-wasm.ts";
import { type MountedTool, mountSandboxedTool } from "../support/sandboxed-tool.ts";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

async function settledRss(): Promise<number> {
  for (let round = 0; round < 4; round += 1) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return process.memoryUsage().rss;
}

const count = Number(process.argv[2] ?? "100");
const wasmModule = await loadQuickJSWasm();
const sandboxes = createSandboxes({ wasmModule });
// Warm-up: the stack self-test, the prelude's first compile and the kernel's code paths, then released.
for (let index = 0; index < 3; index += 1) await (await mountSandboxedTool(sandboxes)).cleanup();
const baseline = await settledRss();
const mounted: MountedTool[] = [];
for (let index = 0; index < count; index += 1) mounted.push(await mountSandboxedTool(sandboxes));
const after = await settledRss();
const check = await mounted[count - 1]?.tool.execute({ a: 1, b: 2, label: "x" });
if (!check?.success) throw new Error("the last mounted module does not answer");
process.stdout.write(
  `${JSON.stringify({ count, baseline, after, perModuleKiB: (after - baseline) / count / 1024 })}\n`,
);
for (const module of mounted) await module.cleanup();
await sandboxes[Symbol.asyncDispose]();
