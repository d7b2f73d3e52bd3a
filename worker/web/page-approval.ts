/**
 * The worker's ApprovalSystem: it asks the page through the proxied `approve` callback, waits at
 * most the HookResult's timeout, and tells the page when a question needs no answer any more.
 * It fails closed: no page, a page that throws or answers nonsense, all deny.
 */
import {
  type ApprovalAsker,
  type ApprovalDefault,
  type ApprovalSystem,
  approvalTimeoutError,
} from "../../src/approval.ts";
import { KernelError } from "../../src/errors.ts";
import type { PageCallbacks } from "./protocol.ts";

/** Options of {@link PageApproval}. */
export interface PageApprovalOptions {
  readonly sessionId: string;
  readonly page: () => PageCallbacks | undefined;
  /** The turn running now, so the page can route the request to that turn's handler. */
  readonly turn: () => number | undefined;
  readonly newId: () => string;
}

interface Pending {
  readonly requestId: string;
  readonly fail: (error: KernelError) => void;
}

const DENY = "Deny";
/** setTimeout's largest delay; a longer approval timeout waits this long. */
const MAX_DELAY_MS = 2_147_483_647;

/** Asks the page to decide, with a deadline. */
export class PageApproval implements ApprovalSystem {
  readonly #pending = new Set<Pending>();

  constructor(private readonly options: PageApprovalOptions) {}

  request_approval(
    prompt: string,
    options: readonly string[],
    timeout: number,
    default_: ApprovalDefault,
    asker?: ApprovalAsker,
  ): Promise<string> {
    const page = this.options.page();
    if (page === undefined) return Promise.resolve(DENY);
    const requestId = this.options.newId();
    const request = {
      request_id: requestId,
      session_id: this.options.sessionId,
      prompt,
      options: [...options],
      timeout,
      default: default_,
      ...(asker === undefined ? {} : { source: asker.source }),
      ...(asker?.tool_call_id === undefined ? {} : { tool_call_id: asker.tool_call_id }),
      ...(asker?.tool_name === undefined ? {} : { tool_name: asker.tool_name }),
      turn: this.options.turn(),
    };
    return new Promise<string>((resolve, reject) => {
      let done = false;
      const finish = (settle: () => void, notifyPage: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.#pending.delete(pending);
        settle();
        if (notifyPage) void Promise.resolve(page.settled(requestId)).catch(() => undefined);
      };
      const pending: Pending = { requestId, fail: (error) => finish(() => reject(error), true) };
      const delay = Math.min(Math.max(0, timeout * 1000), MAX_DELAY_MS);
      const timer = setTimeout(() => pending.fail(approvalTimeoutError(prompt, timeout)), delay);
      this.#pending.add(pending);
      Promise.resolve()
        .then(() => page.approve(request))
        .then(
          (answer) => finish(() => resolve(typeof answer === "string" ? answer : DENY), false),
          () => finish(() => resolve(DENY), false),
        );
    });
  }

  /** Withdraws every open question (the turn was cancelled or the session closed). */
  cancelAll(reason: string): void {
    for (const pending of [...this.#pending]) pending.fail(new KernelError("cancelled", reason));
  }
}
