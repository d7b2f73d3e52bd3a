/**
 * The stack self-test: before the first sandbox with a given stack limit runs on this thread, a
 * throwaway instance recurses until QuickJS stops it. With a limit the host thread cannot afford,
 * the host's own stack overflows first (a RangeError out of the middle of QuickJS); that limit is
 * refused instead of being discovered by a guest.
 */
import type { QuickJSSyncVariant } from "quickjs-emscripten-core";
import { KernelError } from "../../src/errors.ts";
import { createQuickJSInstance } from "../quickjs-instance.ts";

const RECURSE = "(function down(depth) { return down(depth + 1) + 1; })(0)";
const passed = new WeakMap<WebAssembly.Module, Map<number, Promise<void>>>();

async function runSelfTest(
  wasmModule: WebAssembly.Module,
  variant: QuickJSSyncVariant | undefined,
  stackBytes: number,
): Promise<void> {
  // The debug build needs ~83 MiB to start; the cap only reserves address space until pages are touched.
  const { quickjs } = await createQuickJSInstance(wasmModule, 256, variant);
  const runtime = quickjs.newRuntime();
  runtime.setMaxStackSize(stackBytes);
  const context = runtime.newContext();
  let verdict: string | undefined;
  try {
    const result = context.evalCode(RECURSE);
    if (result.error) {
      const error = context.dump(result.error) as { name?: string; message?: string };
      result.error.dispose();
      if (error.name !== "InternalError" || !/stack overflow/.test(error.message ?? "")) {
        verdict = `recursion ended with ${error.name}: ${error.message}`;
      }
    } else {
      result.value.dispose();
      verdict = "unbounded recursion was not stopped";
    }
    context.dispose();
    runtime.dispose();
  } catch (error) {
    verdict = `the host stack overflowed first (${String(error)})`;
  }
  if (verdict !== undefined) {
    throw new KernelError(
      "sandbox_unavailable",
      `sandbox stack self-test failed for stack_kb=${stackBytes / 1024}: ${verdict}; lower sandbox.stack_kb`,
    );
  }
}

/**
 * Resolves once a stack limit of `stackBytes` is known to be enforced by QuickJS on this thread.
 *
 * @throws KernelError `sandbox_unavailable` when the limit is larger than the host thread's stack.
 */
export function assertStackSelfTest(
  wasmModule: WebAssembly.Module,
  variant: QuickJSSyncVariant | undefined,
  stackBytes: number,
): Promise<void> {
  let byStack = passed.get(wasmModule);
  if (!byStack) {
    byStack = new Map();
    passed.set(wasmModule, byStack);
  }
  let test = byStack.get(stackBytes);
  if (!test) {
    test = runSelfTest(wasmModule, variant, stackBytes);
    byStack.set(stackBytes, test);
  }
  return test;
}
