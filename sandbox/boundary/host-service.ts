/**
 * The sandbox host's side of the seam: a SandboxHost exposed with comlink over any Endpoint, its
 * kernel port reached back over the same Endpoint. It runs wherever the engine runs: on the
 * kernel's thread (inline placement) or inside a worker (worker placement).
 */
import { type Endpoint, expose, wrap } from "comlink";
import { SandboxHost, type SandboxHostOptions } from "../host/sandbox-host.ts";
import { fail, type KernelPortApi, type SandboxHostApi } from "../protocol.ts";
import { channelEndpoint } from "./channels.ts";

/**
 * Serves one sandbox host on `endpoint`: the kernel calls it on the `host` channel, and it calls
 * the kernel port on the `kernel` channel. Nothing thrown crosses: every answer is a SandboxResult.
 *
 * @example
 * const { port1, port2 } = new MessageChannel();
 * serveSandboxHost(port2, { wasmModule });
 * const link = linkSandboxHost(port1, kernelPort);
 */
export function serveSandboxHost(endpoint: Endpoint, options: SandboxHostOptions): SandboxHostApi {
  const remote = wrap<KernelPortApi>(channelEndpoint(endpoint, "kernel"));
  // The remote answers with data; a transport failure becomes data here so the engine sees a reply.
  const port: KernelPortApi = {
    request: (request) =>
      remote.request(request).catch((error: unknown) => ({
        ...fail("sandbox_unavailable", `the kernel did not answer coordinator.${request.op}(): ${String(error)}`),
      })),
    notify: (notice) => remote.notify(notice).catch(() => undefined),
  };
  const host = new SandboxHost(options, port);
  const api: SandboxHostApi = {
    start: (request) => host.start(request),
    invoke: (request) => host.invoke(request),
    stop: () => host.stop(),
  };
  expose(api, channelEndpoint(endpoint, "host"));
  return api;
}
