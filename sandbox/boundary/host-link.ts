/**
 * The kernel's side of the seam: a typed client of a sandbox host over any Endpoint, with the
 * kernel port exposed back to it. comlink alone would leave a call pending forever when the other
 * side dies; here every call in flight is failed as data (`sandbox_killed` or the reason given)
 * the moment the link is severed, and later calls fail at once.
 */
import { type Endpoint, expose, type Remote, wrap } from "comlink";
import type { KernelErrorData } from "../../src/errors.ts";
import type {
  GuestReply,
  GuestRequest,
  HostNotice,
  KernelPortApi,
  SandboxHostApi,
  SandboxResult,
} from "../protocol.ts";
import { channelEndpoint } from "./channels.ts";

/** A live client of one sandbox host. */
export interface HostLink {
  /** The host's API: every method answers with a SandboxResult, even when the host is gone. */
  readonly api: SandboxHostApi;
  /** True until {@link HostLink.sever} is called. */
  readonly alive: boolean;
  /** How many calls are waiting for the host. */
  readonly pending: number;
  /** Fails every call in flight, and every later one, with `error`. Idempotent. */
  sever(error: KernelErrorData): void;
}

/**
 * Connects to the sandbox host served on `endpoint` and answers its guest requests with `port`.
 *
 * @example
 * const link = linkSandboxHost(thread.endpoint, kernelPort);
 * const started = await link.api.start(request); // { ok: true, value } | { ok: false, error }
 */
export function linkSandboxHost(endpoint: Endpoint, port: KernelPortApi): HostLink {
  // The kernel port answers with data; a throw (a kernel bug) still becomes data, never a comlink error.
  const exposed: KernelPortApi = {
    async request(request: GuestRequest): Promise<GuestReply> {
      try {
        return await port.request(request);
      } catch (error) {
        return { ok: false, error: { code: "internal", message: `the kernel failed: ${String(error)}` } };
      }
    },
    async notify(notice: HostNotice): Promise<void> {
      try {
        await port.notify(notice);
      } catch {
        // A listener's failure is the listener's; the sandbox's life goes on.
      }
    },
  };
  expose(exposed, channelEndpoint(endpoint, "kernel"));
  const remote: Remote<SandboxHostApi> = wrap<SandboxHostApi>(channelEndpoint(endpoint, "host"));
  const waiting = new Set<(result: SandboxResult<never>) => void>();
  let severed: KernelErrorData | undefined;

  function call<T>(send: () => Promise<SandboxResult<T>>): Promise<SandboxResult<T>> {
    if (severed) return Promise.resolve({ ok: false, error: severed });
    return new Promise<SandboxResult<T>>((resolve) => {
      const settle = (result: SandboxResult<T>) => {
        if (!waiting.delete(settle as (result: SandboxResult<never>) => void)) return;
        resolve(result);
      };
      waiting.add(settle as (result: SandboxResult<never>) => void);
      send().then(settle, (error: unknown) =>
        settle({
          ok: false,
          error: { code: "sandbox_unavailable", message: `the sandbox did not answer: ${String(error)}` },
        }),
      );
    });
  }

  return {
    api: {
      start: (request) => call(() => remote.start(request)),
      invoke: (request) => call(() => remote.invoke(request)),
      stop: () => call(() => remote.stop()),
    },
    get alive() {
      return severed === undefined;
    },
    get pending() {
      return waiting.size;
    },
    sever(error) {
      if (severed) return;
      severed = error;
      for (const settle of [...waiting]) settle({ ok: false, error });
    },
  };
}
