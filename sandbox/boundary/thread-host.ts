/**
 * The inside of a worker thread: waits for the kernel's `init`, loads the engine (using the
 * compiled wasm the kernel sent, or compiling its own), serves one sandbox host, then answers
 * pings. Runtime entries in `worker/` call {@link serveSandboxThread} with their endpoint.
 */
import type { Endpoint } from "comlink";
import type { QuickJSSyncVariant } from "quickjs-emscripten-core";
import { KernelError } from "../../src/errors.ts";
import { SandboxHost, type SandboxHostOptions } from "../host/sandbox-host.ts";
import { DEFAULT_SANDBOX_LIMITS } from "../limits.ts";
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
    loadEngine(command.build, command.wasmModule)
      .then(async (engine) => {
        await warmUp({ wasmModule: engine.wasmModule, variant: engine.variant }, command.build);
        return engine;
      })
      .then(
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

const WARM_UP_SOURCE = `import { ToolResult } from "amplifier-core";
export async function mount(coordinator) {
  await coordinator.mount("tools", { name: "warm_up", description: "", execute: async (input) => ToolResult.ok(input) });
}`;

/**
 * Runs a tiny module through a whole sandbox life (load, mount, one call, stop) before the thread
 * reports ready: the engine's code is compiled and its stack self-test done, so the first real
 * mount in a warm thread costs what later ones do.
 */
async function warmUp(options: SandboxHostOptions, build: SandboxBuild): Promise<void> {
  const host = new SandboxHost(options, {
    request: async () => ({ ok: true, value: null }),
    notify: async () => undefined,
  });
  const limits =
    build === "debug" ? { ...DEFAULT_SANDBOX_LIMITS, memoryMiB: 256, timeoutMs: 10_000 } : DEFAULT_SANDBOX_LIMITS;
  try {
    const started = await host.start({
      moduleId: "warm-up",
      source: { files: { "index.js": WARM_UP_SOURCE }, entry: "index.js" },
      config: {},
      limits,
      session: { session_id: "warm-up", parent_id: null },
    });
    if (!started.ok) throw KernelError.fromData(started.error);
    const called = await host.invoke({ target: "tools:warm_up", method: "execute", args: [{ ready: true }] });
    if (!called.ok) throw KernelError.fromData(called.error);
  } finally {
    await host.stop();
  }
}
