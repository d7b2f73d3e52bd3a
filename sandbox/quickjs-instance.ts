/**
 * One QuickJS WebAssembly instance per sandboxed module, each with its own capped memory.
 * The wasm is compiled once per thread by the runtime entry (worker/) and handed in as a Module.
 */
import releaseVariant from "@jitl/quickjs-wasmfile-release-sync";
import { newQuickJSWASMModuleFromVariant, newVariant, type QuickJSWASMModule } from "quickjs-emscripten-core";

const PAGE_BYTES = 65_536;
/** The QuickJS build imports at least 256 pages (16 MiB); a smaller memory fails to link. */
export const MIN_MEMORY_MIB = 16;

/**
 * Instantiates a fresh QuickJS wasm instance whose linear memory can never exceed `memoryMiB`.
 * `setMemoryLimit` is not a total cap in these builds; the `WebAssembly.Memory` maximum is.
 */
export async function instantiateQuickJS(
  wasmModule: WebAssembly.Module,
  memoryMiB: number,
): Promise<QuickJSWASMModule> {
  const capMiB = Math.max(MIN_MEMORY_MIB, Math.floor(memoryMiB));
  const wasmMemory = new WebAssembly.Memory({
    initial: (MIN_MEMORY_MIB * 1024 * 1024) / PAGE_BYTES,
    maximum: (capMiB * 1024 * 1024) / PAGE_BYTES,
  });
  return newQuickJSWASMModuleFromVariant(newVariant(releaseVariant, { wasmModule, wasmMemory }));
}
