/**
 * The one place the two halves of a sandbox meet. In this version they are connected in-process:
 * the kernel side calls the host half directly, and every message is structured-cloned on the
 * way, so nothing but data crosses (exactly what a MessageChannel or a worker would carry).
 * A transport such as comlink replaces this file's connector without touching either half.
 */
import { SandboxHost, type SandboxHostOptions } from "./host/sandbox-host.ts";
import type { KernelPortApi, SandboxHostApi } from "./protocol.ts";

/** Creates the host half of a sandbox for a kernel port and returns the API to reach it. */
export type SandboxConnector = (port: KernelPortApi) => SandboxHostApi;

const copy = <T>(value: T): T => structuredClone(value);

/**
 * A connector that runs the sandbox host on this thread.
 *
 * @example
 * const connect = inlineConnector({ wasmModule: await loadQuickJSWasm() });
 * const module = createSandboxedModule(source, { id: "tool-weather", connect });
 */
export function inlineConnector(options: SandboxHostOptions): SandboxConnector {
  return (port) => {
    const copiedPort: KernelPortApi = {
      request: async (request) => copy(await port.request(copy(request))),
      notify: (notice) => port.notify(copy(notice)),
    };
    const host = new SandboxHost(options, copiedPort);
    return {
      start: async (request) => copy(await host.start(copy(request))),
      invoke: async (request) => copy(await host.invoke(copy(request))),
      stop: async () => copy(await host.stop()),
    };
  };
}
