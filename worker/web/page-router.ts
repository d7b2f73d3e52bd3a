/**
 * The page side of the callbacks the worker calls: events routed to the session's and the turn's
 * listeners, approvals to the turn's handler (else the client's), and each approval's signal
 * aborted when the worker says the question needs no answer any more.
 */
import type { ApprovalHandler, WebEvent, WebEventListener } from "./client-types.ts";
import type { PageCallbacks, WireApprovalRequest, WireEvent } from "./protocol.ts";

interface TurnRoute {
  readonly onEvent: WebEventListener | undefined;
  readonly onApproval: ApprovalHandler | undefined;
}

const DENY = "Deny";

/** Routes what the worker sends to the listeners the page registered. */
export class PageRouter {
  readonly #sessions = new Map<string, WebEventListener | undefined>();
  readonly #turns = new Map<number, TurnRoute>();
  readonly #approvals = new Map<string, AbortController>();

  constructor(private readonly fallbackApproval: ApprovalHandler | undefined) {}

  /** The callbacks to proxy to the worker. */
  readonly callbacks: PageCallbacks = {
    events: (batch) => {
      for (const event of batch) this.#dispatch(event);
    },
    approve: (request) => this.#approve(request),
    settled: (requestId) => {
      this.#approvals.get(requestId)?.abort();
      this.#approvals.delete(requestId);
    },
  };

  addSession(id: string, onEvent: WebEventListener | undefined): void {
    this.#sessions.set(id, onEvent);
  }

  removeSession(id: string): void {
    this.#sessions.delete(id);
  }

  beginTurn(turn: number, route: TurnRoute): void {
    this.#turns.set(turn, route);
  }

  endTurn(turn: number): void {
    this.#turns.delete(turn);
  }

  /** Aborts every open approval (the client is being disposed). */
  abortAll(): void {
    for (const controller of this.#approvals.values()) controller.abort();
    this.#approvals.clear();
  }

  #dispatch(wire: WireEvent): void {
    const event: WebEvent = { name: wire.name, data: wire.data, seq: wire.seq };
    deliver(this.#sessions.get(wire.session_id), event);
    if (wire.turn !== undefined) deliver(this.#turns.get(wire.turn)?.onEvent, event);
  }

  async #approve(wire: WireApprovalRequest): Promise<string> {
    const handler =
      (wire.turn === undefined ? undefined : this.#turns.get(wire.turn)?.onApproval) ?? this.fallbackApproval;
    if (handler === undefined) return DENY;
    const { turn: _turn, ...request } = wire;
    const controller = new AbortController();
    this.#approvals.set(wire.request_id, controller);
    try {
      const answer = await handler(request, { signal: controller.signal });
      return typeof answer === "string" ? answer : DENY;
    } catch (error) {
      report(error);
      return DENY;
    } finally {
      this.#approvals.delete(wire.request_id);
    }
  }
}

function deliver(listener: WebEventListener | undefined, event: WebEvent): void {
  if (listener === undefined) return;
  try {
    listener(event);
  } catch (error) {
    report(error);
  }
}

/** A listener's own bug goes to the console, not into the kernel's event stream. */
function report(error: unknown): void {
  const reportError = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (reportError) reportError(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}
