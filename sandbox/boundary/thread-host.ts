/**
 * The inside of a worker thread: waits for the kernel's `init`, loads the engine (using the
 * compiled wasm the kernel sent, or compiling its own), serves one sandbox host, then answers
 * pings. Runtime entries in `worker/` call {@link serveSandboxThread} with their endpoint.
 */
import type { Endpoint } from "comlink";
import type { QuickJSSyncVariant } from "quickjs-emscripten-core";
import { KernelError } from "../../src/errors.ts";
import { channelEndpoint } from "./channels.ts";
import { serveSandboxHost } from "./host-service.ts";
import { isThreadCommand, type SandboxBuild, type ThreadReport } from "./thread-protocol.ts";

/** How a thread gets its engine: the kernel's compiled wasm when sent, else its own. */
export type ThreadEngineLoader = (
  build: SandboxBuild,
  shared: WebAssembly.Module | undefined,
) => Promise<{ readonly wasmModule: WebAssembly.Module; readonly variant?: QuickJSSyncVariant | undefined }>;

/**
 * Serves the sandbox thread protocol on `endpoint` (a worker's own `self` / `parentPort`).
 *
 * @example
 * // worker entry
 * serveSandboxThread(nodeEndpoint(parentPort), async (build, shared) => ({ wasmModule: shared ?? (await loadQuickJSWasm()) }));
 */
export function serveSandboxThread(endpoint: Endpoint, loadEngine: ThreadEngineLoader): void {
  const control = channelEndpoint(endpoint, "thread");
  const report = (message: ThreadReport) => control.postMessage(message);
  let initialized = false;
  control.addEventListener("message", (event) => {
    const command: unknown = (event as MessageEvent).data;
    if (!isThreadCommand(command)) return;
    if (command.type === "ping") {
      report({ type: "pong", id: command.id });
      return;
    }
    if (initialized) return;
    initialized = true;
    loadEngine(command.build, command.wasmModule).then(
      ({ wasmModule, variant }) => {
        serveSandboxHost(endpoint, {
          wasmModule,
          variant,
          onDiagnostic: (line) => report({ type: "diagnostic", line }),
          onCreated: (moduleId) => report({ type: "created", moduleId }),
          onDisposed: (disposed) => report({ type: "disposed", report: disposed }),
        });
        report({ type: "ready" });
      },
      (error: unknown) => {
        const data = KernelError.is(error)
          ? error.toData()
          : {
              code: "sandbox_unavailable" as const,
              message: `the sandbox thread could not load its engine: ${String(error)}`,
            };
        report({ type: "failed", error: data });
      },
    );
  });
  control.start?.();
}
