/**
 * The kernel side's gate of a sandboxed module's capabilities: it answers the capability requests
 * (fetch, storage, transcript, named capabilities) under the module's permissions. Every denial is
 * reported as `policy:violation`, and the guest gets `capability_denied`.
 */
import type { Coordinator } from "../../../src/contracts.ts";
import { KernelError } from "../../../src/errors.ts";
import type { MessageStore } from "../../../src/storage/message-store.ts";
import type { GuestGrants, GuestRequest } from "../../protocol.ts";
import { type GuestFetchRequest, gatedFetch, type HostFetch } from "./fetch-gate.ts";
import { callCapability, jsonCopy, snapshotCapabilities } from "./named-capabilities.ts";
import type { ResolvedPermissions } from "./permissions.ts";
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
  readonly host: CapabilityHost;
  readonly maxMessageBytes: number;
}

/** The requests a capability gate answers. */
export type CapabilityRequest = Extract<
  GuestRequest,
  { op: "fetch" } | { op: "storage" } | { op: "transcript" } | { op: "capability" } | { op: "capability.call" }
>;

/** True for the ops the capability gate answers. */
export function isCapabilityRequest(request: GuestRequest): request is CapabilityRequest {
  const op = request.op;
  return op === "fetch" || op === "storage" || op === "transcript" || op === "capability" || op === "capability.call";
}

const DEFAULT_RESPONSE_BYTES = 1024 * 1024;

/** One module's gate: answers its capability requests under its permissions. */
export class CapabilityGate {
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

  /**
   * Answers a capability request.
   *
   * @throws KernelError `capability_denied` (reported as `policy:violation`), or the capability's own failure.
   */
  async answer(request: CapabilityRequest): Promise<unknown> {
    try {
      return await this.#answer(request);
    } catch (error) {
      if (error instanceof Denial) throw await reportDenial(this.#options.coordinator, this.#options.moduleId, error);
      throw error;
    }
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

function storageRequest(request: Extract<GuestRequest, { op: "storage" }>): StorageRequest {
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
