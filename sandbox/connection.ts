/**
 * The one place the two halves of a sandbox meet. A connector creates the host half for a
 * module's kernel port and returns the API to reach it. The boundary's connector
 * (`boundary/boundary.ts`) places the host inline or in a worker and speaks comlink over an
 * Endpoint; the direct connector below calls the host half in-process, structured-cloning every
 * message so that nothing but data crosses (the engine's own tests use it).
 */
import type { Coordinator } from "../src/contracts.ts";
import type { SandboxOptions } from "../src/plan/sandbox-options.ts";
import { SandboxHost, type SandboxHostOptions } from "./host/sandbox-host.ts";
import type { KernelPortApi, SandboxHostApi } from "./protocol.ts";

/** What a connector knows about the module it connects. */
export interface SandboxConnectContext {
  readonly moduleId: string;
  /** The coordinator the module mounts on (the capability gates answer against it). */
  readonly coordinator?: Coordinator | undefined;
  /** The plan entry's `sandbox:` block: `placement` and `permissions` are the connector's to apply. */
  readonly sandbox?: SandboxOptions | undefined;
}

/** Creates the host half of a sandbox for a kernel port and returns the API to reach it. */
export type SandboxConnector = (port: KernelPortApi, context?: SandboxConnectContext) => SandboxHostApi;

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
