/**
 * Worker placement, runner side: the body of a sandbox worker. It waits for the kernel side's
 * `init`, loads the engine (the kernel's compiled wasm when sent, else its own), prepares a spare
 * instance, reports ready, then serves one module's runner: the kernel side's calls by name, the
 * guest's requests sent back as messages, and pings. Runtime entries in `worker/` call
 * {@link serveRunnerThread} with their endpoint.
 */
import type { QuickJSSyncVariant } from "quickjs-emscripten-core";
import { type KernelErrorData, type Result, toErrorData } from "../../src/errors.ts";
import type {
  EngineBuild,
  GuestReply,
  GuestRequest,
  InvokeRequest,
  KernelPortApi,
  StartRequest,
  ThreadToKernel,
} from "../protocol.ts";
import { ModuleRunner } from "../runner/module-runner.ts";
import { SpareInstances } from "../runner/spare-instances.ts";
import { isKernelToThread, type MessageEndpoint } from "./thread-messages.ts";

/** How a thread gets its engine: the kernel's compiled wasm when sent, else its own. */
export type ThreadEngineLoader = (
  build: EngineBuild,
  shared: WebAssembly.Module | undefined,
) => Promise<{ readonly wasmModule: WebAssembly.Module; readonly variant?: QuickJSSyncVariant | undefined }>;

/**
 * The spare a thread prepares before it reports ready, with the limits most modules use. A thread
 * serves one module, so the spare is not replaced after use: the warm pool's next thread is.
 */
const SPARE = {
  release: { memoryMiB: 64, stackBytes: 256 * 1024, refill: false },
  debug: { memoryMiB: 256, stackBytes: 256 * 1024, refill: false },
};

/**
 * Serves a runner on `endpoint` (a worker's own `self` / `parentPort`).
 *
 * @example
 * // worker entry
 * serveRunnerThread(self, async (build, shared) => ({ wasmModule: shared ?? (await compileQuickJS()) }));
 */
export function serveRunnerThread(endpoint: MessageEndpoint, loadEngine: ThreadEngineLoader): void {
  const post = (message: ThreadToKernel) => endpoint.postMessage(message);
  const answers = new Map<number, (reply: GuestReply) => void>();
  let nextRequest = 0;
  let runner: ModuleRunner | undefined;
  let initialized = false;

  const port: KernelPortApi = {
    request(request: GuestRequest): Promise<GuestReply> {
      const id = ++nextRequest;
      return new Promise((resolve) => {
        answers.set(id, resolve);
        post({ type: "request", id, request });
      });
    },
    notify(notice) {
      post({ type: "notice", notice });
    },
  };

  async function serve(id: number, method: string, params: unknown): Promise<void> {
    let result: Result<unknown>;
    if (!runner)
      result = { ok: false, error: { code: "sandbox_unavailable", message: "the sandbox thread is not ready" } };
    else if (method === "start") result = await runner.start(params as StartRequest);
    else if (method === "invoke") result = await runner.invoke(params as InvokeRequest);
    else result = await runner.stop();
    post({ type: "reply", id, result });
  }

  endpoint.addEventListener("message", (event) => {
    const message: unknown = event.data;
    if (!isKernelToThread(message)) return;
    switch (message.type) {
      case "ping":
        post({ type: "pong", id: message.id });
        return;
      case "answer": {
        const resolve = answers.get(message.id);
        answers.delete(message.id);
        resolve?.(message.reply);
        return;
      }
      case "call":
        void serve(message.id, message.method, message.params);
        return;
      case "init":
        if (initialized) return;
        initialized = true;
        void start(message.build, message.wasmModule);
        return;
    }
  });
  endpoint.start?.();

  async function start(build: EngineBuild, shared: WebAssembly.Module | undefined): Promise<void> {
    try {
      const engine = await loadEngine(build, shared);
      const spares = new SpareInstances(
        { ...engine, onDiagnostic: (line) => post({ type: "diagnostic", line }) },
        SPARE[build],
      );
      // The first instance compiles the engine's code and runs its stack self-test: done before
      // ready, so the first mount in a warm thread costs what later ones do.
      await spares.warm();
      runner = new ModuleRunner(spares, port, {
        onCreated: (moduleId) => post({ type: "created", moduleId }),
        onDisposed: (report) => post({ type: "disposed", report }),
      });
      post({ type: "ready" });
    } catch (error) {
      const data: KernelErrorData = toErrorData(
        error,
        "sandbox_unavailable",
        "the sandbox thread could not load its engine",
      );
      post({ type: "failed", error: data });
    }
  }
}
