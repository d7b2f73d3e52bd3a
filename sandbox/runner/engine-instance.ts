/**
 * One QuickJS WebAssembly instance per sandboxed module, each with its own capped memory. The wasm
 * is compiled once per thread by the runtime entry (worker/) and handed in as a Module.
 */
import releaseVariant from "@jitl/quickjs-wasmfile-release-sync";
import {
  type CustomizeVariantOptions,
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSSyncVariant,
  type QuickJSWASMModule,
} from "quickjs-emscripten-core";

const PAGE_BYTES = 65_536;
/** The QuickJS build imports at least 256 pages (16 MiB); a smaller memory fails to link. */
export const MIN_MEMORY_MIB = 16;

/** A fresh QuickJS instance and the one linear memory it can use. */
export interface EngineInstance {
  readonly quickjs: QuickJSWASMModule;
  readonly memory: WebAssembly.Memory;
  /** The hard cap of `memory`, in bytes. */
  readonly capBytes: number;
  /**
   * True once the engine asked for more memory than its cap allows: observed by the host at the
   * memory itself, so an "out of memory" the guest merely claims is never taken for one.
   */
  readonly exhausted: boolean;
  /**
   * Installs `escalate`, asked at every interrupt poll after the runtime's own handler. When it
   * returns an error, that error is thrown through the engine's frames back to the host's call
   * into the guest, abandoning the running guest code; the instance must then be dropped.
   */
  setInterruptEscalation(escalate: () => Error | undefined): void;
}

/** The library's callbacks on its emscripten module (quickjs-emscripten-core 0.32.0, pinned). */
interface EngineCallbacks {
  shouldInterrupt: (asyncify: unknown, runtime: number) => unknown;
}

/**
 * Instantiates a fresh QuickJS wasm instance whose linear memory can never exceed `memoryMiB`.
 * `setMemoryLimit` is not a total cap in these builds; the `WebAssembly.Memory` maximum is.
 * `variant` defaults to the release build; tests pass the debug build (whose `wasmModule` must
 * be compiled from the debug wasm) to check for leaks.
 */
export async function createEngineInstance(
  wasmModule: WebAssembly.Module,
  memoryMiB: number,
  variant: QuickJSSyncVariant = releaseVariant,
  onDiagnostic: (line: string) => void = () => {},
): Promise<EngineInstance> {
  const capMiB = Math.max(MIN_MEMORY_MIB, Math.floor(memoryMiB));
  const memory = new WebAssembly.Memory({
    initial: (MIN_MEMORY_MIB * 1024 * 1024) / PAGE_BYTES,
    maximum: (capMiB * 1024 * 1024) / PAGE_BYTES,
  });
  let exhausted = false;
  // The engine grows its heap through this object's grow(); a refusal is the host's own proof
  // that the instance ran into its cap.
  const grow = memory.grow.bind(memory);
  memory.grow = (pages: number) => {
    try {
      return grow(pages);
    } catch (error) {
      exhausted = true;
      throw error;
    }
  };
  // Emscripten prints heap-growth failures and (debug builds) leak reports; they go to the owner, not the
  // console. `quit` must throw instead of touching the host process's exit code.
  const emscriptenModule: NonNullable<CustomizeVariantOptions["emscriptenModule"]> = {
    print: onDiagnostic,
    printErr: onDiagnostic,
    quit: (_status: number, toThrow: unknown) => {
      throw toThrow;
    },
  } as NonNullable<CustomizeVariantOptions["emscriptenModule"]>;
  const quickjs = await newQuickJSWASMModuleFromVariant(
    newVariant(importedOnce(variant), { wasmModule, wasmMemory: memory, emscriptenModule }),
  );
  return {
    quickjs,
    memory,
    capBytes: capMiB * 1024 * 1024,
    get exhausted() {
      return exhausted;
    },
    setInterruptEscalation(escalate) {
      // An uncatchable interrupt is still turned into a rejection by every async function frame it
      // crosses, and the library answers exceptions of an interrupt handler with "interrupt". So a
      // guest can keep running past its limit by doing its work inside async calls from a loop.
      // Throwing from the engine's own interrupt import is the one way to unwind the whole guest.
      const callbacks = (quickjs as unknown as { module?: { callbacks?: EngineCallbacks } }).module?.callbacks;
      if (!callbacks) throw new Error("the QuickJS build has no interrupt callback to escalate from");
      const poll = callbacks.shouldInterrupt.bind(callbacks);
      callbacks.shouldInterrupt = (asyncify, runtime) => {
        const answer = poll(asyncify, runtime);
        const error = escalate();
        if (error) throw error;
        return answer;
      };
    },
  };
}

const importedVariants = new WeakMap<QuickJSSyncVariant, QuickJSSyncVariant>();

/**
 * The variant with its emscripten glue and FFI imported once per thread. A variant's loaders are
 * dynamic `import()`s, run again for every instance; under a module loader with hooks (tsx, test
 * runners) each costs milliseconds, which profiles of a sandbox's cold mount showed.
 */
function importedOnce(variant: QuickJSSyncVariant): QuickJSSyncVariant {
  let imported = importedVariants.get(variant);
  if (!imported) {
    const moduleLoader = variant.importModuleLoader();
    const ffi = variant.importFFI();
    imported = { ...variant, importModuleLoader: () => moduleLoader, importFFI: () => ffi };
    importedVariants.set(variant, imported);
  }
  return imported;
}
