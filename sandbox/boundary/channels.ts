/**
 * One Endpoint, several conversations. A sandbox is reached over a single Endpoint (a
 * MessagePort, a Web Worker, a worker_thread), but comlink needs one endpoint per exposed object:
 * the kernel calls the sandbox host, the host calls the kernel port back, and the thread reports
 * its life. Each gets a named channel here, so no MessagePort has to be transferred (workerd and
 * some embedders cannot transfer ports) and either side can be served by plain `expose`/`wrap`.
 */
import type { Endpoint } from "comlink";

/** The channels of a sandbox endpoint. */
export type ChannelName = "host" | "kernel" | "thread";

/** The envelope every message of a channel travels in. */
interface Envelope {
  readonly channel: ChannelName;
  readonly body: unknown;
}

type Listener = EventListenerOrEventListenerObject;

function isEnvelope(data: unknown): data is Envelope {
  return data !== null && typeof data === "object" && typeof (data as { channel?: unknown }).channel === "string";
}

/**
 * The Endpoint of one named channel over `endpoint`: what is posted on it arrives only at the
 * same channel on the other side, as `event.data`, exactly as comlink sent it.
 *
 * @example
 * Comlink.expose(host, channelEndpoint(port, "host"));
 * const kernel = Comlink.wrap<KernelPortApi>(channelEndpoint(port, "kernel"));
 */
export function channelEndpoint(endpoint: Endpoint, channel: ChannelName): Endpoint {
  const wrapped = new Map<Listener, (event: Event) => void>();
  return {
    postMessage(message: unknown, transfer?: Parameters<Endpoint["postMessage"]>[1]) {
      const envelope: Envelope = { channel, body: message };
      if (transfer && transfer.length > 0) endpoint.postMessage(envelope, transfer);
      else endpoint.postMessage(envelope);
    },
    addEventListener(type: string, listener: Listener) {
      if (wrapped.has(listener)) return;
      const filtered = (event: Event) => {
        const data = (event as MessageEvent).data;
        if (!isEnvelope(data) || data.channel !== channel) return;
        const unwrapped = { data: data.body } as MessageEvent;
        if (typeof listener === "function") listener(unwrapped);
        else listener.handleEvent(unwrapped);
      };
      wrapped.set(listener, filtered);
      endpoint.addEventListener(type, filtered as Listener);
    },
    removeEventListener(type: string, listener: Listener) {
      const filtered = wrapped.get(listener);
      if (!filtered) return;
      wrapped.delete(listener);
      endpoint.removeEventListener(type, filtered as Listener);
    },
    start() {
      endpoint.start?.();
    },
  };
}
