/**
 * The stack self-test: before the first sandbox with a given stack limit runs on this thread, a
 * throwaway instance recurses until QuickJS stops it. With a limit the host thread cannot afford,
 * the host's own stack overflows first (a RangeError out of the middle of QuickJS). Then the limit
 * is halved until QuickJS is the one to stop the recursion: the engine never runs with a stack
 * limit its thread cannot honour. (Thread stacks differ: Node's main thread takes 256 KiB; a
 * Chromium worker or the debug build's larger frames may not.)
 */
import type { QuickJSSyncVariant } from "quickjs-emscripten-core";
import { describeError, KernelError } from "../../src/errors.ts";
import { createEngineInstance } from "./engine-instance.ts";

const RECURSE = "(function down(depth) { return down(depth + 1) + 1; })(0)";
const SMALLEST_STACK_BYTES = 32 * 1024;
const tested = new WeakMap<WebAssembly.Module, Map<number, Promise<number>>>();

/** Why a limit failed the test, or undefined when QuickJS stopped the recursion itself. */
async function tryLimit(
  wasmModule: WebAssembly.Module,
  variant: QuickJSSyncVariant | undefined,
  stackBytes: number,
): Promise<string | undefined> {
  // The debug build needs ~83 MiB to start; the cap only reserves address space until pages are touched.
  const { quickjs } = await createEngineInstance(wasmModule, 256, variant);
  const runtime = quickjs.newRuntime();
  runtime.setMaxStackSize(stackBytes);
  const context = runtime.newContext();
  try {
    const result = context.evalCode(RECURSE);
    if (!result.error) {
      result.value.dispose();
      return "unbounded recursion was not stopped";
    }
    const error = context.dump(result.error) as { name?: string; message?: string };
    result.error.dispose();
    context.dispose();
    runtime.dispose();
    return error.name === "InternalError" && /stack overflow/.test(error.message ?? "")
      ? undefined
      : `recursion ended with ${error.name}: ${error.message}`;
  } catch (error) {
    return `the host stack overflowed first (${describeError(error)})`;
  }
}

async function findSafeLimit(
  wasmModule: WebAssembly.Module,
  variant: QuickJSSyncVariant | undefined,
  requested: number,
  onDiagnostic: ((line: string) => void) | undefined,
): Promise<number> {
  let failure: string | undefined;
  for (let stackBytes = requested; stackBytes >= SMALLEST_STACK_BYTES; stackBytes = Math.floor(stackBytes / 2)) {
    failure = await tryLimit(wasmModule, variant, stackBytes);
    if (failure === undefined) {
      if (stackBytes !== requested) {
        onDiagnostic?.(
          `sandbox: stack_kb=${requested / 1024} overflows this thread's stack; using ${stackBytes / 1024}`,
        );
      }
      return stackBytes;
    }
  }
  throw new KernelError(
    "sandbox_unavailable",
    `sandbox stack self-test failed on this thread for every stack_kb from ${requested / 1024} down to ${SMALLEST_STACK_BYTES / 1024}: ${failure}`,
  );
}

/**
 * The stack limit to use on this thread for a configured `stackBytes`: the configured limit when
 * QuickJS enforces it before the host stack runs out, else the largest halving of it that is.
 *
 * @throws KernelError `sandbox_unavailable` when not even 32 KiB can be enforced.
 */
export function safeStackLimit(
  wasmModule: WebAssembly.Module,
  variant: QuickJSSyncVariant | undefined,
  stackBytes: number,
  onDiagnostic?: (line: string) => void,
): Promise<number> {
  let byStack = tested.get(wasmModule);
  if (!byStack) {
    byStack = new Map();
    tested.set(wasmModule, byStack);
  }
  let limit = byStack.get(stackBytes);
  if (!limit) {
    limit = findSafeLimit(wasmModule, variant, stackBytes, onDiagnostic);
    byStack.set(stackBytes, limit);
  }
  return limit;
}
