/**
 * Inline placement: the sandbox host runs on the kernel's thread, reached over a MessageChannel,
 * so the kernel talks to it exactly as it talks to a worker. The only placement on Workers.
 */
import type { SandboxHostOptions } from "../host/sandbox-host.ts";
import { serveSandboxHost } from "./host-service.ts";
import type { SandboxThread, ThreadExit, ThreadObserver } from "./sandbox-thread.ts";

/** What an inline thread needs: the engine options of this thread. */
export type InlineThreadOptions = Omit<SandboxHostOptions, "onDiagnostic" | "onCreated" | "onDisposed">;

/**
 * Creates an inline thread: a sandbox host on this thread behind a fresh MessageChannel.
 *
 * @example
 * await using thread = createInlineThread({ wasmModule }, {});
 * const link = linkSandboxHost(thread.endpoint, kernelPort);
 */
export function createInlineThread(options: InlineThreadOptions, observer: ThreadObserver): SandboxThread {
  const { port1, port2 } = new MessageChannel();
  const host = serveSandboxHost(port2, {
    ...options,
    onDiagnostic: observer.onDiagnostic,
    onCreated: observer.onCreated,
    onDisposed: observer.onDisposed,
  });
  let markExited: (exit: ThreadExit) => void = () => undefined;
  const exited = new Promise<ThreadExit>((resolve) => {
    markExited = resolve;
  });
  let ended = false;
  const terminate = async () => {
    if (ended) return;
    ended = true;
    // Same thread: stopping the host releases its engine at once; then the channel is closed.
    await host.stop();
    port1.close();
    port2.close();
    markExited({ cause: "terminated", message: "the inline sandbox was stopped" });
  };
  return {
    placement: "inline",
    endpoint: port1,
    exited,
    ping: async () => !ended,
    terminate,
    [Symbol.asyncDispose]: terminate,
  };
}
