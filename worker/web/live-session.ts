/**
 * One session living in the worker: the kernel Session plus what the page needs around it, its
 * events forwarded in order, its approvals asked of the page, the view the provider last
 * received, and a per-turn abort that `cancel(true)` uses.
 */
import type { ContextManager, MessagesForRequestOptions } from "../../src/contracts.ts";
import { KernelError } from "../../src/errors.ts";
import { CONTEXT_COMPACTION } from "../../src/hooks/events.ts";
import type { Message } from "../../src/models/index.ts";
import type { Session } from "../../src/session.ts";
import type { CompactionFigures, LastRequest } from "./client-types.ts";
import type { EventForwarder } from "./event-forwarder.ts";
import { toJsonSafeRecord } from "./json-safe.ts";
import { LastResponseWatch } from "./last-response.ts";
import type { PageApproval } from "./page-approval.ts";
import type { ProbeContext } from "./session-probes.ts";

/** Options of {@link LiveSession}. */
export interface LiveSessionOptions {
  readonly session: Session;
  readonly approval: PageApproval;
  readonly forwarder: EventForwarder;
  /** The session's sandboxes, released after its cleanups ran. */
  readonly sandboxes: AsyncDisposable;
  readonly now: () => Date;
  /** Notes in the store that a turn runs, and that it ended, so a reload mid-turn is reported on resume. */
  readonly turnNote?: { running(prompt: string): Promise<void>; ended(): Promise<void> };
  readonly newId: () => string;
}

/** A session held by the worker host on behalf of the page. */
export class LiveSession {
  readonly session: Session;
  readonly #approval: PageApproval;
  readonly #forwarder: EventForwarder;
  readonly #sandboxes: AsyncDisposable;
  readonly #now: () => Date;
  readonly #turnNote: LiveSessionOptions["turnNote"];
  readonly #newId: () => string;
  readonly #stopObserving: () => void;
  #turn: number | undefined;
  #turnAbort: AbortController | undefined;
  #lastRequest: Omit<LastRequest, "compaction"> | undefined;
  #compaction: CompactionFigures | undefined;
  readonly #lastResponse: LastResponseWatch;
  #closed: Promise<void> | undefined;

  constructor(options: LiveSessionOptions) {
    this.session = options.session;
    this.#approval = options.approval;
    this.#forwarder = options.forwarder;
    this.#sandboxes = options.sandboxes;
    this.#now = options.now;
    this.#turnNote = options.turnNote;
    this.#newId = options.newId;
    this.#lastResponse = new LastResponseWatch(options.now);
    this.#stopObserving = this.session.coordinator.hooks.observe((name, data) => {
      const safe = toJsonSafeRecord(data);
      if (name === CONTEXT_COMPACTION) this.#compaction = safe as CompactionFigures;
      this.#lastResponse.observe(name, safe);
      this.#forwarder.push(name, safe, this.#turn);
    });
  }

  get id(): string {
    return this.session.sessionId;
  }

  /** The turn running now (numbered by the page), if any. */
  get turn(): number | undefined {
    return this.#turn;
  }

  /**
   * Mounts the plan's modules and starts watching what the context hands the provider.
   * @throws KernelError `mount_failed` when the orchestrator or context cannot mount.
   */
  async open(): Promise<void> {
    await this.session.initialize();
    const context = this.session.coordinator.get("context");
    if (context) {
      this.#watchRequests(context);
      this.#lastResponse.watch(context);
    }
  }

  /** Runs one turn; resolves after every event of the turn has reached the page. */
  async execute(prompt: string, turn: number): Promise<string> {
    return this.#asTurn(turn, (signal) => this.session.execute(prompt, { signal }), prompt);
  }

  /**
   * Runs a probe (a tool called or an event fired by hand) like a turn: one at a time, its events
   * numbered with `turn`, cancelled by `cancel(true)`.
   */
  async probe<T>(turn: number, body: (context: ProbeContext) => Promise<T>): Promise<T> {
    return this.#asTurn(turn, (signal) => body({ session: this.session, now: this.#now, newId: this.#newId, signal }));
  }

  /** Runs `body` as the session's one turn; a model turn (with its `prompt`) is noted in the store while it runs. */
  async #asTurn<T>(turn: number, body: (signal: AbortSignal) => Promise<T>, prompt?: string): Promise<T> {
    if (this.#closed) throw new KernelError("not_initialized", `Session ${this.id} was closed; resume it to continue.`);
    if (this.#turn !== undefined) throw new KernelError("session_busy", "A turn is already running in this session.");
    const abort = new AbortController();
    this.#turn = turn;
    this.#turnAbort = abort;
    try {
      if (prompt !== undefined) await this.#turnNote?.running(prompt);
      return await body(abort.signal);
    } finally {
      // A note that cannot be deleted only makes the next resume report a turn that did end.
      if (prompt !== undefined) await this.#turnNote?.ended().catch(() => undefined);
      await this.#forwarder.flush();
      this.#turn = undefined;
      this.#turnAbort = undefined;
    }
  }

  /** Cancels the running turn: graceful asks the loop to stop at its next check point. */
  async cancel(immediate: boolean): Promise<void> {
    if (immediate) {
      this.#turnAbort?.abort();
      this.#approval.cancelAll("The turn was cancelled.");
    }
    await this.session.coordinator.request_cancel(immediate);
  }

  /** The stored (never compacted) history. */
  async messages(): Promise<Message[]> {
    const context = this.session.coordinator.get("context");
    if (!context) return [];
    return structuredClone(await context.get_messages());
  }

  /** The view the provider last received, with the latest compaction's figures and what it answered. */
  lastRequest(): LastRequest | undefined {
    if (this.#lastRequest === undefined) return undefined;
    const copy = structuredClone(this.#lastRequest);
    const response = this.#lastResponse.last;
    return {
      ...copy,
      ...(this.#compaction === undefined ? {} : { compaction: structuredClone(this.#compaction) }),
      ...(response === undefined ? {} : { response }),
    };
  }

  /** Ends the session (cleanups in reverse order, sandboxes released, `session:end` delivered). Idempotent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#turnAbort?.abort();
      this.#approval.cancelAll("The session was closed.");
      await this.session.cleanup();
      await this.#sandboxes[Symbol.asyncDispose]();
      await this.#forwarder.flush();
      this.#stopObserving();
    })();
    return this.#closed;
  }

  #watchRequests(context: ContextManager): void {
    const original = context.get_messages_for_request.bind(context);
    const watched = async (options?: MessagesForRequestOptions): Promise<Message[]> => {
      const messages = await original(options);
      const request: { -readonly [K in keyof LastRequest]?: LastRequest[K] } = {
        messages: messages.slice(),
        at: this.#now().toISOString(),
      };
      if (options?.token_budget !== undefined) request.token_budget = options.token_budget;
      const provider = options?.provider?.name;
      if (typeof provider === "string") request.provider = provider;
      this.#lastRequest = request as Omit<LastRequest, "compaction">;
      this.#lastResponse.requested();
      return messages;
    };
    try {
      context.get_messages_for_request = watched;
    } catch {
      // A frozen context still works; the page just has no view of its requests.
    }
  }
}
