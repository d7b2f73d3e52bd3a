/**
 * The kernel-side gate in front of a sandboxed module's kernel port: it answers the capability
 * requests (fetch, storage, transcript, named capabilities) under the module's permissions and
 * passes everything else to the kernel port. Every denial is reported as `policy:violation`.
 */
import type { Coordinator } from "../../src/contracts.ts";
import { KernelError } from "../../src/errors.ts";
import type { MessageStore } from "../../src/storage/message-store.ts";
import {
  fail,
  type GuestGrants,
  type GuestReply,
  type GuestRequest,
  type HostNotice,
  type KernelPortApi,
  ok,
} from "../protocol.ts";
import { type GuestFetchRequest, gatedFetch, type HostFetch } from "./fetch-gate.ts";
import { callCapability, jsonCopy, snapshotCapabilities } from "./named-capabilities.ts";
import type { ResolvedPermissions } from "./permissions.ts";
import { CAPABILITY_OPS, type CapabilityRequest, parseCapabilityRequest } from "./requests.ts";
import type { SecretResolver } from "./secrets.ts";
import { StorageArea, type StorageRequest } from "./storage-gate.ts";
import { Denial, deny, reportDenial } from "./violations.ts";

/** What the host lends the gates: its fetch, its secrets, its store. Nothing reaches the guest. */
export interface CapabilityHost {
  /** The host's fetch (default: the runtime's). Tests inject a transport to 127.0.0.1 here. */
  readonly fetch?: HostFetch | undefined;
  /** Resolves credentials named in `permissions.secrets`. */
  readonly secrets?: SecretResolver | undefined;
  /** The store of `permissions.storage` (default: the coordinator's `session.store` capability). */
  readonly store?: MessageStore | undefined;
  /** Largest response body a guest may fetch (default 1 MiB, never more than the message limit). */
  readonly maxResponseBytes?: number | undefined;
  /** Time a guest's fetch may take, redirects included (default 10 s). */
  readonly fetchTimeoutMs?: number | undefined;
  /** Redirects followed per fetch (default 5). */
  readonly maxRedirects?: number | undefined;
  /** Fetches in flight per module (default 4); more wait their turn. */
  readonly maxConcurrentFetches?: number | undefined;
}

/** Options of {@link CapabilityGate}. */
export interface CapabilityGateOptions {
  readonly moduleId: string;
  readonly coordinator: Coordinator;
  readonly permissions: ResolvedPermissions;
  readonly port: KernelPortApi;
  readonly host: CapabilityHost;
  readonly maxMessageBytes: number;
}

const DEFAULT_RESPONSE_BYTES = 1024 * 1024;

/** One module's gate: a KernelPortApi that enforces its permissions. */
export class CapabilityGate implements KernelPortApi {
  readonly #options: CapabilityGateOptions;
  readonly #waiting: (() => void)[] = [];
  #fetching = 0;
  #storage: StorageArea | undefined;

  constructor(options: CapabilityGateOptions) {
    this.#options = options;
  }

  /** What the guest is told at start: which globals exist, and the granted capabilities present now. */
  grants(): GuestGrants {
    const { permissions, coordinator } = this.#options;
    return {
      fetch: permissions.fetch.length > 0,
      storage: permissions.storage !== undefined,
      transcript: permissions.transcript,
      capabilities: snapshotCapabilities(coordinator, permissions.capabilities),
    };
  }

  async request(request: GuestRequest): Promise<GuestReply> {
    const op = (request as { op: string }).op;
    if (!CAPABILITY_OPS.has(op)) return this.#options.port.request(request);
    const { coordinator, moduleId } = this.#options;
    const cancellation = coordinator.cancellation.state;
    try {
      const value = await this.#answer(parseCapabilityRequest(request));
      return { ...ok(value), cancellation };
    } catch (error) {
      const thrown = error instanceof Denial ? await reportDenial(coordinator, moduleId, error) : error;
      const data = KernelError.is(thrown)
        ? thrown.toData()
        : { code: "internal" as const, message: `${op} failed: ${String(thrown)}` };
      return { ...fail(data.code, data.message, data.data), cancellation };
    }
  }

  notify(notice: HostNotice): Promise<void> {
    return this.#options.port.notify(notice);
  }

  async #answer(request: CapabilityRequest): Promise<unknown> {
    const { permissions, coordinator } = this.#options;
    switch (request.op) {
      case "fetch":
        return this.#fetch(request);
      case "storage":
        return this.#storageArea().run(storageRequest(request), coordinator.cancellation.signal);
      case "transcript": {
        if (!permissions.transcript) {
          deny(
            { capability: "transcript", action: "read", target: "context", reason: "not granted" },
            "reading the transcript (context.get_messages) is not in this module's permissions",
          );
        }
        const context = coordinator.get("context");
        if (!context) throw new KernelError("not_initialized", "no context manager is mounted");
        return jsonCopy(await context.get_messages(), "the transcript");
      }
      case "capability": {
        const granted = permissions.capabilities.includes(request.name);
        if (!granted) {
          deny(
            { capability: "capabilities", action: request.action, target: request.name, reason: "not granted" },
            `${request.action}_capability("${request.name}") is not in this module's permissions`,
          );
        }
        if (request.action === "register") {
          coordinator.register_capability(request.name, jsonCopy(request.value, `capability "${request.name}"`));
          return null;
        }
        return snapshotCapabilities(coordinator, [request.name])[request.name] ?? null;
      }
      case "capability.call": {
        if (!permissions.capabilities.includes(request.name)) {
          deny(
            { capability: "capabilities", action: "call", target: request.name, reason: "not granted" },
            `calling capability "${request.name}" is not in this module's permissions`,
          );
        }
        return callCapability(coordinator, request.name, request.method, request.args);
      }
    }
  }

  async #fetch(request: GuestFetchRequest): Promise<unknown> {
    const { permissions, host, maxMessageBytes, coordinator } = this.#options;
    if (permissions.fetch.length === 0) {
      const target = hostOf(request.url);
      deny(
        { capability: "fetch", action: "fetch", target, reason: "not granted" },
        `fetch to ${target} is not in this module's permissions`,
      );
    }
    const fetcher = host.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
    await this.#fetchSlot();
    try {
      return await gatedFetch(
        request,
        {
          hosts: permissions.fetch,
          secrets: permissions.secrets,
          resolveSecret: host.secrets,
          fetch: fetcher,
          // The response must still fit in a message to the guest, with room for its envelope.
          maxResponseBytes: Math.min(
            host.maxResponseBytes ?? DEFAULT_RESPONSE_BYTES,
            Math.floor(maxMessageBytes * 0.9),
          ),
          timeoutMs: host.fetchTimeoutMs ?? 10_000,
          maxRedirects: host.maxRedirects ?? 5,
        },
        coordinator.cancellation.signal,
      );
    } finally {
      this.#fetching -= 1;
      this.#waiting.shift()?.();
    }
  }

  async #fetchSlot(): Promise<void> {
    const limit = this.#options.host.maxConcurrentFetches ?? 4;
    if (this.#fetching >= limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#fetching += 1;
  }

  #storageArea(): StorageArea {
    const { permissions, coordinator, host, moduleId } = this.#options;
    const quota = permissions.storage?.quotaBytes;
    if (quota === undefined) {
      return deny(
        { capability: "storage", action: "use", target: moduleId, reason: "not granted" },
        "storage is not in this module's permissions",
      );
    }
    if (this.#storage) return this.#storage;
    const store = host.store ?? coordinator.get_capability<MessageStore>("session.store");
    if (!store) throw new KernelError("storage_failed", "this session has no store for the module's storage area");
    this.#storage = new StorageArea(store, coordinator.session_id, moduleId, quota);
    return this.#storage;
  }
}

function storageRequest(request: Extract<CapabilityRequest, { op: "storage" }>): StorageRequest {
  if (request.method === "keys") return { method: "keys" };
  const key = request.key ?? "";
  if (request.method === "set") return { method: "set", key, value: request.value ?? null };
  return { method: request.method, key };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url.slice(0, 200);
  }
}
