/** The page's handle on one session in the worker. */
import { KernelError } from "../../src/errors.ts";
import type { Message } from "../../src/models/index.ts";
import type { SessionStatusReport } from "../../src/session-options.ts";
import type {
  HookFireReport,
  LastRequest,
  ToolCallReport,
  WebExecuteOptions,
  WebProbeOptions,
  WebSession,
  WebToolInfo,
} from "./client-types.ts";
import type { PageRouter } from "./page-router.ts";
import type { RemoteHost } from "./remote-call.ts";

let turns = 0;

/** A WebSession over the worker host's session calls. */
export class RemoteWebSession implements WebSession {
  #closed: Promise<void> | undefined;

  constructor(
    readonly id: string,
    private readonly host: RemoteHost,
    private readonly router: PageRouter,
    private readonly onClosed: (session: RemoteWebSession) => void,
  ) {}

  /** Marks the handle closed without asking the worker (the session was deleted). */
  markClosed(): void {
    this.#closed ??= Promise.resolve();
    this.router.removeSession(this.id);
    this.onClosed(this);
  }

  async execute(prompt: string, options: WebExecuteOptions = {}): Promise<string> {
    this.#checkOpen();
    const { signal } = options;
    if (signal?.aborted) throw new KernelError("cancelled", "The turn was cancelled before it started.");
    turns++;
    const turn = turns;
    this.router.beginTurn(turn, { onEvent: options.onEvent, onApproval: options.onApproval });
    // AbortSignal cannot cross comlink: the page's abort becomes an immediate cancel in the worker.
    const onAbort = () => void this.cancel(true).catch(() => undefined);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      return await this.host.call((remote) => remote.execute(this.id, prompt, turn));
    } finally {
      signal?.removeEventListener("abort", onAbort);
      this.router.endTurn(turn);
    }
  }

  async cancel(immediate = false): Promise<void> {
    this.#checkOpen();
    return this.host.call((remote) => remote.cancel(this.id, immediate));
  }

  async messages(): Promise<Message[]> {
    this.#checkOpen();
    return this.host.call((remote) => remote.messages(this.id));
  }

  async lastRequest(): Promise<LastRequest | undefined> {
    this.#checkOpen();
    return this.host.call((remote) => remote.lastRequest(this.id));
  }

  async status(): Promise<SessionStatusReport> {
    this.#checkOpen();
    return this.host.call((remote) => remote.status(this.id));
  }

  async tools(): Promise<WebToolInfo[]> {
    this.#checkOpen();
    return this.host.call((remote) => remote.tools(this.id));
  }

  async hooks(): Promise<Record<string, string[]>> {
    this.#checkOpen();
    return this.host.call((remote) => remote.hooks(this.id));
  }

  callTool(name: string, input: Record<string, unknown>, options: WebProbeOptions = {}): Promise<ToolCallReport> {
    return this.#probe(options, (turn) => this.host.call((remote) => remote.callTool(this.id, name, input, turn)));
  }

  fireHook(event: string, data: Record<string, unknown>, options: WebProbeOptions = {}): Promise<HookFireReport> {
    return this.#probe(options, (turn) => this.host.call((remote) => remote.fireHook(this.id, event, data, turn)));
  }

  /** A probe is routed like a turn: its events and approvals reach the options' listeners. */
  async #probe<T>(options: WebProbeOptions, call: (turn: number) => Promise<T>): Promise<T> {
    this.#checkOpen();
    turns++;
    const turn = turns;
    this.router.beginTurn(turn, { onEvent: options.onEvent, onApproval: options.onApproval });
    try {
      return await call(turn);
    } finally {
      this.router.endTurn(turn);
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new KernelError("not_initialized", `Session ${this.id} was closed; resume it to continue.`);
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      try {
        if (!this.host.disposed) await this.host.call((remote) => remote.closeSession(this.id));
      } finally {
        this.router.removeSession(this.id);
        this.onClosed(this);
      }
    })();
    return this.#closed;
  }
}
